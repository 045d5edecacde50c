// What the rollout tests share: a rollout made through the real action, a confirmation, the progress page
// as L&D or a manager reads it, a new person in a team, and three teams in three different localities.
import { expect } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as newRollout from "../routes/rollouts.new";
import { pdDb } from "../server/db.server";
import { idFrom, inDays, post } from "./briefing-requests";

export async function createRollout(briefing: number, fields: Record<string, string | string[]> = {}) {
  const outcome = await run(newRollout.action, await requestAs("ld", "/programmes/practice-development/rollouts/new", post({ briefing: String(briefing), dueOn: inDays(60), targetPercent: "80", ...fields })));
  expect(outcome.status).toBe(302);
  return idFrom(outcome.headers.get("Location"));
}

export const confirmAs = async (personId: number, briefing: number, version: number) => {
  const now = new Date().toISOString();
  await pdDb().insertInto("practice_development_confirmations").values({ briefing_id: briefing, person_id: personId, version, confirmed_at: now }).execute();
};

export type Progress = { total: { total: number; covered: number; booked: number; notYet: number }; teams: { id: number; name: string; total: number; covered: number; booked: number; notYet: number }[]; localities: { id: number; total: number; covered: number }[] };
export const progressAs = async (who: "ld" | "manager", rollout: number) => {
  const outcome = await run(rolloutPage.loader, await requestAs(who, `/programmes/practice-development/rollouts/${rollout}`), { rolloutId: String(rollout) });
  expect(outcome.status).toBe(200);
  return outcome.data as Progress;
};

let seq = 0;
export async function addPerson(teamId: number, roleCategory = "social_worker", employmentStart = "2020-01-01") {
  seq += 1;
  const [row] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: `PD-${seq}`, given_name: "Test", family_name: `Person ${seq}`, email: `pd${seq}@example.test`, team_id: teamId }, { role_category: roleCategory, employment_start: employmentStart }))
    .returning("id")
    .execute();
  return row.id;
}

export type Team = { id: number; parent_id: number | null };

/** Three teams in three different localities, from the seeded organisation. */
export async function teamsInThreeLocalities(): Promise<[Team, Team, Team]> {
  const teams = await db().selectFrom("org_units").select(["id", "parent_id"]).where("kind", "=", "team").orderBy("id").execute();
  const byParent = new Map<number | null, Team>();
  for (const t of teams) if (!byParent.has(t.parent_id)) byParent.set(t.parent_id, t);
  const [a, b, c] = [...byParent.values()];
  return [a, b, c];
}
