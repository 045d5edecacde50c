// A session briefing's sessions once L&D publish a new version everyone must confirm (the briefing then
// counts from it), through the real loaders and actions on a migrated, seeded database. Coverage counts
// only sessions of that version or later, so a session of an earlier version is no longer offered for
// booking, and a booking of one (a page shown before the new version, a tampered form) is refused in both
// languages. L&D still see it, marked as no longer counting, and someone who already held a place on it
// can still give it up. Before, the page listed and booked it, and whoever attended stayed "not yet".
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import * as newSession from "../routes/briefings.sessions.new";
import { createBriefing, idFrom, inDays, post, shownOnEditPage } from "./briefing-requests";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";
const FIELDS = { title: "Earlier versions briefing", summary: "What to know", linkUrl: "https://intranet.example.org/b", delivery: "session" };
const REFUSED = {
  "en-GB": "This session is of an earlier version of the briefing and no longer counts towards it, so it cannot be booked. Book a session of the current version",
  cy: "Mae'r sesiwn hon o fersiwn gynharach o'r briff ac nid yw'n cyfrif tuag ato mwyach, felly ni ellir ei harchebu. Archebwch sesiwn o'r fersiwn gyfredol",
} as const;
const MARKED = { "en-GB": "Version 1 session (version 1: no longer counts)", cy: "Version 1 session (fersiwn 1: nid yw'n cyfrif mwyach)" } as const;

type Row = { id: number; name: string; earlierVersion: number | null; place: { status: string } | null };
type Paged = { rows: Row[]; total: number };
type Page = { held: Row[]; sessions: Paged; earlier: Paged | null; started: Paged | null };

let briefing: number;
let oldSession: number;
let newSessionId: number;
let heldBefore: number;

const session = async (name: string, days: number) => {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(days), time: "10:00", durationMinutes: "90", days: "1", capacity: "10" })));
  expect(made.status, JSON.stringify(made.data)).toBe(302);
  return idFrom(made.headers.get("Location"));
};
const pageAs = async (who: DemoAccount) => {
  const page = await run(briefingPage.loader, await requestAs(who, `${BASE}/${briefing}`), { briefingId: String(briefing) });
  expect(page.status).toBe(200);
  return page.data as Page;
};
const onPage = async (who: DemoAccount, fields: Record<string, string>) => run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post(fields)), { briefingId: String(briefing) });
const placeOf = async (cohort: number, who: DemoAccount) =>
  (await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf(who)).executeTakeFirst())?.status;

beforeAll(async () => {
  await seedDemo();
  briefing = await createBriefing(FIELDS);
  oldSession = await session("Version 1 session", 20);
  // The manager booked the version 1 session while it counted.
  expect((await onPage("manager", { intent: "book", cohort: String(oldSession) })).status).toBe(302);
  heldBefore = oldSession;
  const published = await run(editBriefing.action, await requestAs("ld", `${BASE}/${briefing}/edit`, post({ ...FIELDS, summary: "Changed", newVersion: "yes", reconfirm: "yes", ...(await shownOnEditPage(briefing)) })), { briefingId: String(briefing) });
  expect(published.headers.get("Location")).toBe(`${BASE}/${briefing}?saved=reconfirm`);
  newSessionId = await session("Version 2 session", 25);
});

describe("a session of a version the briefing no longer counts from", () => {
  it("is not offered for booking; a session of the new version is", async () => {
    const page = await pageAs("practitioner");
    expect(page.sessions.rows.map((r) => r.id)).toEqual([newSessionId]);
    expect(page.earlier).toBeNull();
  });

  it("is refused when booked all the same, in English and Welsh, and no place is given", async () => {
    const refused = await onPage("practitioner", { intent: "book", cohort: String(oldSession) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.earlierVersion" });
    expect(await placeOf(oldSession, "practitioner")).toBeUndefined();
    for (const locale of ["en-GB", "cy"] as const) {
      const html = decodeHtml(await renderedAt(briefingPage.default, await pageAs("practitioner"), `${BASE}/${briefing}`, locale, refused.data));
      expect(html, locale).toContain(REFUSED[locale]);
    }
    expect((await onPage("practitioner", { intent: "book", cohort: String(newSessionId) })).status).toBe(302);
    expect(await placeOf(newSessionId, "practitioner")).toBe("enrolled");
  });

  it("is listed for L&D apart, marked as no longer counting, with no button to book it", async () => {
    const page = await pageAs("ld");
    expect(page.sessions.rows.map((r) => r.id)).toEqual([newSessionId]);
    expect(page.earlier?.rows.map((r) => [r.id, r.earlierVersion])).toEqual([[oldSession, 1]]);
    for (const locale of ["en-GB", "cy"] as const) {
      const html = decodeHtml(await renderedAt(briefingPage.default, page, `${BASE}/${briefing}`, locale));
      expect(html, locale).toContain(MARKED[locale]);
    }
    const html = decodeHtml(await renderedAt(briefingPage.default, page, `${BASE}/${briefing}`));
    expect(html).toContain("No longer counts: not offered for booking");
    const bookable = [...html.matchAll(/name="cohort" value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(bookable).toContain(newSessionId);
    expect(bookable).not.toContain(oldSession);
  });

  it("stays with whoever held a place on it, marked, and they can still give it up", async () => {
    const page = await pageAs("manager");
    expect(page.held.map((r) => [r.id, r.earlierVersion])).toEqual([[heldBefore, 1]]);
    expect(decodeHtml(await renderedAt(briefingPage.default, page, `${BASE}/${briefing}`))).toContain(MARKED["en-GB"]);
    const cancelled = await onPage("manager", { intent: "cancel", cohort: String(heldBefore) });
    expect(cancelled.status, JSON.stringify(cancelled.data)).toBe(302);
    expect(await placeOf(heldBefore, "manager")).toBe("withdrawn");
  });
});
