// Levy funds expire by the rule in force when they were paid in: L&D changing "months before unused funds
// expire" (24 to 12, say) is a new rule for money paid in from then on. Funds already in the account keep
// the day they expire, so the balance, what has expired, the warnings and the forecast stay as they were,
// and a change back does not bring expired funds back. Through the real funding and settings pages, their
// actions and the reversal's, on a migrated database; the account holds only what each test records.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import * as funding from "../routes/funding";
import * as reversePage from "../routes/funding.$entryId.reverse";
import * as settingsPage from "../routes/settings";
import { apprenticeshipDb } from "../server/db.server";
import { addMonths, ledgerByDay } from "../server/ledger.server";
import { money } from "../server/money";
import { saveApprenticeshipSettings } from "../server/settings.server";

const today = londonToday();
const FUNDING = `/programmes/${PLUGIN_ID}/funding`;
const SETTINGS = `/programmes/${PLUGIN_ID}/settings`;
/** Levy paid in eighteen months ago: unexpired under the default 24 months, six months expired under 12. */
const EARLIER = addMonths(today, -18);
const pounds = (pence: number) => money(pence, "en-GB");

type FundingPage = { position: Record<string, string>; expiring: unknown[]; months: unknown[] };
const loadFunding = async () => (await run(funding.loader, await requestAs("ld", FUNDING))).data as FundingPage;
const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** Levy recorded on the funding form, as L&D record it (its 10% top-up with it). */
async function recordLevy(occurredOn: string, amount: string) {
  expect((await run(funding.action, await requestAs("ld", FUNDING, post({ kind: "levy", occurredOn, amount })))).status).toBe(303);
  return apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", "levy").orderBy("id", "desc").executeTakeFirstOrThrow();
}

async function recordPayment(occurredOn: string, amount: string) {
  const apprentice = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", PLUGIN_ID).where("e.status", "=", "enrolled").orderBy("e.id").executeTakeFirstOrThrow();
  expect((await run(funding.action, await requestAs("ld", FUNDING, post({ kind: "payment", occurredOn, amount, person: String(apprentice.person_id) })))).status).toBe(303);
}

/** L&D saving the settings page with the expiry months changed, the rest as they are. */
async function changeExpiryTo(expiryMonths: number) {
  const fields = Object.fromEntries(Object.entries({ ...DEFAULT_SETTINGS, expiryMonths }).map(([k, v]) => [k, String(v)]));
  expect((await run(settingsPage.action, await requestAs("ld", SETTINGS, post(fields)))).status).toBe(303);
}

beforeAll(seedDemo);

beforeEach(async () => {
  // Only what the test records: the demo's eighteen months of levy would blur the sums.
  await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
  await saveApprenticeshipSettings(DEFAULT_SETTINGS, SYSTEM_ACTOR);
});

describe("changing the months before unused funds expire", () => {
  it("leaves money paid in before the change to expire by the rule it was paid in under", async () => {
    await recordLevy(EARLIER, "10,000");
    const before = await loadFunding();
    expect(before.position).toMatchObject({ balance: pounds(1_100_000), expired: pounds(0) });

    await changeExpiryTo(12);

    const after = await loadFunding();
    expect(after.position).toEqual(before.position);
    expect(after.expiring).toEqual(before.expiring);
    expect(after.months).toEqual(before.months);
  });

  it("dates money paid in after the change by the new rule, and a change back does not bring it back", async () => {
    await recordLevy(EARLIER, "10,000");
    await changeExpiryTo(12);
    // Thirteen months ago under twelve months: expired a month ago, the earlier levy still held.
    await recordLevy(addMonths(today, -13), "1,000");
    const underNewRule = await loadFunding();
    expect(underNewRule.position).toMatchObject({ balance: pounds(1_100_000), paidIn: pounds(1_210_000), expired: pounds(110_000) });

    await changeExpiryTo(24);

    expect((await loadFunding()).position).toEqual(underNewRule.position);
  });

  it("keeps money in on one day under two rules apart: spent soonest expiring first, and a reversal takes back only its own", async () => {
    const first = await recordLevy(EARLIER, "10,000");
    await changeExpiryTo(12);
    await recordLevy(EARLIER, "5,000");
    const lines = (await ledgerByDay()).filter((e) => e.occurred_on === EARLIER);
    expect(lines).toEqual([
      { occurred_on: EARLIER, kind: "levy", amount_pence: 550_000, person_id: null, expires_on: addMonths(EARLIER, 12) },
      { occurred_on: EARLIER, kind: "levy", amount_pence: 1_100_000, person_id: null, expires_on: addMonths(EARLIER, 24) },
    ]);
    expect((await loadFunding()).position).toMatchObject({ balance: pounds(1_100_000), expired: pounds(550_000) });

    // The earlier levy reversed: what is left is the later one alone, expired under its own rule.
    const reversed = await run(reversePage.action, await requestAs("ld", `${FUNDING}/${first.id}/reverse`, post({ reason: "Recorded twice." })), { entryId: String(first.id) });
    expect(reversed.status).toBe(303);
    expect((await ledgerByDay()).filter((e) => e.occurred_on === EARLIER)).toEqual([lines[0]]);
    expect((await loadFunding()).position).toMatchObject({ balance: pounds(0), paidIn: pounds(550_000), expired: pounds(550_000) });
  });

  it("spends money in on one day that expires sooner before money that day that expires later", async () => {
    await recordLevy(EARLIER, "10,000");
    await changeExpiryTo(12);
    await recordLevy(EARLIER, "5,000");
    // Spent the day after: the £5,500 paid in under twelve months, so nothing is left to expire.
    await recordPayment(addMonths(EARLIER, 1), "5,500");
    expect((await loadFunding()).position).toMatchObject({ balance: pounds(1_100_000), spent: pounds(550_000), expired: pounds(0) });
  });

  it("says beside the field, in English and Welsh, that a change applies to money paid in from then on", async () => {
    for (const locale of ["en-GB", "cy"] as const) {
      const shown = await run(settingsPage.loader, await requestAs("ld", `${SETTINGS}?lng=${locale}`));
      const html = decodeHtml(await renderedAfterPost(settingsPage.default, shown.data, null, locale));
      const hint = fixedT(locale)("apprenticeship:settings.expiryHint");
      expect(hint).not.toBe("settings.expiryHint");
      expect(html).toMatch(new RegExp(`id="[^"]*expiryMonths-hint"[^>]*>[^<]*${hint.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    expect(fixedT("cy")("apprenticeship:settings.expiryHint")).toContain("o hynny ymlaen");
  });
});
