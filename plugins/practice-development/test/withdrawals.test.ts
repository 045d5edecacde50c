// Giving up a session place, through the real actions on a migrated, seeded database: a person cancels
// their own place or leaves the waiting list before the session starts (and the first person waiting
// takes the freed place), also when every date has been cancelled; L&D withdraw anyone from a session
// that has not finished, and a spot on the waiting list from one that has; nobody else can.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "1", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

async function briefingCohort(name: string) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing for ${name}` });
  return { briefing, cohort: await newCohort({ kind: "briefing", briefing: String(briefing), name }) };
}

const enrolmentsOf = async (cohortId: number) => {
  const rows = await db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
  return rows.map((r) => ({ ...r, waitlist_position: r.waitlist_position === null ? null : Number(r.waitlist_position) }));
};
const enrolmentOf = async (cohortId: number, account: DemoAccount) => {
  const personId = await personIdOf(account);
  return (await enrolmentsOf(cohortId)).find((e) => e.person_id === personId)!;
};

const onBriefing = async (account: DemoAccount, briefing: number, fields: Record<string, string>) =>
  run(briefingPage.action, await requestAs(account, `${BASE}/briefings/${briefing}`, post(fields)), { briefingId: String(briefing) });
const onSos = async (account: DemoAccount, fields: Record<string, string>) => run(sos.action, await requestAs(account, `${BASE}/briefings/signs-of-safety`, post(fields)));
const onSessionPage = async (account: DemoAccount, cohort: number, fields: Record<string, string>) =>
  run(sessionPage.action, await requestAs(account, `${BASE}/briefings/sessions/${cohort}`, post(fields)), { cohortId: String(cohort) });

/** Moves a cohort's sessions into the past, as if it had run. */
async function finish(cohortId: number) {
  await db().updateTable("cohort_sessions").set({ starts_at: `${inDays(-3)}T10:00:00.000Z`, ends_at: `${inDays(-3)}T11:30:00.000Z` }).where("cohort_id", "=", cohortId).execute();
}

/** Cancels every date of a cohort, as L&D would one at a time. */
async function cancelEveryDate(cohortId: number) {
  await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohortId).execute();
}

describe("a person giving up their place", () => {
  it("cancels a briefing session place, and the first person waiting takes it and is told", async () => {
    const { briefing, cohort } = await briefingCohort("One seat");
    expect((await onBriefing("manager", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "waitlisted", waitlist_position: 1 });

    const cancelled = await onBriefing("manager", briefing, { intent: "cancel", cohort: String(cohort) });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get("Location")).toBe(`${BASE}/briefings/${briefing}?saved=cancelled&outcome=place`);
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "withdrawn" });
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "enrolled", waitlist_position: null });
    const notices = await db().selectFrom("notices").select("message_key").where("person_id", "=", await personIdOf("practitioner")).where("message_key", "=", "notices.promoted").execute();
    expect(notices.length).toBeGreaterThan(0);

    const page = await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
    expect((page.data as { held: { id: number; place: unknown; cancellable: boolean }[] }).held).toMatchObject([{ id: cohort, place: { status: "enrolled" }, cancellable: true }]);
  });

  it("leaves a Signs of Safety waiting list, which then closes up", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, one seat" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onSos("practitioner", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onSos("asye", { intent: "book", cohort: String(cohort) })).status).toBe(302);

    const left = await onSos("practitioner", { intent: "cancel", cohort: String(cohort) });
    expect(left.status).toBe(302);
    expect(left.headers.get("Location")).toBe(`${BASE}/briefings/signs-of-safety?saved=cancelled&outcome=waiting`);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "withdrawn", waitlist_position: null });
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "enrolled" });
    expect(await enrolmentOf(cohort, "asye")).toMatchObject({ status: "waitlisted" });
  });

  it("cannot give up someone else's place, whatever the form names", async () => {
    const { briefing, cohort } = await briefingCohort("Someone else's");
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    const before = await enrolmentsOf(cohort);

    const refused = await onBriefing("asye", briefing, { intent: "cancel", cohort: String(cohort), enrolment: String(before[0].id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "common:enrolment.errors.notActive" });
    expect(await enrolmentsOf(cohort)).toEqual(before);
  });

  it("cannot cancel a place once the session has run", async () => {
    const { briefing, cohort } = await briefingCohort("Already run");
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await finish(cohort);
    const before = await enrolmentsOf(cohort);

    const refused = await onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.started" });
    expect(await enrolmentsOf(cohort)).toEqual(before);
  });

  it("still sees and gives up a briefing session place once every date is cancelled, which nobody else can book", async () => {
    const { briefing, cohort } = await briefingCohort("Every date cancelled");
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await cancelEveryDate(cohort);

    const page = await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
    expect((page.data as { held: unknown[] }).held).toEqual([expect.objectContaining({ id: cohort, when: null, place: { status: "enrolled", position: null }, cancellable: true })]);
    const elsewhere = await run(briefingPage.loader, await requestAs("asye", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
    expect(elsewhere.data).toMatchObject({ held: [], sessions: { rows: [], total: 0 } });
    expect((await onBriefing("asye", briefing, { intent: "book", cohort: String(cohort) })).data).toEqual({ error: "sessions.errors.bookingClosed" });

    const cancelled = await onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) });
    expect(cancelled.status).toBe(302);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "withdrawn" });
  });

  it("gives nobody waiting a place given up on a session whose every date is cancelled", async () => {
    const { briefing, cohort } = await briefingCohort("Every date cancelled, someone waiting");
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onBriefing("manager", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await cancelEveryDate(cohort);
    expect((await onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) })).status).toBe(302);
    // There is no date to offer the place on: the one waiting keeps waiting, and is not told it is theirs.
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "waitlisted" });
    expect(await db().selectFrom("notices").select("id").where("person_id", "=", await personIdOf("manager")).where("message_key", "=", "notices.promoted").where("values_json", "like", "%someone waiting%").execute()).toEqual([]);
  });

  it("leaves a Signs of Safety waiting list once every date is cancelled", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, every date cancelled" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onSos("practitioner", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await cancelEveryDate(cohort);

    const page = await run(sos.loader, await requestAs("practitioner", `${BASE}/briefings/signs-of-safety`));
    const listed = (page.data as { stages: { held: { id: number }[] }[] }).stages.flatMap((s) => s.held).filter((c) => c.id === cohort);
    expect(listed).toEqual([expect.objectContaining({ when: null, place: { status: "waitlisted", position: 1 }, cancellable: true })]);

    expect((await onSos("practitioner", { intent: "cancel", cohort: String(cohort) })).status).toBe(302);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "withdrawn" });
  });
});

describe("L&D withdrawing someone from a session", () => {
  it("withdraws a person with a place, and the first person waiting takes it", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro for L&D" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onSos("practitioner", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    const roster = await run(sessionPage.loader, await requestAs("ld", `${BASE}/briefings/sessions/${cohort}`), { cohortId: String(cohort) });
    expect((roster.data as { roster: { withdrawable: boolean }[] }).roster.every((r) => r.withdrawable)).toBe(true);

    const done = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String((await enrolmentOf(cohort, "manager")).id) });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`${BASE}/briefings/sessions/${cohort}?saved=withdrawn&outcome=given`);
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "withdrawn" });
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "enrolled" });
  });

  it("is L&D's alone: a practitioner is refused and nothing changes", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, not for practitioners" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    const before = await enrolmentsOf(cohort);
    expect((await onSessionPage("practitioner", cohort, { intent: "withdraw", enrolment: String(before[0].id) })).status).toBe(403);
    expect(await enrolmentsOf(cohort)).toEqual(before);
  });

  it("refuses an enrolment of another session, and a session that has finished", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, L&D refused" });
    const other = await newCohort({ kind: "sos_intro", name: "Intro, elsewhere" });
    expect((await onSos("manager", { intent: "book", cohort: String(other) })).status).toBe(302);
    expect((await onSos("practitioner", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    const elsewhere = await enrolmentsOf(other);
    const wrongCohort = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String(elsewhere[0].id) });
    expect(wrongCohort.status).toBe(400);
    expect(wrongCohort.data).toEqual({ error: "common:enrolment.errors.notActive" });
    expect(await enrolmentsOf(other)).toEqual(elsewhere);

    await finish(cohort);
    const before = await enrolmentsOf(cohort);
    const finished = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String(before[0].id) });
    expect(finished.status).toBe(400);
    expect(finished.data).toEqual({ error: "sessions.errors.finished" });
    expect(await enrolmentsOf(cohort)).toEqual(before);
  });

  it("withdraws a spot on the waiting list once the session has finished, audited, though not a place", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, finished with someone waiting" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onSos("practitioner", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await finish(cohort);
    const [place, waiting] = [await enrolmentOf(cohort, "manager"), await enrolmentOf(cohort, "practitioner")];
    expect(waiting).toMatchObject({ status: "waitlisted", waitlist_position: 1 });

    // The page offers Withdraw on the spot on the waiting list alone: the register holds the place.
    const page = await run(sessionPage.loader, await requestAs("ld", `${BASE}/briefings/sessions/${cohort}`), { cohortId: String(cohort) });
    const roster = (page.data as { roster: { id: number; withdrawable: boolean }[] }).roster;
    expect(roster.map((r) => [r.id, r.withdrawable]).sort()).toEqual([[place.id, false], [waiting.id, true]].sort());

    const done = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String(waiting.id) });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`${BASE}/briefings/sessions/${cohort}?saved=withdrawn&outcome=waiting`);
    expect(await enrolmentOf(cohort, "practitioner")).toMatchObject({ status: "withdrawn", waitlist_position: null });
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "enrolled" });
    const events = await db().selectFrom("audit_events").select(["actor_person_id", "person_id", "before_json", "after_json"]).where("action", "=", "enrolment.withdrawn").where("subject_type", "=", "enrolment").where("subject_id", "=", String(waiting.id)).execute();
    expect(events.map((e) => ({ by: e.actor_person_id, of: e.person_id, before: JSON.parse(e.before_json!), after: JSON.parse(e.after_json!) }))).toEqual([
      { by: await personIdOf("ld"), of: waiting.person_id, before: { status: "waitlisted" }, after: { status: "withdrawn", reason: null } },
    ]);

    const refused = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String(place.id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.finished" });
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "enrolled" });
    for (const [locale, message] of [
      ["en-GB", "This session has finished, so a place on it can no longer be withdrawn"],
      ["cy", "Mae'r sesiwn hon wedi dod i ben, felly ni ellir tynnu lle arni yn ôl mwyach"],
    ] as const) {
      const html = await renderedAfterPost(sessionPage.default, page.data, refused.data, locale);
      expect(html).toContain("govuk-error-summary");
      expect(decodeHtml(html)).toContain(message);
    }
  });

  it("withdraws someone from a session whose every date is cancelled, which has not finished", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Intro, L&D after cancelling" });
    expect((await onSos("manager", { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await cancelEveryDate(cohort);

    const done = await onSessionPage("ld", cohort, { intent: "withdraw", enrolment: String((await enrolmentOf(cohort, "manager")).id) });
    expect(done.status).toBe(302);
    expect(await enrolmentOf(cohort, "manager")).toMatchObject({ status: "withdrawn" });
  });
});

describe("the CPD entry written on confirming a briefing", () => {
  const confirmIn = async (account: DemoAccount, briefing: number, query: string) =>
    run(briefingPage.action, await requestAs(account, `${BASE}/briefings/${briefing}${query}`, post({ intent: "confirm", version: "1" })), { briefingId: String(briefing) });
  const cpdTitlesOf = async (account: DemoAccount, briefing: number) =>
    db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("person_id", "=", await personIdOf(account)).where("source_ref", "=", `briefing:${briefing}:v1`).executeTakeFirstOrThrow();

  it("is worded in English and Welsh, whichever language the person confirmed in", async () => {
    const briefing = await createBriefing({ title: "Recording consent" });
    expect((await confirmIn("practitioner", briefing, "?lng=cy")).status).toBe(302);
    expect((await confirmIn("asye", briefing, "")).status).toBe(302);
    const both = { title: "Recording consent (version 1)", title_cy: "Recording consent (fersiwn 1)" };
    expect(await cpdTitlesOf("practitioner", briefing)).toEqual(both);
    expect(await cpdTitlesOf("asye", briefing)).toEqual(both);
  });
});
