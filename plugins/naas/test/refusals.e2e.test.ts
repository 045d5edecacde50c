// NAAS refusals in real Chromium, in English and Welsh, with axe finding nothing: a booking refused because
// the manager took the endorsement back while the page was open, a request for endorsement on a track the
// page never offers, and a suggested piece of evidence accepted or dismissed by an id that is not the person's.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { offerEvidence } from "../../../app/services/evidence.server";
import { expectRefusal, openPage, sendInstead } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf } from "../../../tests/support/fixtures";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { naasDb } from "../server/db.server";
import { placeOnTrack, statementIds } from "./support";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let ids: { alex: number; sixth: number; strangersOffer: number };

beforeAll(async () => {
  const alex = await personIdOf("practitioner");
  const sixth = (await statementIds("kss-practitioner"))[5];
  // A suggestion for the practitioner's sixth statement, and one made to someone else.
  await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:axe", statementRefs: ["kss-practitioner:6"], title: "Care Planning for Permanence", occurredOn: "2026-10-01" });
  const stranger = await personIdOf("asye");
  await offerEvidence({ personId: stranger, source: "leadership", sourceRef: "course:axe", statementRefs: ["kss-practitioner:6"], title: "Not theirs", occurredOn: "2026-10-01" });
  const strangersOffer = await naasDb().selectFrom("evidence_offers").select("id").where("person_id", "=", stranger).where("source_ref", "=", "course:axe").executeTakeFirstOrThrow();
  ids = { alex, sixth, strangersOffer: strangersOffer.id };
});

const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("refuses a booking once the endorsement was taken back meanwhile, passing axe", async () => {
    await naasDb().deleteFrom("naas_candidates").where("person_id", "=", ids.alex).execute();
    await placeOnTrack(ids.alex);
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, "/programmes/naas/book?track=practitioner");
    await page.locator("form#book input[type=radio]").first().check();
    await naasDb().updateTable("naas_candidates").set({ endorsement: "not_yet" }).where("person_id", "=", ids.alex).execute();
    await expectRefusal(page, "form#book button[type=submit]", textOf(locale).book.errors.notEndorsed);
    expect(await naasDb().selectFrom("naas_candidates").select("window_id").where("person_id", "=", ids.alex).executeTakeFirstOrThrow()).toEqual({ window_id: null });
    await context.close();
  });

  it("without JavaScript, says why a booking was refused without linking to the choices it no longer shows", async () => {
    await naasDb().deleteFrom("naas_candidates").where("person_id", "=", ids.alex).execute();
    await placeOnTrack(ids.alex);
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale, false);
    await openPage(page, suite.url, "/programmes/naas/book?track=practitioner");
    await page.locator("form#book input[type=radio]").first().check();
    await naasDb().updateTable("naas_candidates").set({ endorsement: "not_yet" }).where("person_id", "=", ids.alex).execute();
    await page.click("form#book button[type=submit]");
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain(textOf(locale).book.errors.notEndorsed);
    expect(await page.locator("form#book").count()).toBe(0);
    expect(await summary.locator("a").count()).toBe(0);
    await context.close();
  });

  it("refuses asking for endorsement on a track the page does not offer, passing axe", async () => {
    await naasDb().deleteFrom("naas_candidates").where("person_id", "=", ids.alex).execute();
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, "/programmes/naas");
    await sendInstead(page, "main form input[name=track][value=practitioner]", "no-such-track");
    await expectRefusal(page, "main form:has(input[name=track][value=no-such-track]) button", textOf(locale).home.errors.notEligible);
    expect(await naasDb().selectFrom("naas_candidates").select("person_id").where("person_id", "=", ids.alex).execute()).toEqual([]);
    await context.close();
  });

  it.each(["accepted", "dismissed"])("refuses a suggestion %s by an id that is not the person's, passing axe", async (decision) => {
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, `/programmes/naas/statements/${ids.sixth}`);
    const offer = "main li.pathways-offer form";
    await sendInstead(page, `${offer} input[name=offer]`, String(ids.strangersOffer));
    await expectRefusal(page, `${offer} button[value=${decision}] >> nth=0`, textOf(locale).errors.offer);
    expect(await naasDb().selectFrom("naas_offer_decisions").select("offer_id").execute()).toEqual([]);
    await context.close();
  });
});
