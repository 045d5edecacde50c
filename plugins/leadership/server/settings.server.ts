// The programme's rules as data: how many sessions to attend, the guided-learning target, and the
// session topics a new cohort starts with. Defaults live in ../programme.ts.
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Kysely } from "kysely";
import type { Actor } from "../../../app/services/audit.server";
import type { Database } from "../../../app/utils/db.server";
import { DEFAULT_TOPICS, GUIDED_HOURS_TARGET, PLUGIN_ID, REQUIRED_SESSIONS } from "../programme";

export interface LeadershipSettings {
  requiredSessions: number;
  guidedHoursTarget: number;
  topics: string[];
}

export const DEFAULT_SETTINGS: LeadershipSettings = { requiredSessions: REQUIRED_SESSIONS, guidedHoursTarget: GUIDED_HOURS_TARGET, topics: [...DEFAULT_TOPICS] };

export const leadershipSettings = () => readSettings(PLUGIN_ID, { ...DEFAULT_SETTINGS });

export const saveLeadershipSettings = (settings: LeadershipSettings, actor: Actor, executor?: Kysely<Database>) => writeSettings(PLUGIN_ID, { ...settings }, actor, executor);
