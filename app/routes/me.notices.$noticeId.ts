import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { dismissedAlready, dismissNotice } from "../services/notices.server";
import { authorize, refuseMethod } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";

// Dismissing one of your own notices, once or again. Someone else's notice is "not found".
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor } = await authorize(request, "me.view");
  const noticeId = parseId(params.noticeId);
  if (!noticeId) notFound();
  // A second click (or a second tab) finds it dismissed already: the person gets what they asked for.
  if (!(await dismissNotice(viewer.personId, noticeId, actor)) && !(await dismissedAlready(viewer.personId, noticeId))) notFound();
  throw redirect("/me");
}
