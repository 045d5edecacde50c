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

/** A Level 5 cohort still running, and how many sessions it has scheduled (cancelled ones not counted). */
export interface RunningCohort {
  name: string;
  sessions: number;
}

/**
 * The Level 5 cohort still running with the fewest sessions scheduled, or null with none running. Running
 * is the opposite of the core's `cohortOver`, in SQL as `waitingListEnded` writes it: its last scheduled
 * session has not ended or, with none scheduled, its last day has not passed.
 */
export async function fewestSessionsRunning(executor: Kysely<Database> = db(), now = new Date()): Promise<RunningCohort | null> {
  const running = sql<SqlBool>`coalesce(max(s.ends_at) > ${now.toISOString()}, c.ends_on >= ${londonToday(now)})`;
  const fewest = await executor
    .selectFrom("cohorts as c")
    .leftJoin("cohort_sessions as s", (join) => join.onRef("s.cohort_id", "=", "c.id").on("s.status", "=", "scheduled"))
    .select(["c.name", (eb) => eb.fn.count<string | number>("s.id").as("sessions")])
    .where("c.programme_id", "=", PLUGIN_ID)
    .groupBy(["c.id", "c.name", "c.ends_on"])
    .having(running)
    .orderBy("sessions")
    .orderBy("c.id")
    .executeTakeFirst();
  return fewest ? { name: fewest.name, sessions: Number(fewest.sessions) } : null;
}

/**
 * The cohort still running that `requiredSessions` would leave nobody able to complete, or null when the
 * value can be saved. A learner completes by attending the sessions the rule asks for, read when their
 * completion is recorded, so raising it above a running cohort's scheduled sessions strands everyone on it
 * (the new cohort form refuses such a cohort for the same reason). Only a raise is refused: keeping or
 * lowering the rule strands nobody new, so a cohort already short (sessions cancelled) does not block the
 * page's other changes. Read in `executor`, the save's transaction, so the rule it compares with is the
 * one stored when the save is written.
 */
export async function cohortStrandedBy(requiredSessions: number, executor: Kysely<Database> = db()): Promise<RunningCohort | null> {
  const stored = await readSettingsIn(executor, PLUGIN_ID, { ...DEFAULT_SETTINGS });
  if (requiredSessions <= stored.requiredSessions) return null;
  const fewest = await fewestSessionsRunning(executor);
  return fewest && fewest.sessions < requiredSessions ? fewest : null;
}
