// The programme's rules as data: how many sessions to attend, the self-study target, the session topics
// a new cohort starts with, and the KSS statements a completion is evidence for. Defaults live in
// ../programme.ts.
import { readSettings, readSettingsIn, writeSettings } from "../../../app/services/settings.server";
import { sql, type Kysely, type SqlBool } from "kysely";
import type { Actor } from "../../../app/services/audit.server";
import { db, type Database } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { DEFAULT_SUPERVISOR_STATEMENTS, DEFAULT_TOPICS, PLUGIN_ID, REQUIRED_SESSIONS, SELF_STUDY_HOURS_TARGET } from "../programme";

export interface LeadershipSettings {
  requiredSessions: number;
  /** The self-study hours a learner needs (stored under its first name, so kept). */
  guidedHoursTarget: number;
  topics: string[];
  /** Practice supervisor KSS statements a completion is offered as evidence for, like "kss-supervisor:4". */
  supervisorStatements: string[];
}

export const DEFAULT_SETTINGS: LeadershipSettings = {
  requiredSessions: REQUIRED_SESSIONS,
  guidedHoursTarget: SELF_STUDY_HOURS_TARGET,
  topics: [...DEFAULT_TOPICS],
  supervisorStatements: [...DEFAULT_SUPERVISOR_STATEMENTS],
};

export const leadershipSettings = () => readSettings(PLUGIN_ID, { ...DEFAULT_SETTINGS });

export const saveLeadershipSettings = (settings: LeadershipSettings, actor: Actor, executor?: Kysely<Database>) => writeSettings(PLUGIN_ID, { ...settings }, actor, executor);

/**
 * A Level 5 cohort the rule still matters to, how many sessions it has scheduled (cancelled ones not
 * counted), and whether it is still running (if not, it has finished with learners still to be recorded).
 */
export interface RunningCohort {
  name: string;
  sessions: number;
  running: boolean;
}

/**
 * The Level 5 cohorts the sessions needed (`required`, as stored) still matter to, each with its sessions
 * scheduled: those still running, and those finished where someone still holds a place who has attended
 * the sessions needed but is not recorded as complete yet. Running is the opposite of the core's
 * `cohortOver`, in SQL as `waitingListEnded` writes it: its last scheduled session has not ended or, with
 * none scheduled, its last day has not passed. A learner's completion is often recorded weeks after the
 * cohort's last session (once the certificate comes) and reads the rule then, so raising it would leave
 * them unable to complete; a completion already recorded is stored, and no later rule undoes it. Someone
 * short of the sessions needed is not counted: a raise strands nobody new there, and L&D could otherwise
 * never raise the rule while a learner who left without being withdrawn still holds an old place.
 */
function cohortsTheRuleHolds(executor: Kysely<Database>, required: number, now: Date) {
  const at = now.toISOString();
  const running = sql<SqlBool>`coalesce(max(s.ends_at) > ${at}, c.ends_on >= ${londonToday(now)})`;
  // "Attended" as `presentAtHeldSessions` counts it: present at a session held (begun, not cancelled).
  const attended = sql<number>`(select count(*) from attendance a inner join cohort_sessions h on h.id = a.session_id where a.enrolment_id = e.id and a.status = 'present' and h.status = 'scheduled' and h.starts_at <= ${at})`;
  const waiting = sql<SqlBool>`exists (select 1 from enrolments e where e.cohort_id = c.id and e.status = 'enrolled' and ${attended} >= ${required})`;
  return executor
    .selectFrom("cohorts as c")
    .leftJoin("cohort_sessions as s", (join) => join.onRef("s.cohort_id", "=", "c.id").on("s.status", "=", "scheduled"))
    .select(["c.name", (eb) => eb.fn.count<string | number>("s.id").as("sessions"), running.as("running")])
    .where("c.programme_id", "=", PLUGIN_ID)
    .groupBy(["c.id", "c.name", "c.ends_on"])
    .having(sql<SqlBool>`${running} or ${waiting}`);
}

/** The Level 5 cohort the rule still matters to (`cohortsTheRuleHolds`) with the fewest sessions scheduled, or null with none. */
export async function fewestSessionsRunning(required: number, executor: Kysely<Database> = db(), now = new Date()): Promise<RunningCohort | null> {
  const fewest = await cohortsTheRuleHolds(executor, required, now).orderBy("sessions").orderBy("c.id").executeTakeFirst();
  return fewest ? { name: fewest.name, sessions: Number(fewest.sessions), running: Boolean(fewest.running) } : null;
}

/**
 * The cohort the rule still matters to (`cohortsTheRuleHolds`: running, or finished with learners waiting
 * to be recorded as complete) that `requiredSessions` would leave nobody able to complete, or null when the
 * value can be saved. A learner completes by attending the sessions the rule asks for, read when their
 * completion is recorded, so raising it above such a cohort's scheduled sessions strands everyone on it
 * (the new cohort form refuses such a cohort for the same reason). Only a raise is refused: keeping or lowering the rule strands nobody new, so a cohort already
 * short (sessions cancelled) does not block the page's other changes. Read in `executor`, the save's
 * transaction, so the rule it compares with is the one stored when the save is written.
 */
export async function cohortStrandedBy(requiredSessions: number, executor: Kysely<Database> = db()): Promise<RunningCohort | null> {
  const stored = await readSettingsIn(executor, PLUGIN_ID, { ...DEFAULT_SETTINGS });
  if (requiredSessions <= stored.requiredSessions) return null;
  const fewest = await fewestSessionsRunning(stored.requiredSessions, executor);
  return fewest && fewest.sessions < requiredSessions ? fewest : null;
}

/** Sessions a cohort would be left with by a cancellation, fewer than the `needed` a learner must attend. */
export interface SessionsShort {
  needed: number;
  left: number;
}

/**
 * What cancelling one of a cohort's scheduled sessions would leave it short of, or null when it may be
 * cancelled. The mirror of `cohortStrandedBy`: a cancellation is refused when it takes a cohort the rule
 * still matters to from enough sessions to fewer, stranding everyone on it. A cohort already short
 * (made before the rule was raised, say) strands nobody new, so its sessions may still be cancelled. Read
 * in `executor`, the cancellation's transaction under the units' lock that a raise of the rule also holds,
 * so a raise at the same moment lands wholly before this check or after the cancellation.
 */
export async function sessionsShortAfterCancelling(cohortId: number, executor: Kysely<Database> = db(), now = new Date()): Promise<SessionsShort | null> {
  const { requiredSessions } = await readSettingsIn(executor, PLUGIN_ID, { ...DEFAULT_SETTINGS });
  const cohort = await cohortsTheRuleHolds(executor, requiredSessions, now).where("c.id", "=", cohortId).executeTakeFirst();
  if (!cohort) return null;
  const scheduled = Number(cohort.sessions);
  return scheduled >= requiredSessions && scheduled - 1 < requiredSessions ? { needed: requiredSessions, left: scheduled - 1 } : null;
}
