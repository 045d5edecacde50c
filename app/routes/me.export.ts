import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../services/personal-data.server";
import { authorize, refuseMethod } from "../utils/guard.server";
import { notFound } from "../utils/http.server";

// A download of your own data. POST, because each disclosure is audited.
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, locale, actor } = await authorize(request, "me.view");
  return (await personalDataResponse(viewer.personId, locale, actor, request.signal)) ?? notFound();
}
