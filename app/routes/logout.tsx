import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "../services/audit.server";
import { endSession, readSession } from "../utils/auth.server";
import { refuseMethod } from "../utils/guard.server";

// Signing out changes state, so it is a POST only; a GET here is a plain 405.
export async function loader({ request }: LoaderFunctionArgs) {
  await refuseMethod(request);
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await readSession(request);
  if (session) {
    await recordAudit(
      { userId: session.user.userId, personId: session.user.personId },
      { action: "auth.signed_out", subjectType: "user", subjectId: session.user.userId, personId: session.user.personId },
    );
  }
  throw redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
}
