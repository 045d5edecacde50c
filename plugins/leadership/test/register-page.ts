// A session's register as a person opens it: the fields its form would send, read from the page the server
// renders as a browser without JavaScript would post them (each row's mark as shown, in a hidden field, and
// its radio ticked), for tests to change a mark or two and post it, perhaps after a colleague has.
import { requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as register from "../routes/sessions.$sessionId.register";

export const registerPath = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/register`;

/** The register's form fields as `who` is shown them now, by name (one radio group and one hidden field a row). */
export async function registerOpenedBy(sessionId: number, who: DemoAccount = "ld"): Promise<Record<string, string>> {
  const loaded = await run(register.loader, await requestAs(who, registerPath(sessionId)), { sessionId: String(sessionId) });
  const html = await renderedAfterPost(register.default, loaded.data, null);
  const [form] = postForms(html, `http://localhost${registerPath(sessionId)}`);
  if (!form) throw new Error("The register offers no form");
  return Object.fromEntries(form.fields);
}

/** Posts a register as `who`: the fields a page gave, with the choices made on it and the button pressed. */
export async function postRegister(sessionId: number, fields: Record<string, string>, who: DemoAccount = "ld") {
  return run(register.action, await requestAs(who, registerPath(sessionId), { method: "POST", body: new URLSearchParams(fields) }), { sessionId: String(sessionId) });
}
