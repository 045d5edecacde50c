import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createCohort, planSessions } from "../../app/services/cohorts.server";
import { decideRequest, fillFreePlaces, requestPlace, withdraw } from "../../app/services/enrolment.server";
import { openNotices } from "../../app/services/notices.server";
import { db } from "../../app/utils/db.server";
import { waitingListsWithoutGaps } from "../../db/migrations/0017-waiting-lists-without-gaps";
import * as decide from "../../app/routes/team.requests.$enrolmentId";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const PROGRAMME = "engine-test";
const staff = { userId: null, personId: null };

async function cohort(options: { capacity: number; approval?: boolean; opens?: string | null; closes?: string | null }) {
  return createCohort(
    {
      programmeId: PROGRAMME,
      name: `Cohort ${Math.random().toString(36).slice(2, 7)}`,
      startsOn: "2027-03-01",
      endsOn: "2027-12-01",
      capacity: options.capacity,
      enrolmentOpensOn: options.opens ?? null,
      enrolmentClosesOn: options.closes ?? null,
      venue: "Town Hall",
      onlineUrl: null,
      requiresManagerApproval: options.approval ?? false,
    },
    { firstDate: "2027-03-01", cadence: "fortnightly", count: 4, time: "09:30", durationMinutes: 180 },
    staff,
  );
}

const statuses = async (cohortId: number) =>
  db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy(sql`coalesce(waitlist_position, 0)`).orderBy("person_id").execute();

let people: number[];

/** The people whose waiting-list number the step changed, across every cohort. */
async function changedSince(step: () => Promise<void>) {
  const positions = async () => new Map((await db().selectFrom("enrolments").select(["id", "person_id", "waitlist_position"]).execute()).map((r) => [r.id, r]));
  const before = await positions();
  await step();
  const after = await positions();
  return [...after.values()].filter((r) => before.get(r.id)?.waitlist_position !== r.waitlist_position).map((r) => r.person_id).sort((x, y) => x - y);
}

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
  people = (await db().selectFrom("people").select("id").orderBy("id").limit(60).execute()).map((p) => p.id);
});

describe("planning sessions", () => {
  it("spaces sessions weekly, fortnightly or monthly, in London time across the clock change", () => {
    const weekly = planSessions({ firstDate: "2027-03-22", cadence: "weekly", count: 3, time: "09:30", durationMinutes: 90 });
    expect(weekly.map((s) => s.starts_at)).toEqual(["2027-03-22T09:30:00.000Z", "2027-03-29T08:30:00.000Z", "2027-04-05T08:30:00.000Z"]);
    expect(weekly[0].ends_at).toBe("2027-03-22T11:00:00.000Z");
    const fortnightly = planSessions({ firstDate: "2027-01-04", cadence: "fortnightly", count: 2, time: "14:00", durationMinutes: 60 });
    expect(fortnightly.map((s) => s.starts_at.slice(0, 10))).toEqual(["2027-01-04", "2027-01-18"]);
    const monthly = planSessions({ firstDate: "2027-01-31", cadence: "monthly", count: 3, time: "10:00", durationMinutes: 60 });
    expect(monthly.map((s) => s.starts_at.slice(0, 10))).toEqual(["2027-01-31", "2027-02-28", "2027-03-31"]);
  });

  it("stores a cohort with its sessions in one step", async () => {
    const id = await cohort({ capacity: 5 });
    const sessions = await db().selectFrom("cohort_sessions").select(["sequence", "starts_at"]).where("cohort_id", "=", id).orderBy("sequence").execute();
    expect(sessions).toHaveLength(4);
  });
});

