// A quarter of the key-metrics pack that is over keeps its figures: what the pack said on the day after
// April to June ended, it says in November. Places are asked for, given, declined and given up through the
// core's own enrolment service, and a Level 5 completion is recorded through its learner page, each at its
// moment (the clock is set for it); the pack is read through its service as the page reads it. Uptake and
// completions once read the enrolment as it is now: a place given up, or a request declined, after the
// quarter dropped out of its uptake, and a completion moved to whatever quarter its row last changed in.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { decideRequest, requestPlace, withdraw, type EnrolmentResult } from "../../app/services/enrolment.server";
import { metricsPack } from "../../app/services/metrics/metrics.server";
import { quarter } from "../../app/services/metrics/quarters";
import { db } from "../../app/utils/db.server";
import { learnerOnCohortOne, meetEveryRequirement } from "../../plugins/leadership/test/support";
import { personIdOf, seedDemo, userIdOf } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const APRIL_TO_JUNE = quarter(2026, 2);
const JULY_TO_SEPTEMBER = quarter(2026, 3);
/** The day after April to June ended, when the committee first read it, and a day long after. */
const REPORTED_ON = "2026-07-01";
const READ_AGAIN_ON = "2026-11-23";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

/** Runs `work` with the clock at `iso`, as if it happened then. */
async function at<T>(iso: string, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(iso) });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

async function levelFiveFigure(q: typeof APRIL_TO_JUNE, id: "uptake" | "completed", today: string) {
  const rows = await at(`${today}T08:00:00.000Z`, () => metricsPack(q, "all", "en-GB", today));
  const row = rows.find((r) => r.key === `common:leadership.${id}`);
  if (!row) throw new Error(`No Level 5 ${id} in ${rows.map((r) => r.key).join(", ")}`);
  return row.value;
}

async function newPeople(count: number) {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `HOLD${i}`, given_name: "Quarter", family_name: `Holds ${i}`, email: `quarter.holds.${i}@example.test`, team_id: team.id }));
  return (await db().insertInto("people").values(rows).returning("id").execute()).map((r) => r.id);
}

/** A Level 5 cohort starting next year whose requests wait for a decision. */
async function cohortNeedingApproval() {
  const stamp = "2026-04-01T09:00:00.000Z";
  const [row] = await db()
    .insertInto("cohorts")
    .values({ programme_id: "leadership", name: "Quarters hold", starts_on: "2027-01-11", ends_on: "2027-12-10", capacity: 10, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 1, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  return row.id;
}

function placed(result: EnrolmentResult) {
  if (!result.ok) throw new Error(result.error);
  return result.enrolmentId;
}

describe("uptake of a quarter that is over", () => {
  it("keeps a place later given up and a request declined after the quarter, and leaves out one declined within it", async () => {
    const ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    const before = await levelFiveFigure(APRIL_TO_JUNE, "uptake", REPORTED_ON);
    const cohortId = await cohortNeedingApproval();
    const [given, kept, askedLate, askedEarly] = await newPeople(4);
    const self = (personId: number) => ({ userId: null, personId });

    // April to June: L&D give two places; two people ask, and one of them is declined in May.
    const givenPlace = await at("2026-05-10T09:00:00.000Z", () => requestPlace({ cohortId, personId: given, actor: ld, direct: true }).then(placed));
    await at("2026-05-10T09:05:00.000Z", () => requestPlace({ cohortId, personId: kept, actor: ld, direct: true }).then(placed));
    const lateRequest = await at("2026-05-12T10:00:00.000Z", () => requestPlace({ cohortId, personId: askedLate, actor: self(askedLate) }).then(placed));
    const earlyRequest = await at("2026-05-12T10:30:00.000Z", () => requestPlace({ cohortId, personId: askedEarly, actor: self(askedEarly) }).then(placed));
    expect(await at("2026-05-20T09:00:00.000Z", () => decideRequest(earlyRequest, false, "Not this year", ld, "2026-05-20", "learning_development"))).toMatchObject({ ok: true, status: "declined" });

    // Given, kept and the request still waiting on 30 June: three places taken up in the quarter.
    expect(await levelFiveFigure(APRIL_TO_JUNE, "uptake", REPORTED_ON)).toBe(before! + 3);
    const julyToSeptember = await levelFiveFigure(JULY_TO_SEPTEMBER, "uptake", READ_AGAIN_ON);

    // July: the waiting request is declined, and the first place is given up.
    expect(await at("2026-07-15T09:00:00.000Z", () => decideRequest(lateRequest, false, "Not this year", ld, "2026-07-15", "learning_development"))).toMatchObject({ ok: true, status: "declined" });
    expect(await at("2026-07-20T09:00:00.000Z", () => withdraw(givenPlace, "Moved team", ld))).toMatchObject({ ok: true, status: "withdrawn" });

    expect(await levelFiveFigure(APRIL_TO_JUNE, "uptake", READ_AGAIN_ON)).toBe(before! + 3);
    // Nothing was taken up in July to September by what happened to these places then.
    expect(await levelFiveFigure(JULY_TO_SEPTEMBER, "uptake", READ_AGAIN_ON)).toBe(julyToSeptember);
  });
});

describe("a completion of a quarter that is over", () => {
  it("stays in the quarter it was recorded in when its enrolment is changed afterwards", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner, new Date("2026-06-20T09:00:00.000Z"));
    const before = await levelFiveFigure(APRIL_TO_JUNE, "completed", REPORTED_ON);

    const done = await at("2026-06-20T10:00:00.000Z", () => learner.post({ intent: "complete", ilmRegistration: "ILM-HOLD", certificateNumber: "CERT-HOLD" }));
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });
    const stored = await db().selectFrom("enrolments").select(["status", "completed_at"]).where("id", "=", learner.enrolment.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "completed", completed_at: "2026-06-20T10:00:00.000Z" });
    expect(await levelFiveFigure(APRIL_TO_JUNE, "completed", REPORTED_ON)).toBe(before! + 1);
    const julyToSeptember = await levelFiveFigure(JULY_TO_SEPTEMBER, "completed", READ_AGAIN_ON);

    // August: the completed enrolment's row is changed (any later write to it moves `updated_at`).
    await db().updateTable("enrolments").set({ reason: "Certificate reissued", updated_at: "2026-08-10T09:00:00.000Z" }).where("id", "=", learner.enrolment.id).execute();

    expect(await levelFiveFigure(APRIL_TO_JUNE, "completed", READ_AGAIN_ON)).toBe(before! + 1);
    expect(await levelFiveFigure(JULY_TO_SEPTEMBER, "completed", READ_AGAIN_ON)).toBe(julyToSeptember);
  });
});
