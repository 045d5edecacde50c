// "Not yet accredited" is not the end: the person may book another assessment on the endorsement they
// have, and the page and the notice that tell them the outcome both say so.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { candidate, clearJourney, form, openAs } from "./support";

beforeAll(seedDemo);

const now = new Date().toISOString();
const LOCALES = ["en-GB", "cy"] as const;
let alex: number;
let nextWindow: number;

const newWindow = async (knowledgeOn: string) =>
  (await naasDb().insertInto("naas_windows").values({ track: "practitioner", knowledge_on: knowledgeOn, knowledge_place: "Room", practice_on: knowledgeOn, practice_place: "Centre", capacity: 10, created_at: now }).returning("id").execute())[0].id;

/** Alex endorsed and booked, then L&D record "not yet accredited" through the person page. */
beforeEach(async () => {
  alex = await personIdOf("practitioner");
  await clearJourney(alex);
  await db().deleteFrom("notices").where("person_id", "=", alex).execute();
  // The assessment Alex sat, and one still to come to book next.
  const first = await newWindow("2026-11-01");
  nextWindow = await newWindow("2099-09-01");
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: alex, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: await personIdOf("manager"), endorsed_at: now, window_id: first, booked_at: now, outcome: null, outcome_on: null, outcome_by: null, updated_at: now })
    .execute();
  const person = await import("../routes/people.$personId");
  const recorded = await run(person.action, await requestAs("ld", `/programmes/naas/people/${alex}?track=practitioner`, form({ intent: "outcome", outcome: "not_yet_accredited", outcomeOn: "2026-11-20" })), { personId: String(alex) });
  expect(recorded.status).toBe(303);
});

async function homeHtml(locale: (typeof LOCALES)[number]) {
  const home = await import("../routes/index");
  const data = (await run(home.loader, await requestAs("practitioner", `/programmes/naas?lng=${locale}`))).data;
  return decodeHtml(await renderedAfterPost(home.default, data, null, locale));
}

describe("after not yet accredited", () => {
  it("offers to book another assessment, in either language, and the booking is taken", async () => {
    for (const locale of LOCALES) {
      const t = fixedT(locale, "naas");
      const html = await homeHtml(locale);
      expect(html).toContain(t("home.notYetAccredited"));
      expect(html).toMatch(new RegExp(`href="[^"]*book\\?track=practitioner">${t("home.bookAgain")}</a>`));
      expect(html).not.toContain(t("home.notYetAccreditedNotEndorsed"));
    }
    expect(await openAs("practitioner", "/programmes/naas/book?track=practitioner")).toEqual({ status: 200, location: null });
    const book = await import("../routes/book");
    const offered = (await run(book.loader, await requestAs("practitioner", "/programmes/naas/book?track=practitioner"))).data as { endorsed: boolean; windows: { id: number }[] };
    expect(offered.endorsed).toBe(true);
    expect(offered.windows.map((w) => w.id)).toContain(nextWindow);
    expect((await run(book.action, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: String(nextWindow) })))).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: nextWindow, outcome: null, outcome_on: null });
  });

  it("tells the person in the notice that they can book another assessment", async () => {
    for (const locale of LOCALES) {
      const notices = ((await run(me.loader, await requestAs("practitioner", `/me?lng=${locale}`))).data as { notices: { text: string; href: string | null }[] }).notices;
      const notice = notices.find((n) => n.text === fixedT(locale, "naas")("notices.not_yet_accredited"))!;
      expect(notice.href).toBe("/programmes/naas");
    }
    expect(fixedT("en-GB", "naas")("notices.not_yet_accredited")).toContain("book another assessment");
    expect(fixedT("cy", "naas")("notices.not_yet_accredited")).toContain("archebwch asesiad arall");
  });

  it("says what to do instead when the endorsement no longer stands", async () => {
    await naasDb().updateTable("naas_candidates").set({ endorsement: null }).where("person_id", "=", alex).where("track", "=", "practitioner").execute();
    for (const locale of LOCALES) {
      const t = fixedT(locale, "naas");
      const html = await homeHtml(locale);
      expect(html).toContain(t("home.notYetAccreditedNotEndorsed"));
      expect(html).not.toContain(t("home.bookAgain"));
    }
  });
});
