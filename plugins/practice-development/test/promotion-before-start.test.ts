// Who takes a place L&D free, through the real actions on a migrated, seeded database: the first person
// waiting, while the session's first date is still to come (when booking closes); once it has begun, nobody,
// as nobody can book then, nor give up a place they would be handed on a course whose first day they
// missed. That is decided in the withdrawal's transaction, under the cohort's lock, on the dates and clock as
// read there: a withdrawal held up behind the lock until the session began promotes nobody. Before, the
// first person waiting was promoted onto a session already under way, on a choice made before the lock.
import { beforeAll, describe, expect, it } from "vitest";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { post } from "./briefing-requests";
import { sessionWithWaitingList, standing } from "./one-seat-session";
import { justAfter } from "./session-times";

const BASE = "/programmes/practice-development/briefings";
const HOUR = 3_600_000;
/** How long after the withdrawal is asked for the session begins: ample for the reads before the lock. */
const SOON_MS = 1500;
/** The enrolment L&D name, looked up by the withdrawal before it takes the lock. */
const NAMED_ENROLMENT_READ = /^select "id", "person_id" from "enrolments" where "id" = /;

beforeAll(async () => {
  await seedDemo();
});

/** Moves the cohort's one session to begin at `startsAt`, for an hour and a half. */
const sessionAt = (cohort: number, startsAt: Date) =>
  db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 1.5 * HOUR).toISOString() }).where("cohort_id", "=", cohort).execute();

const withdrawByLd = async (cohort: number, enrolment: number) => run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(enrolment) })), { cohortId: String(cohort) });
/** Promotions onto the cohort: audit events, and the notices telling the person. */
const promotionsOn = async (cohort: number, name: string) => {
  const places = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).execute()).map((e) => String(e.id));
  const events = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").where("subject_id", "in", places).execute();
  const notices = await db().selectFrom("notices").select("id").where("person_id", "=", await personIdOf("manager")).where("values_json", "like", `%${name}%`).execute();
  return { events: events.length, notices: notices.length };
};

describe("L&D withdrawing someone with a place", () => {
  it("before the session begins gives the place to the first person waiting", async () => {
    const name = "Freed before it began";
    const { cohort, place } = await sessionWithWaitingList(name);
    await sessionAt(cohort, new Date(Date.now() + HOUR));

    expect((await withdrawByLd(cohort, place)).status).toBe(302);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "enrolled" });
    expect(await promotionsOn(cohort, name)).toEqual({ events: 1, notices: 1 });
  });

  it("once the session has begun gives it to nobody: the first person waiting keeps waiting, and is not told otherwise", async () => {
    const name = "Freed once under way";
    const { cohort, place } = await sessionWithWaitingList(name);
    await sessionAt(cohort, new Date(Date.now() - HOUR));

    expect((await withdrawByLd(cohort, place)).status).toBe(302);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });
    expect(await promotionsOn(cohort, name)).toEqual({ events: 0, notices: 0 });
  });

  it("as the session begins gives it to nobody when the withdrawal waited for the cohort's lock until it had begun", async () => {
    const name = "Freed as it began";
    const { cohort, place } = await sessionWithWaitingList(name);
    const startsAt = new Date(Date.now() + SOON_MS);
    await sessionAt(cohort, startsAt);

    // Another change holds the cohort's lock (a register being saved, a file of marks) until just after the
    // session begins; the withdrawal, asked for before then, waits for it.
    const lockHeldUntilItBegins = () => withCohortLock(cohort, () => justAfter(startsAt));
    const withdrawn = await whenFirstRead(NAMED_ENROLMENT_READ, lockHeldUntilItBegins, () => withdrawByLd(cohort, place), 100);

    expect(Date.now()).toBeGreaterThan(startsAt.getTime());
    expect(withdrawn.status).toBe(302);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });
    expect(await promotionsOn(cohort, name)).toEqual({ events: 0, notices: 0 });
  });
});