describe("places and the waiting list", () => {
  it("never exceeds capacity when two processes ask for forty places at once", async () => {
    const cohortId = await cohort({ capacity: 10 });
    const root = path.resolve(__dirname, "../..");
    const startAt = String(Date.now() + 4000);
    const run = (ids: number[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "tests/support/enrol-burst.ts", String(cohortId), ids.join(","), startAt], { cwd: root, env: process.env });
    const [a, b] = await Promise.all([run(people.slice(0, 20)), run(people.slice(20, 40))]);
    const outcomes = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)];
    expect(outcomes.filter((o) => o === "enrolled")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(30);
    const rows = await statuses(cohortId);
    expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(10);
    expect(rows.filter((r) => r.status === "waitlisted").map((r) => r.waitlist_position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("promotes the first person waiting when someone with a place withdraws, and tells them", async () => {
    const cohortId = await cohort({ capacity: 1 });
    const [first, second, third] = people.slice(40, 43);
    const held = await requestPlace({ cohortId, personId: first, actor: staff });
    await requestPlace({ cohortId, personId: second, actor: staff });
    await requestPlace({ cohortId, personId: third, actor: staff });
    expect((await statuses(cohortId)).map((r) => [r.person_id, r.status, r.waitlist_position])).toEqual([
      [first, "enrolled", null],
      [second, "waitlisted", 1],
      [third, "waitlisted", 2],
    ]);
    if (!held.ok) throw new Error("expected a place");
    const result = await withdraw(held.enrolmentId, "Moved team", staff);
    expect(result).toMatchObject({ ok: true, promotedPersonId: second });
    const after = await statuses(cohortId);
    expect(after.find((r) => r.person_id === second)?.status).toBe("enrolled");
    // The third is now next: their number is their place in the queue.
    expect(after.find((r) => r.person_id === third)?.waitlist_position).toBe(1);
    expect((await openNotices(second)).map((n) => n.key)).toContain("notices.promoted");
  });

  it("moves everyone behind up one when someone waiting withdraws or is given a place, and no one ahead", async () => {
    const cohortId = await cohort({ capacity: 1 });
    const [holder, a, b, c, d] = people.slice(43, 48);
    const placed = new Map<number, number>();
    for (const personId of [holder, a, b, c, d]) {
      const outcome = await requestPlace({ cohortId, personId, actor: staff });
      if (!outcome.ok) throw new Error("expected a place or the waiting list");
      placed.set(personId, outcome.enrolmentId);
    }
    const waiting = async () => (await statuses(cohortId)).filter((r) => r.status === "waitlisted").map((r) => [r.person_id, r.waitlist_position]);
    expect(await waiting()).toEqual([[a, 1], [b, 2], [c, 3], [d, 4]]);
    await withdraw(placed.get(c)!, null, staff);
    expect(await waiting()).toEqual([[a, 1], [b, 2], [d, 3]]);
    expect(await withdraw(placed.get(holder)!, null, staff)).toMatchObject({ promotedPersonId: a });
    expect(await waiting()).toEqual([[b, 1], [d, 2]]);
    // Someone joining now is numbered after the last, not into a gap.
    await requestPlace({ cohortId, personId: people[48], actor: staff });
    expect(await waiting()).toEqual([[b, 1], [d, 2], [people[48], 3]]);
  });

  it("renumbers waiting lists held with gaps in their order, and leaves whole lists as they are", async () => {
    const gapped = await cohort({ capacity: 0 });
    const whole = await cohort({ capacity: 0 });
    const now = new Date().toISOString();
    const row = (cohortId: number, personId: number, status: "waitlisted" | "withdrawn", position: number | null) => ({ cohort_id: cohortId, person_id: personId, status, waitlist_position: position, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now });
    const [p1, p2, p3, p4, p5, p6] = people.slice(50, 56);
    await db().insertInto("enrolments").values([row(gapped, p1, "waitlisted", 7), row(gapped, p2, "waitlisted", 2), row(gapped, p3, "withdrawn", null), row(gapped, p4, "waitlisted", 5), row(whole, p5, "waitlisted", 1), row(whole, p6, "waitlisted", 2)]).execute();
    const changed = await changedSince(() => waitingListsWithoutGaps.up(db()));
    expect((await statuses(gapped)).map((r) => [r.person_id, r.status, r.waitlist_position])).toEqual([[p3, "withdrawn", null], [p2, "waitlisted", 1], [p4, "waitlisted", 2], [p1, "waitlisted", 3]]);
    expect((await statuses(whole)).map((r) => [r.person_id, r.waitlist_position])).toEqual([[p5, 1], [p6, 2]]);
    expect(changed).toEqual([p2, p4, p1].sort((x, y) => x - y));
  });

  it("gives places that come free without a withdrawal to those waiting, in order, when asked to", async () => {
    const cohortId = await cohort({ capacity: 1 });
    const [first, second, third, fourth] = people.slice(20, 24);
    for (const personId of [first, second, third, fourth]) await requestPlace({ cohortId, personId, actor: staff });
    // A provider's feed raises the capacity: two places are free while three people wait.
    await db().updateTable("cohorts").set({ capacity: 3 }).where("id", "=", cohortId).execute();
    expect(await fillFreePlaces(cohortId, staff)).toEqual([second, third]);
    expect((await statuses(cohortId)).map((r) => [r.person_id, r.status])).toEqual([
      [first, "enrolled"],
      [second, "enrolled"],
      [third, "enrolled"],
      [fourth, "waitlisted"],
    ]);
    expect((await openNotices(third)).map((n) => n.key)).toContain("notices.promoted");
    expect(await fillFreePlaces(cohortId, staff)).toEqual([]);
  });

  it("keeps a reserve waiting while places are free, until someone gives a place up", async () => {
    const cohortId = await cohort({ capacity: 2 });
    const [reserve, offered, leaver] = people.slice(26, 29);
    expect(await requestPlace({ cohortId, personId: reserve, actor: staff, direct: true, reserve: true })).toMatchObject({ ok: true, status: "waitlisted" });
    expect(await requestPlace({ cohortId, personId: offered, actor: staff, direct: true })).toMatchObject({ ok: true, status: "enrolled" });
    const held = await requestPlace({ cohortId, personId: leaver, actor: staff, direct: true });
    expect(held).toMatchObject({ ok: true, status: "enrolled" });
    expect((await statuses(cohortId)).find((r) => r.person_id === reserve)?.status).toBe("waitlisted");
    if (!held.ok) throw new Error("expected a place");
    expect(await withdraw(held.enrolmentId, null, staff)).toMatchObject({ ok: true, promotedPersonId: reserve });
  });

  it("refuses a second place for the same person, and a request outside the enrolment window", async () => {
    const cohortId = await cohort({ capacity: 3 });
    expect((await requestPlace({ cohortId, personId: people[50], actor: staff })).ok).toBe(true);
    expect(await requestPlace({ cohortId, personId: people[50], actor: staff })).toEqual({ ok: false, error: "enrolment.errors.already" });
    const closed = await cohort({ capacity: 3, opens: "2020-01-01", closes: "2020-02-01" });
    expect(await requestPlace({ cohortId: closed, personId: people[51], actor: staff })).toEqual({ ok: false, error: "enrolment.errors.closed" });
    expect((await requestPlace({ cohortId: closed, personId: people[51], actor: staff, direct: true })).ok).toBe(true);
  });

  it("opens and closes the enrolment window on London's days, not UTC's", async () => {
    const closedYesterday = await cohort({ capacity: 3, opens: "2026-06-01", closes: "2026-07-01" });
    const opensToday = await cohort({ capacity: 3, opens: "2026-07-02", closes: "2026-07-31" });
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      expect(await requestPlace({ cohortId: closedYesterday, personId: people[52], actor: staff })).toEqual({ ok: false, error: "enrolment.errors.closed" });
      expect(await requestPlace({ cohortId: opensToday, personId: people[52], actor: staff })).toMatchObject({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("manager approval", () => {
  it("holds a request until the manager decides, keeps a reason for a decline, and places an approval", async () => {
    const cohortId = await cohort({ capacity: 1, approval: true });
    const manager = { userId: null, personId: await personIdOf("manager") };
    const practitioner = await personIdOf("practitioner");
    const asye = await personIdOf("asye");
    const asked = await requestPlace({ cohortId, personId: practitioner, actor: { userId: null, personId: practitioner } });
    expect(asked).toMatchObject({ ok: true, status: "requested" });
    if (!asked.ok) return;
    expect(await decideRequest(asked.enrolmentId, true, null, manager)).toMatchObject({ ok: true, status: "enrolled" });
    expect(await decideRequest(asked.enrolmentId, true, null, manager)).toEqual({ ok: false, error: "enrolment.errors.notRequested" });
    const second = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    if (!second.ok) return;
    expect(await decideRequest(second.enrolmentId, false, "Not this year: caseload", manager)).toMatchObject({ ok: true, status: "declined" });
    const row = await db().selectFrom("enrolments").select(["status", "reason", "decided_by"]).where("id", "=", second.enrolmentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "declined", reason: "Not this year: caseload", decided_by: manager.personId });
    // A declined person may ask again: a new request, dated now, not when they first asked.
    await db().updateTable("enrolments").set({ created_at: "2026-01-05T09:00:00.000Z" }).where("id", "=", second.enrolmentId).execute();
    const again = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    expect(again).toMatchObject({ ok: true, enrolmentId: second.enrolmentId });
    const dated = await db().selectFrom("enrolments").select("created_at").where("id", "=", second.enrolmentId).executeTakeFirstOrThrow();
    expect(dated.created_at > "2026-01-06").toBe(true);
  });

  it("tells the person which cohort was decided, with a link to its programme", async () => {
    const cohortId = await cohort({ capacity: 5, approval: true });
    const name = (await db().selectFrom("cohorts").select("name").where("id", "=", cohortId).executeTakeFirstOrThrow()).name;
    const manager = { userId: null, personId: await personIdOf("manager") };
    const practitioner = await personIdOf("practitioner");
    const asked = await requestPlace({ cohortId, personId: practitioner, actor: { userId: null, personId: practitioner } });
    if (!asked.ok) throw new Error(asked.error);
    await decideRequest(asked.enrolmentId, false, "Caseload first", manager);
    const [notice] = await openNotices(practitioner);
    expect(notice).toMatchObject({ key: "notices.decision.declined", values: { cohort: name, reason: "Caseload first" }, href: `/programmes/${PROGRAMME}` });
  });

  it("can only be declined once the cohort has begun: an approval would jump everyone waiting", async () => {
    const cohortId = await cohort({ capacity: 5, approval: true });
    const manager = { userId: null, personId: await personIdOf("manager") };
    const asye = await personIdOf("asye");
    const asked = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    if (!asked.ok) throw new Error(asked.error);
    // The cohort starts on 1 March 2027: on that day it has begun.
    expect(await decideRequest(asked.enrolmentId, true, null, manager, "2027-03-01")).toEqual({ ok: false, error: "enrolment.errors.started" });
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", asked.enrolmentId).executeTakeFirstOrThrow()).status).toBe("requested");
    expect(await decideRequest(asked.enrolmentId, false, "It has started", manager, "2027-03-01")).toMatchObject({ ok: true, status: "declined" });
    // The day before, an approval places them.
    const again = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    if (!again.ok) throw new Error(again.error);
    expect(await decideRequest(again.enrolmentId, true, null, manager, "2027-02-28")).toMatchObject({ ok: true, status: "enrolled" });
  });

  it("says on the decision page that a begun cohort's request can only be declined, and refuses an approval by the field, keeping the reason", async () => {
    const begun = await createCohort(
      { programmeId: PROGRAMME, name: "Begun last month", startsOn: "2026-11-02", endsOn: "2027-06-01", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
      { firstDate: "2026-11-02", cadence: "monthly", count: 3, time: "09:30", durationMinutes: 180 },
      staff,
    );
    const practitioner = await personIdOf("practitioner");
    const now = new Date().toISOString();
    const [asked] = await db().insertInto("enrolments").values({ cohort_id: begun, person_id: practitioner, status: "requested", created_at: now, updated_at: now }).returning("id").execute();
    const at = `/team/requests/${asked.id}`;
    const params = { enrolmentId: String(asked.id) };
    const page = await run(decide.loader, await requestAs("manager", at), params);
    expect(page.data).toMatchObject({ waiting: true, started: true });
    const { askedAt } = page.data as { askedAt: string };
    const refused = await run(decide.action, await requestAs("manager", at, { method: "POST", body: new URLSearchParams({ decision: "approve", reason: "Go ahead", askedAt }) }), params);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ error: { decision: ["enrolment.errors.started"] }, initialValue: { decision: "approve", reason: "Go ahead", askedAt } });
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", asked.id).executeTakeFirstOrThrow()).status).toBe("requested");
  });
});
