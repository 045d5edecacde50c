// L&D reach the page where an outcome is recorded from the window the person is booked on: each window's
// page lists its people, a page at a time, with their outcome once recorded. Names are for L&D only.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { BOOKINGS_PAGE_SIZE } from "../server/windows.server";
import { clearJourney, openAs } from "./support";

beforeAll(seedDemo);

const now = new Date().toISOString();
const windowsRoute = () => import("../routes/windows");
const windowRoute = () => import("../routes/windows.$windowId");

type WindowPage = { title: string; page: number; pageCount: number; people: { id: number; name: string; href: string; outcome: string }[] };

async function newWindow(place: string) {
  const [row] = await naasDb().insertInto("naas_windows").values({ track: "practitioner", knowledge_on: "2099-05-01", knowledge_place: place, practice_on: "2099-05-08", practice_place: "Centre", capacity: 500, created_at: now }).returning("id").execute();
  return row.id;
}

async function book(personId: number, windowId: number, outcome: "not_yet_accredited" | null = null) {
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: personId, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: null, endorsed_at: now, window_id: windowId, booked_at: now, outcome, outcome_on: outcome ? "2026-11-20" : null, outcome_by: null, updated_at: now })
    .execute();
}

const nameOf = async (personId: number) => {
  const p = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", personId).executeTakeFirstOrThrow();
  return `${p.given_name} ${p.family_name}`;
};

describe("the people booked on an assessment window", () => {
  it("are listed for L&D, each linking to the page where their outcome is recorded, with any outcome", async () => {
    const alex = await personIdOf("practitioner");
    const asye = await personIdOf("asye");
    await clearJourney(alex);
    await clearJourney(asye);
    const windowId = await newWindow("Hall for two");
    await book(alex, windowId);
    await book(asye, windowId, "not_yet_accredited");

    // The windows page links to the window's own page, in either language.
    const windows = await windowsRoute();
    for (const locale of ["en-GB", "cy"] as const) {
      const listed = (await run(windows.loader, await requestAs("ld", `/programmes/naas/windows?lng=${locale}`))).data as { windows: { id: number; href: string }[] };
      const href = listed.windows.find((w) => w.id === windowId)!.href;
      expect(href).toBe(`/programmes/naas/windows/${windowId}`);
      const html = decodeHtml(await renderedAfterPost(windows.default, listed, null, locale));
      expect(html).toContain(`href="${href}"`);
      expect(html).toContain(fixedT(locale, "naas")("windows.seeBooked"));
      expect(await openAs("ld", href)).toEqual({ status: 200, location: null });
    }

    const page = await windowRoute();
    const shown = (await run(page.loader, await requestAs("ld", `/programmes/naas/windows/${windowId}`), { windowId: String(windowId) })).data as WindowPage;
    expect(shown.people.map((p) => [p.name, p.outcome]).sort()).toEqual([[await nameOf(alex), "Not recorded yet"], [await nameOf(asye), "Not yet accredited, 20 November 2026"]].sort());
    const alexRow = shown.people.find((p) => p.id === alex)!;
    expect(alexRow.href).toBe(`/programmes/naas/people/${alex}?track=practitioner`);
    expect(await openAs("ld", alexRow.href)).toEqual({ status: 200, location: null });
    // The person page it opens is the one that offers L&D the outcome, once the assessment has been held.
    await naasDb().updateTable("naas_windows").set({ knowledge_on: "2026-11-06", practice_on: "2026-11-13" }).where("id", "=", windowId).execute();
    const person = await import("../routes/people.$personId");
    expect(((await run(person.loader, await requestAs("ld", alexRow.href), { personId: String(alex) })).data as { canRecordOutcome: boolean }).canRecordOutcome).toBe(true);

    for (const locale of ["en-GB", "cy"] as const) {
      const data = (await run(page.loader, await requestAs("ld", `/programmes/naas/windows/${windowId}?lng=${locale}`), { windowId: String(windowId) })).data as WindowPage;
      const html = decodeHtml(await renderedAfterPost(page.default, data, null, locale));
      const t = fixedT(locale, "naas");
      expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--m">${t("window.caption")}</caption>`);
      expect(html).toContain(`href="${alexRow.href}">${await nameOf(alex)}</a>`);
      expect(html).toContain(t("window.outcomeValue", { outcome: t("stages.not_yet_accredited"), date: locale === "cy" ? "20 Tachwedd 2026" : "20 November 2026" }));
    }
    await clearJourney(asye);
  });

  it("are paged when there are many", async () => {
    const windowId = await newWindow("National hall");
    const people = await db().selectFrom("people").select("id").orderBy("id").limit(BOOKINGS_PAGE_SIZE + 3).execute();
    expect(people).toHaveLength(BOOKINGS_PAGE_SIZE + 3);
    await naasDb().deleteFrom("naas_candidates").where("person_id", "in", people.map((p) => p.id)).where("track", "=", "practitioner").execute();
    for (const p of people) await book(p.id, windowId);
    const page = await windowRoute();
    const at = async (query: string) => (await run(page.loader, await requestAs("ld", `/programmes/naas/windows/${windowId}${query}`), { windowId: String(windowId) })).data as WindowPage;
    const first = await at("");
    const second = await at("?page=2");
    expect([first.people.length, first.page, first.pageCount]).toEqual([BOOKINGS_PAGE_SIZE, 1, 2]);
    expect([second.people.length, second.page]).toEqual([3, 2]);
    expect(new Set([...first.people, ...second.people].map((p) => p.id)).size).toBe(BOOKINGS_PAGE_SIZE + 3);
    const html = await renderedAfterPost(page.default, first, null);
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
    await naasDb().deleteFrom("naas_candidates").where("window_id", "=", windowId).execute();
  });

  it("are not shown to a manager or a practitioner", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const windowId = await newWindow("Hall for one");
    await book(alex, windowId);
    const name = await nameOf(alex);
    const [windows, page] = [await windowsRoute(), await windowRoute()];
    for (const account of ["manager", "practitioner"] as const) {
      const list = await run(windows.loader, await requestAs(account, "/programmes/naas/windows"));
      const one = await run(page.loader, await requestAs(account, `/programmes/naas/windows/${windowId}`), { windowId: String(windowId) });
      expect([list.status, one.status]).toEqual([403, 403]);
      expect(JSON.stringify([list.data, one.data])).not.toContain(name);
    }
  });
});
