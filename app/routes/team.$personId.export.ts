import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../services/personal-data.server";
import { authorize, refuseMethod } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { canSeePerson } from "../utils/permissions.server";

// An admin answering a subject access request downloads everything held about one person.
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, locale, actor } = await authorize(request, "person.export");
  const personId = parseId(params.personId);
  // Through the scope function as the person's page is. Only admins may export today, and their scope is
  // everyone, so this refuses nobody yet: it keeps the download within scope should the permission ever be
  // given to a role that sees only some people.
  if (!personId || !(await canSeePerson(viewer, personId))) notFound();
  return (await personalDataResponse(personId, locale, actor, request.signal)) ?? notFound();
}
