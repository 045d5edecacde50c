// The completion form on an apprentice's page as the page draws it: the fields, with the completion as the
// page showed it (the hidden `shown`), so a test sends what L&D on that page would.
import { requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as apprenticePage from "../routes/apprentices.$personId";

export const apprenticePath = (personId: number) => `/programmes/${PLUGIN_ID}/apprentices/${personId}`;

/** The completion as the apprentice's page shows it to `account` now: its `completionShown`. */
export async function completionShown(account: DemoAccount, personId: number) {
  const page = await run(apprenticePage.loader, await requestAs(account, apprenticePath(personId)), { personId: String(personId) });
  return (page.data as { completionShown: string }).completionShown;
}

/** Sends the completion form as `account` from the page as drawn now (`query` such as "?lng=cy"); `shown` overrides the page's (an older page's). */
export async function sendCompletion(personId: number, fields: Record<string, string>, { account = "ld", query = "", shown }: { account?: DemoAccount; query?: string; shown?: string } = {}) {
  const body = new URLSearchParams({ intent: "completion", ...fields, shown: shown ?? (await completionShown(account, personId)) });
  return run(apprenticePage.action, await requestAs(account, `${apprenticePath(personId)}${query}`, { method: "POST", body }), { personId: String(personId) });
}
