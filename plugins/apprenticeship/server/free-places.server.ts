// Places freed once an intake has started: a place declined or given up from then on does not go to the
// first reserve by itself (they would join a degree already running), so L&D see what is free and who is
// waiting, and offer the places to the reserve list themselves when the reserves can still catch up. Once
// the intake is over there is no degree left to join: the core gives nobody a place then, so none is offered.
import type { Kysely } from "kysely";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { cohortOver } from "../../../app/services/waiting-list-ended.server";
import type { Actor } from "../../../app/services/audit.server";
import { fillFreePlaces } from "../../../app/services/enrolment.server";
import type { Database } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { apprenticeshipDb, asHostDb } from "./db.server";

interface StartedIntake {
  cohort_id: number;
  starts_on: string;
  capacity: number;
}

/** Free places and reserves waiting once an intake has started, or "over" once there is nothing left to join. */
export type FreePlaces = { free: number; waiting: number } | "over";

/** Whether the intake's degree has begun (London's date), from when L&D offer freed places themselves. */
export const intakeHasStarted = (intake: { starts_on: string }) => intake.starts_on <= londonToday();

/**
 * Whether the intake is over by the core's own rule (`cohortOver`, which `fillFreePlaces` checks under the
 * cohort's lock), so the page and the core never disagree. The intake's end date is read with its
 * sessions: the intake pages' record of it carries neither. Intakes have no sessions, so it is `ends_on`.
 * Read through `database`, the transaction holding the cohort's lock when the answer decides an offer.
 */
async function intakeOver(intake: Pick<StartedIntake, "cohort_id">, database: Kysely<Database> = asHostDb(apprenticeshipDb())) {
  const [cohort, sessions] = await Promise.all([
    database.selectFrom("cohorts").select("ends_on").where("id", "=", intake.cohort_id).executeTakeFirstOrThrow(),
    database.selectFrom("cohort_sessions").select(["status", "ends_at"]).where("cohort_id", "=", intake.cohort_id).execute(),
  ]);
  return cohortOver(cohort, sessions);
}

/** How many of the intake's funded places are free and how many reserves are waiting; undefined before it starts, "over" once it is over. */
export async function freePlacesOf(intake: StartedIntake): Promise<FreePlaces | undefined> {
  if (!intakeHasStarted(intake)) return undefined;
  const count = (statuses: readonly ((typeof HOLDING_STATUSES)[number] | "waitlisted")[]) =>
    apprenticeshipDb()
      .selectFrom("enrolments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("cohort_id", "=", intake.cohort_id)
      .where("status", "in", [...statuses])
      .executeTakeFirstOrThrow();
  const [over, holding, waiting] = await Promise.all([intakeOver(intake), count(HOLDING_STATUSES), count(["waitlisted"] as const)]);
  if (over) return "over";
  return { free: Math.max(0, intake.capacity - Number(holding.n)), waiting: Number(waiting.n) };
}

/**
 * L&D offer the free places of an intake that has started to the reserves, in their order, each told on
 * their home page (they must still accept); answers how many were offered one, or "over" for an intake
 * that is over (a form from a page shown before it ended), which offers nobody. Before the start a place
 * given up goes to the first reserve by itself, and a reserve is kept waiting by the panel's decision
 * even while places are free, so nothing is offered from here.
 */
export async function offerFreePlaces(intake: StartedIntake, actor: Actor): Promise<number | "over"> {
  if (!intakeHasStarted(intake)) return 0;
  // An old form for an intake long over is answered without taking the cohort's lock (on SQLite, the
  // database's one write lock); the intake may still end after this, so it is asked again under the lock.
  if (await intakeOver(intake)) return "over";
  const offered = await fillFreePlaces(intake.cohort_id, actor, async (trx) => ((await intakeOver(intake, trx)) ? { ok: false as const } : null));
  return Array.isArray(offered) ? offered.length : "over";
}
