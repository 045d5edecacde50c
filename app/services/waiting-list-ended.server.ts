// When a cohort's waiting list has ended, in one place: `cohortOver` for the code that gives places and
// `waitingListEnded` for the queries that count people waiting. They are the same rule, written once in
// TypeScript and once in SQL (tests/integration/waiting-list-ended-agrees.test.ts holds them together).
import { sql, type SqlBool } from "kysely";
import type { ProgrammePlugin } from "../../plugins/sdk";
import { londonToday } from "../utils/london-time";

/**
 * Whether the cohort is over: its last scheduled session has ended or, with none scheduled (an
 * apprenticeship intake, whose `ends_on` is three years on; a cohort with every date cancelled), its last
 * day (`ends_on`) is before London's today. The sessions decide where there are any: they are when the
 * cohort is taught, and can be planned or moved past `ends_on`, which nothing holds them within. Nobody
 * waiting on a cohort that is over is given a place (`promoteWaiting`), and the core's counts of people
 * waiting leave them out (`waitingListEnded`, the same rule in SQL).
 */
export function cohortOver(cohort: { ends_on: string }, sessions: readonly { status: string; ends_at: string }[], now = new Date()) {
  const ends = sessions.filter((s) => s.status === "scheduled").map((s) => s.ends_at);
  if (ends.length === 0) return cohort.ends_on < londonToday(now);
  return ends.reduce((last, end) => (end > last ? end : last)) <= now.toISOString();
}

/**
 * Whether the waiting list of the cohort `c` (the query's alias for `cohorts`) has ended: anyone still on it
 * waits for a place nobody will give them, so a count of people waiting leaves them out. It ends once the
 * cohort is over (`cohortOver`), whatever the programme, and for one of `plugins` whose waiting list ends
 * when a cohort's first scheduled session begins (`waitingListEndsAtStart` in the plugin contract), once
 * that has begun.
 * Never null (`not null` would leave the waiting list out too): the last session's end is null with none
 * scheduled, where `ends_on` answers, and the start is asked as EXISTS (one scheduled session has begun, so
 * the first has), not `min(starts_at) <= now`. Each reads the cohort's sessions by `cohort_sessions_cohort_idx`.
 */
export function waitingListEnded(plugins: readonly ProgrammePlugin[], now: Date) {
  const over = sql<SqlBool>`coalesce((select max(s.ends_at) from cohort_sessions as s where s.cohort_id = c.id and s.status = 'scheduled') <= ${now.toISOString()}, c.ends_on < ${londonToday(now)})`;
  const ending = plugins.filter((p) => p.waitingListEndsAtStart).map((p) => p.id);
  if (ending.length === 0) return sql<SqlBool>`(${over})`;
  return sql<SqlBool>`((c.programme_id in (${sql.join(ending)}) and exists (select 1 from cohort_sessions as s where s.cohort_id = c.id and s.status = 'scheduled' and s.starts_at <= ${now.toISOString()})) or ${over})`;
}
