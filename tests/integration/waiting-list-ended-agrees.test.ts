// Whether a cohort is over is written twice: `cohortOver` in TypeScript (nobody waiting is given a place on
// it) and `waitingListEnded` in SQL (the counts of people waiting leave them out). Generated cohorts, each
// written to the migrated database, must get the same answer from both, or a page would count people as
// waiting for a place the code will never give them (or leave out people it still may).
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { cohortOver, waitingListEnded } from "../../app/services/waiting-list-ended.server";
import { addDaysToDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { londonToday } from "../../app/utils/london-time";

const HOUR = 3_600_000;

/** A session a few hours either side of `now`, whole hours so that one often ends exactly then. */
const sessionShape = fc.record({ status: fc.constantFrom("scheduled" as const, "cancelled" as const), startsInHours: fc.integer({ min: -4, max: 4 }), hours: fc.integer({ min: 1, max: 3 }) });

/** A cohort whose last day is a couple of days either side of London's today at `now`, with 0–3 sessions. */
const cohortShape = fc.record({
  now: fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2028-12-31T23:59:59Z"), noInvalidDate: true }),
  endsInDays: fc.integer({ min: -2, max: 2 }),
  sessions: fc.array(sessionShape, { maxLength: 3 }),
});

type CohortShape = { now: Date; endsInDays: number; sessions: { status: "scheduled" | "cancelled"; startsInHours: number; hours: number }[] };

/** Writes the cohort and its sessions as the engine stores them; answers what `cohortOver` is given. */
async function written({ now, endsInDays, sessions }: CohortShape) {
  const endsOn = addDaysToDate(londonToday(now), endsInDays);
  const stamp = new Date().toISOString();
  const { id } = await db()
    .insertInto("cohorts")
    .values({ programme_id: "leadership", name: "Generated", starts_on: addDaysToDate(endsOn, -7), ends_on: endsOn, capacity: 1, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rows = sessions.map((s, i) => {
    const startsAt = now.getTime() + s.startsInHours * HOUR;
    return { cohort_id: id, sequence: i + 1, title: `Session ${i + 1}`, starts_at: new Date(startsAt).toISOString(), ends_at: new Date(startsAt + s.hours * HOUR).toISOString(), location: null, status: s.status };
  });
  if (rows.length) await db().insertInto("cohort_sessions").values(rows).execute();
  return { id, cohort: { ends_on: endsOn }, sessions: rows };
}

/** The SQL's answer for the cohort: 1 ended, 0 not, null if it answered null (which would count nobody). */
async function sqlAnswer(cohortId: number, now: Date) {
  const ended = waitingListEnded([], now);
  const { answer } = await db()
    .selectFrom("cohorts as c")
    .select(sql<number | null>`case when ${ended} then 1 when not ${ended} then 0 end`.as("answer"))
    .where("c.id", "=", cohortId)
    .executeTakeFirstOrThrow();
  return answer === null ? null : Number(answer);
}

// The boundaries, tried every run whatever is generated: the last scheduled session ends at `now` exactly
// (over), and, with none scheduled, the cohort's last day is London's today (not over yet).
const now = new Date("2026-06-15T09:00:00Z");
const boundaries: [CohortShape][] = [
  [{ now, endsInDays: 2, sessions: [{ status: "scheduled", startsInHours: -2, hours: 2 }, { status: "cancelled", startsInHours: 1, hours: 2 }] }],
  [{ now, endsInDays: 0, sessions: [{ status: "cancelled", startsInHours: 2, hours: 1 }] }],
  [{ now, endsInDays: -1, sessions: [] }],
];

describe("whether a cohort is over", () => {
  it("is answered the same by the code that gives places and the SQL that counts people waiting", async () => {
    await fc.assert(
      fc.asyncProperty(cohortShape, async (shape) => {
        const { id, cohort, sessions } = await written(shape);
        expect(await sqlAnswer(id, shape.now)).toBe(cohortOver(cohort, sessions, shape.now) ? 1 : 0);
      }),
      { numRuns: 100, examples: boundaries },
    );
  });
});
