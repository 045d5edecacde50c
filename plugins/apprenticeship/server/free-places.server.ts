// Places freed once an intake has started: a place declined or given up from then on does not go to the
// first reserve by itself (they would join a degree already running), so L&D see what is free and who is
// waiting, and offer the places to the reserve list themselves when the reserves can still catch up.
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import type { Actor } from "../../../app/services/audit.server";
import { fillFreePlaces } from "../../../app/services/enrolment.server";
import { londonToday } from "../../../app/utils/london-time";
import { apprenticeshipDb } from "./db.server";

interface StartedIntake {
  cohort_id: number;
  starts_on: string;
  capacity: number;
}

/** Whether the intake's degree has begun (London's date), from when L&D offer freed places themselves. */
export const intakeHasStarted = (intake: { starts_on: string }) => intake.starts_on <= londonToday();

/** How many of the intake's funded places are free and how many reserves are waiting; undefined before it starts. */
export async function freePlacesOf(intake: StartedIntake): Promise<{ free: number; waiting: number } | undefined> {
  if (!intakeHasStarted(intake)) return undefined;
  const count = (statuses: readonly ((typeof HOLDING_STATUSES)[number] | "waitlisted")[]) =>
    apprenticeshipDb()
      .selectFrom("enrolments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("cohort_id", "=", intake.cohort_id)
      .where("status", "in", [...statuses])
      .executeTakeFirstOrThrow();
  const [holding, waiting] = await Promise.all([count(HOLDING_STATUSES), count(["waitlisted"] as const)]);
  return { free: Math.max(0, intake.capacity - Number(holding.n)), waiting: Number(waiting.n) };
}

/**
 * L&D offer the free places of an intake that has started to the reserves, in their order, each told on
 * their home page (they must still accept); answers how many were offered one. Before the start a place
 * given up goes to the first reserve by itself, and a reserve is kept waiting by the panel's decision
 * even while places are free, so nothing is offered from here.
 */
export async function offerFreePlaces(intake: StartedIntake, actor: Actor) {
  if (!intakeHasStarted(intake)) return 0;
  return (await fillFreePlaces(intake.cohort_id, actor)).length;
}
