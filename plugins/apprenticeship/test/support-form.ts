// The manager's support form as its page draws it: the answer, with the application as the page showed it
// (the hidden `shown`), so a test sends what a person on that page would.
import { requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as supportPage from "../routes/applications.$applicationId.support";

export const supportPath = (id: number) => `/programmes/${PLUGIN_ID}/applications/${id}/support`;

/** What the support page shows `account` of the application: its `shown` field, or nothing for a page they may not open. */
export async function supportShown(account: DemoAccount, id: number) {
  const page = await run(supportPage.loader, await requestAs(account, supportPath(id)), { applicationId: String(id) });
  return page.status === 200 ? (page.data as { shown: string }).shown : undefined;
}

/** Sends `fields` as `account` from the support page as drawn now; `shown` overrides the page's (an older page's). */
export async function sendSupport(account: DemoAccount, id: number, fields: Record<string, string>, shown?: string) {
  const asShown = shown ?? (await supportShown(account, id));
  const body = new URLSearchParams({ ...fields, ...(asShown === undefined ? {} : { shown: asShown }) });
  return run(supportPage.action, await requestAs(account, supportPath(id), { method: "POST", body }), { applicationId: String(id) });
}
