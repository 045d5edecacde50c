import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { dismissNotice } from "../services/notices.server";
import { authorize } from "../utils/guard.server";
import { methodNotAllowed, notFound, parseId } from "../utils/http.server";

// Dismissing one of your own notices. Someone else's notice is "not found".
export async function loader() {
  methodNotAllowed();
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor } = await authorize(request, "me.view");
  const noticeId = parseId(params.noticeId);
  if (!noticeId || !(await dismissNotice(viewer.personId, noticeId, actor))) notFound();
  throw redirect("/me");
}
