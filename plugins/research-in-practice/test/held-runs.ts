// Completion opens only once a run's session has begun, but a council-only run made through the pages
// starts tomorrow at the earliest, and the sample's next runs are weeks away. A test that records
// completion first moves its run into the past, as if it had been held.
import { planSessions } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { ripDb } from "../server/db.server";

/** Yesterday in London, where the runs take place. */
export const yesterday = () => addDaysToDate(londonToday(), -1);

/**
 * The run's cohort starts on `startsOn` and ends on `endsOn`, and its one session began that day at
 * 09:30 London time, as the sync and a council-only run plan it.
 */
export async function heldOn(runId: string, startsOn: string, endsOn = startsOn) {
  const { cohort_id, session_id } = await ripDb().selectFrom("research_in_practice_runs").select(["cohort_id", "session_id"]).where("id", "=", runId).executeTakeFirstOrThrow();
  const [session] = planSessions({ firstDate: startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 390 });
  await db().updateTable("cohorts").set({ starts_on: startsOn, ends_on: endsOn }).where("id", "=", cohort_id).execute();
  await db().updateTable("cohort_sessions").set({ starts_at: session.starts_at, ends_at: session.ends_at }).where("id", "=", session_id).execute();
}
