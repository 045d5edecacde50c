import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../services/personal-data.server";
import { authorize, refuseMethod } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";

// An admin answering a subject access request downloads everything held about one person.
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, actor } = await authorize(request, "person.export");
  const personId = parseId(params.personId);
  if (!personId) notFound();
  return (await personalDataResponse(personId, locale, actor)) ?? notFound();
}
