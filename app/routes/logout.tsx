import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { recordAudit } from "../services/audit.server";
import { endSession, readSession } from "../utils/auth.server";

// Signing out changes state, so it is a POST only; a GET here is a plain 405.
export async function loader() {
  throw new Response("Method not allowed", { status: 405 });
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
