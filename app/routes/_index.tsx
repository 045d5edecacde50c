import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homeFor } from "../services/sign-in.server";
import { readSession } from "../utils/auth.server";

/** The front page sends each role to its home, and anyone else to sign in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await readSession(request);
  throw redirect(session ? homeFor(session.user.roles) : "/login");
}
