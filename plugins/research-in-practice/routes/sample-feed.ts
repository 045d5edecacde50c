import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../../../app/utils/env.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { SAMPLE_FEED_TOKEN } from "../server/config.server";
import { sampleFeedPage } from "../server/sample-feed.server";

/**
 * The bundled sample catalogue, served as the provider's feed would be (paged, bearer token), in demo
 * mode only, so `npm run demo` syncs without a network. Production reads RIP_FEED_URL.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env.isDemo) notFound();
  if (request.headers.get("Authorization") !== `Bearer ${SAMPLE_FEED_TOKEN}`) return new Response(null, { status: 401 });
  const url = new URL(request.url);
  const since = url.searchParams.get("since");
  return Response.json(sampleFeedPage(parseId(url.searchParams.get("page")) ?? 1, since && !Number.isNaN(Date.parse(since)) ? since : null));
}
