// Moving a cohort's days to now, so a test can stand just before or just after its first session begins.
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";

const HOUR = 3_600_000;

/** Moves the cohort's days to start London's today, its sessions one a day from `firstStartsAt`. */
export async function startingToday(cohort: number, firstStartsAt: Date) {
  const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort).orderBy("sequence").execute();
  const today = londonToday();
  await db().updateTable("cohorts").set({ starts_on: today, ends_on: addDaysToDate(today, sessions.length - 1), enrolment_closes_on: today }).where("id", "=", cohort).execute();
  for (const [i, s] of sessions.entries()) {
    const startsAt = new Date(firstStartsAt.getTime() + i * 24 * HOUR);
    await db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 1.5 * HOUR).toISOString() }).where("id", "=", s.id).execute();
  }
}

/** Resolves just after `moment` (at once if it has passed): a test's way to stand past a session's start or end. */
export const justAfter = (moment: Date) => new Promise((resolve) => setTimeout(resolve, Math.max(0, moment.getTime() - Date.now()) + 50));
