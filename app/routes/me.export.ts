import type { ActionFunctionArgs } from "@remix-run/node";
import { personalDataResponse } from "../services/personal-data.server";
import { authorize } from "../utils/guard.server";
import { methodNotAllowed, notFound } from "../utils/http.server";

// A download of your own data. POST, because each disclosure is audited.
export async function loader() {
  methodNotAllowed();
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, locale, actor } = await authorize(request, "me.view");
  return (await personalDataResponse(viewer.personId, locale, actor)) ?? notFound();
}
