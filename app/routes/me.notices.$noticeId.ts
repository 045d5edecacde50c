import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { dismissedAlready, dismissNotice } from "../services/notices.server";
import { readFormData } from "../utils/form-data.server";
import { authorize, refuseMethod } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";

// Dismissing one of your own notices, once or again. Someone else's notice is "not found".
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

/**
 * Back to the page of notices the form was on, so someone working through page 2 need not page forward
 * again (a page past the end, as when the last notice of the last page goes, shows the last); /me itself
 * when the form named no page, or nothing that is a page.
 */
function backToNotices(form: FormData) {
  const page = parseId(String(form.get("page") ?? ""));
  return page && page > 1 ? `/me?page=${page}` : "/me";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor } = await authorize(request, "me.view");
  const noticeId = parseId(params.noticeId);
  if (!noticeId) notFound();
  const form = await readFormData(request);
  // A second click (or a second tab) finds it dismissed already: the person gets what they asked for.
  if (!(await dismissNotice(viewer.personId, noticeId, actor)) && !(await dismissedAlready(viewer.personId, noticeId))) notFound();
  throw redirect(backToNotices(form));
}
