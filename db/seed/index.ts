// Seeds a scenario into an empty, migrated database: the organisation, the demo accounts, then each
// installed plugin's own data. All in one transaction: a failed seed leaves the database empty.
import type { Kysely } from "kysely";
import type { ProgrammePlugin, Role } from "../../plugins/sdk";
import { orderByDependencies } from "../migrate";
import type { Database } from "../schema";
import { assignStagesFromRoles, moveToStage } from "../../app/services/career-stages.server";
import { seedOrganisation, type Scale } from "./organisation";
import { seedPathway } from "./pathway";

export const DEMO_PASSWORD = "pathways-demo";

export const DEMO_ROLES: Record<string, Role[]> = {
  practitioner: ["practitioner"],
  asye: ["practitioner"],
  manager: ["manager", "practitioner"],
  serviceManager: ["manager", "practitioner"],
  ld: ["learning_development"],
  admin: ["admin"],
};

export type SeedProgress = (label: string, done: number, total: number) => void;

export async function isEmpty(db: Kysely<Database>) {
  const row = await db.selectFrom("people").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

export async function seed(db: Kysely<Database>, options: { scale: Scale; plugins: ProgrammePlugin[]; passwordHash: string; progress: SeedProgress; now?: Date }) {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const organisation = await seedOrganisation(trx, options.scale, now, options.progress);
    await assignStagesFromRoles(trx);
    await seedPathway(trx, organisation.demo.manager, now);
    for (const [account, personId] of Object.entries(organisation.demo)) {
      const person = await trx.selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
      const [user] = await trx
        .insertInto("users")
        .values({ person_id: personId, email: person.email, password_hash: options.passwordHash, created_at: now.toISOString() })
        .returning("id")
        .execute();
      await trx.insertInto("user_roles").values(DEMO_ROLES[account].map((role) => ({ user_id: user.id, role }))).execute();
    }
    for (const plugin of orderByDependencies(options.plugins)) {
      if (!plugin.seed) continue;
      await plugin.seed(
        {
          db: trx,
          now: () => now,
          locale: "en-GB",
          t: (key) => key,
          audit: async () => undefined,
          moveToStage: (move, executor) => moveToStage({ userId: null, personId: null }, { ...move, source: plugin.id }, executor ?? trx),
          people: organisation.people.map((p) => ({ id: p.id, roleCategory: p.roleCategory, teamId: p.teamId })),
          progress: (label, done, total) => options.progress(`${plugin.id}: ${label}`, done, total),
        },
        options.scale,
      );
    }
    await trx
      .insertInto("audit_events")
      .values({ occurred_at: now.toISOString(), actor_user_id: null, actor_person_id: null, action: "seed.applied", subject_type: "database", subject_id: options.scale, person_id: null, before_json: null, after_json: JSON.stringify({ people: organisation.people.length }) })
      .execute();
    return { people: organisation.people.length };
  });
}
