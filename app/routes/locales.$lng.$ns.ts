import type { LoaderFunctionArgs } from "@remix-run/node";
import { resourcesFor } from "../utils/i18n.server";
import { isSupportedLocale } from "../utils/i18n";
import { notFound } from "../utils/http.server";

/** One namespace's translations for the browser, loaded by i18next-http-backend after hydration. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { lng, ns } = params;
  if (!isSupportedLocale(lng) || !ns) notFound();
  // Own names only: "toString" and the like are on every object, and answered 500.
  const namespaces = resourcesFor(lng);
  if (!Object.hasOwn(namespaces, ns)) notFound();
  const resources = namespaces[ns];
  return Response.json(resources, { headers: { "Cache-Control": "public, max-age=300" } });
}
