import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Independent reviewing officers and assistant team managers were never given a career stage: the staff
 * import started someone at the stage whose code is their role, and neither role's code is a stage's
 * (`iro`; no assistant team manager stage). The import now maps them (`STAGE_OF_ROLE` in
 * app/services/career-stages.server.ts: to `iro`, and to `practice_supervisor`); this starts those already
 * held without a stage the same way, with the same first history row. The map is repeated here because a
 * migration runs as it was written, whatever the service later says.
 */
const STAGE_OF_ROLE = [
  ["independent_reviewing_officer", "iro"],
  ["assistant_team_manager", "practice_supervisor"],
] as const;

export const stagesForEveryRole: Migration = {
  async up(db: AnyDb) {
    const now = new Date().toISOString();
    for (const [role, stage] of STAGE_OF_ROLE) {
      const waiting = sql`career_stage is null and role_category = ${role} and exists (select 1 from career_stages where code = ${stage})`;
      await sql`insert into career_stage_history (person_id, stage_code, started_on, source, note, recorded_by, created_at)
        select id, cast(${stage} as text), employment_start, 'import', null, null, cast(${now} as text) from people where ${waiting}`.execute(db);
      await sql`update people set career_stage = ${stage} where ${waiting}`.execute(db);
    }
  },
  async down() {
    // The stages stay: who was started by this migration rather than later is not kept.
  },
};
