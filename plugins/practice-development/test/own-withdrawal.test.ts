// L&D's own place on a session, from the session's page, through the real loader and action on a migrated,
// seeded database: withdrawn like anyone's before the first session begins, but not once it has, as a
// learner cannot cancel then either; a colleague's place can still be withdrawn. The refusal is in the
// error summary, in English and Welsh, and nothing changes.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

beforeAll(async () => {
  await seedDemo();
});

/** A briefing session with places for L&D and a practitioner, both booked through the briefing's page. */
async function sessionBookedBy(name: string) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing for ${name}` });
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "5" })));
  expect(made.status).toBe(302);
  const cohort = idFrom(made.headers.get("Location"));
  for (const who of ["ld", "practitioner"] as const) {
    const booked = await run(briefingPage.action, await requestAs(who, `${BASE}/briefings/${briefing}`, post({ intent: "book", cohort: String(cohort) })), { briefingId: String(briefing) });
    expect(booked.status).toBe(302);
  }
  return cohort;
}

/** The session began an hour ago and ends in two: started, not finished. */
async function underWay(cohort: number) {
  const hour = 3_600_000;
  await db().updateTable("cohort_sessions").set({ starts_at: new Date(Date.now() - hour).toISOString(), ends_at: new Date(Date.now() + 2 * hour).toISOString() }).where("cohort_id", "=", cohort).execute();
}

const enrolmentsOf = (cohort: number) => db().selectFrom("enrolments").select(["id", "person_id", "status"]).where("cohort_id", "=", cohort).orderBy("id").execute();
const enrolmentOf = async (cohort: number, who: DemoAccount) => {
  const personId = await personIdOf(who);
  return (await enrolmentsOf(cohort)).find((e) => e.person_id === personId)!;
};
const withdrawals = async () => Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "enrolment.withdrawn").executeTakeFirstOrThrow()).n);
const pageOf = async (cohort: number) => run(sessionPage.loader, await requestAs("ld", `${BASE}/briefings/sessions/${cohort}`), { cohortId: String(cohort) });
const withdraw = async (cohort: number, enrolment: number) =>
  run(sessionPage.action, await requestAs("ld", `${BASE}/briefings/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(enrolment) })), { cohortId: String(cohort) });
const withdrawableRows = async (cohort: number) => ((await pageOf(cohort)).data as { roster: { id: number; withdrawable: boolean }[] }).roster.map((r) => [r.id, r.withdrawable]).sort();

describe("L&D withdrawing their own place on a session", () => {
  it("withdraws it like anyone's before the first session begins", async () => {
    const cohort = await sessionBookedBy("Own place, before the start");
    const own = await enrolmentOf(cohort, "ld");
    expect(await withdrawableRows(cohort)).toContainEqual([own.id, true]);
    const done = await withdraw(cohort, own.id);
    expect(done.status).toBe(302);
    expect(await enrolmentOf(cohort, "ld")).toMatchObject({ status: "withdrawn" });
  });

  it("refuses it once the session has begun, in English and Welsh, changing nothing, and still withdraws a colleague", async () => {
    const cohort = await sessionBookedBy("Own place, under way");
    await underWay(cohort);
    const [own, colleague] = [await enrolmentOf(cohort, "ld"), await enrolmentOf(cohort, "practitioner")];
    // The page offers no Withdraw button on the viewer's own row now.
    expect(await withdrawableRows(cohort)).toEqual([[own.id, false], [colleague.id, true]].sort());

    const before = { enrolments: await enrolmentsOf(cohort), audited: await withdrawals() };
    const refused = await withdraw(cohort, own.id);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.ownWithdrawal" });
    expect({ enrolments: await enrolmentsOf(cohort), audited: await withdrawals() }).toEqual(before);

    const shown = (await pageOf(cohort)).data;
    for (const [locale, message] of [
      ["en-GB", "This session has already started, so you cannot withdraw your own place"],
      ["cy", "Mae'r sesiwn hon eisoes wedi dechrau, felly ni allwch dynnu eich lle eich hun yn ôl"],
    ] as const) {
      const html = await renderedAfterPost(sessionPage.default, shown, refused.data, locale);
      expect(html).toContain("govuk-error-summary");
      expect(decodeHtml(html)).toContain(message);
      expect(errorSummaryTargets(html)).toEqual([]);
    }

    const done = await withdraw(cohort, colleague.id);
    expect(done.status).toBe(302);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "withdrawn" });
    expect(await enrolmentOf(cohort, "ld")).toMatchObject({ status: "enrolled" });
  });

  it("offers and withdraws their own spot on the waiting list once the session has begun: it frees nothing", async () => {
    const cohort = await sessionBookedBy("Own waiting spot, under way");
    const own = await enrolmentOf(cohort, "ld");
    await db().updateTable("enrolments").set({ status: "waitlisted", waitlist_position: 1 }).where("id", "=", own.id).execute();
    await underWay(cohort);
    expect(await withdrawableRows(cohort)).toContainEqual([own.id, true]);
    const done = await withdraw(cohort, own.id);
    expect(done.status).toBe(302);
    expect(await enrolmentOf(cohort, "ld")).toMatchObject({ status: "withdrawn" });
  });
});
