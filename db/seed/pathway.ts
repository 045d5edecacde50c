// Career pathway seed: two progression requests in the demo manager's team, so the manager's inbox and
// the progression panel have something to show. (Everyone's first stage and its history come from
// assignStagesFromRoles.)
import type { Kysely } from "kysely";
import { londonToday } from "../../app/utils/london-time";
import type { Database } from "../schema";

export async function seedPathway(db: Kysely<Database>, demoManagerId: number, now: Date) {
  const stamp = now.toISOString();

  const team = await db
    .selectFrom("people")
    .select(["id", "career_stage"])
    .where("line_manager_id", "=", demoManagerId)
    .where("email", "not like", "%@demo.test")
    .where("career_stage", "in", ["social_worker", "senior_practitioner"])
    .where("qualification_date", "<=", `${Number(londonToday(now).slice(0, 4)) - 3}-01-01`)
    .orderBy("id")
    .execute();
  const worker = team.find((p) => p.career_stage === "social_worker");
  const senior = team.find((p) => p.career_stage === "senior_practitioner");
  const request = (personId: number, from: string, to: string, statement: string, supported: boolean) => ({
    person_id: personId,
    from_stage: from,
    to_stage: to,
    statement,
    status: supported ? ("awaiting_panel" as const) : ("awaiting_manager" as const),
    manager_id: supported ? demoManagerId : null,
    manager_supports: supported ? 1 : null,
    manager_note: supported ? "Consistently strong practice and supervision of students; I support this." : null,
    manager_decided_at: supported ? stamp : null,
    panel_note: null,
    panel_decided_by: null,
    panel_decided_at: null,
    created_at: stamp,
    updated_at: stamp,
  });
  const requests = [
    ...(worker ? [request(worker.id, "social_worker", "senior_practitioner", "I have held complex child protection cases for three years and now mentor a newly qualified colleague.", false)] : []),
    ...(senior ? [request(senior.id, "senior_practitioner", "advanced_practitioner", "I lead the team's practice learning and have completed my NAAS self-assessment.", true)] : []),
  ];
  if (requests.length) await db.insertInto("progression_requests").values(requests).execute();
}
