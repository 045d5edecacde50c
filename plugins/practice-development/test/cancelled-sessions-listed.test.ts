// A session whose every date is cancelled is neither open for booking nor begun, so it was in neither of
// a briefing's lists (nor a Signs of Safety stage's), and L&D could not reach it to see who still holds a
// place. L&D now find it in a list of its own, marked as cancelled, latest first. Through the real loaders
// and actions on a migrated, seeded database, and the briefing page as rendered.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml } from "../../../tests/support/html-forms";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development";

type Listed = { rows: { id: number }[]; total: number } | null;
type BriefingPage = { sessions: { rows: { id: number }[] }; started: Listed; cancelled: Listed };

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ time: "10:00", durationMinutes: "90", days: "2", capacity: "5", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}
const cancelEveryDate = (cohort: number) => db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohort).execute();
const briefingPageAs = async (account: DemoAccount, briefing: number) => {
  const page = await run(briefingPage.loader, await requestAs(account, `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
  expect(page.status).toBe(200);
  return page.data as BriefingPage;
};

let briefing = 0;
let running = 0;
let cancelledSoon = 0;
let cancelledLater = 0;

beforeAll(async () => {
  await seedDemo();
  briefing = await createBriefing({ delivery: "session", title: "Briefing with a cancelled session" });
  const session = (name: string, days: number) => newCohort({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(days) });
  running = await session("Still running", 5);
  cancelledSoon = await session("Cancelled, soon", 3);
  cancelledLater = await session("Cancelled, later", 12);
  await cancelEveryDate(cancelledSoon);
  await cancelEveryDate(cancelledLater);
});

describe("a session whose every date is cancelled", () => {
  it("is listed for L&D on its own, latest first, marked as cancelled, and leads to its page", async () => {
    const page = await briefingPageAs("ld", briefing);
    expect(page.sessions.rows.map((r) => r.id)).toEqual([running]);
    expect(page.started?.rows.map((r) => r.id)).toEqual([]);
    expect(page.cancelled).toMatchObject({ total: 2, rows: [{ id: cancelledLater }, { id: cancelledSoon }] });
    const html = decodeHtml(await renderedAt(briefingPage.default, page, `${BASE}/briefings/${briefing}`));
    expect(html).toContain("Sessions with every date cancelled");
    expect(html).toContain("2 sessions have every date cancelled.");
    expect(html).toContain(`href="${BASE}/briefings/sessions/${cancelledSoon}"`);
    expect(html).toContain("Every date cancelled");
  });

  it("is not listed for someone who does not manage sessions", async () => {
    expect((await briefingPageAs("practitioner", briefing)).cancelled).toBeNull();
  });

  it("is listed under its Signs of Safety stage for L&D too", async () => {
    const intro = await newCohort({ kind: "sos_intro", name: "Intro, every date cancelled", firstDate: inDays(4) });
    await cancelEveryDate(intro);
    const page = (await run(sos.loader, await requestAs("ld", `${BASE}/briefings/signs-of-safety`))).data as { stages: { kind: string; cancelled: Listed }[] };
    const stage = page.stages.find((s) => s.kind === "sos_intro")!;
    expect(stage.cancelled?.rows.map((r) => r.id)).toContain(intro);
  });
});
