// The programme's rules as data: how many sessions to attend, the self-study target, the session topics
// a new cohort starts with, and the KSS statements a completion is evidence for. Defaults live in
// ../programme.ts.
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Kysely } from "kysely";
import type { Actor } from "../../../app/services/audit.server";
import type { Database } from "../../../app/utils/db.server";
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
