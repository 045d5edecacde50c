import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const OLD = "naas:accreditation";
const PRACTITIONER = "naas:accreditation-practitioner";
const SUPERVISOR = "naas:accreditation-supervisor";

/** The stages that lead people and practice, whose accreditation, added by an admin, is the practice supervisor's. */
const LEADING_STAGES = ["practice_supervisor", "team_manager", "service_manager", "head_of_service"];

const trackKeyOf = (stage: string) => (LEADING_STAGES.includes(stage) ? SUPERVISOR : PRACTITIONER);

/**
 * NAAS's one accreditation requirement, met by whichever track the plugin took as the person's main one, is
 * now one requirement a track, each on its own stage by default (the practitioner's on advanced
 * practitioner, the practice supervisor's on practice supervisor). An admin's overrides of the old one are
 * kept as overrides of the track's: an override is stored only where it differs from the default, so one
 * taking it off is on one of those two stages, and one adding it is on another stage, where it becomes
 * the accreditation of the track that stage leads from (a manager's is the practice supervisor's).
 * Nothing already set for a new requirement is overwritten.
 */
export const accreditationPerTrack: Migration = {
  async up(db: AnyDb) {
    const rows = await db.selectFrom("career_stage_requirements").select(["stage_code", "included"]).where("requirement_key", "=", OLD).execute();
    for (const r of rows) {
      const value = { stage_code: r.stage_code, requirement_key: trackKeyOf(r.stage_code), included: r.included };
      await db.insertInto("career_stage_requirements").values(value).onConflict((oc) => oc.columns(["stage_code", "requirement_key"]).doNothing()).execute();
    }
    await db.deleteFrom("career_stage_requirements").where("requirement_key", "=", OLD).execute();
  },
  async down(db: AnyDb) {
    const rows = await db.selectFrom("career_stage_requirements").select(["stage_code", "requirement_key", "included"]).where("requirement_key", "in", [PRACTITIONER, SUPERVISOR]).execute();
    for (const r of rows.filter((row) => row.requirement_key === trackKeyOf(row.stage_code))) {
      await db.insertInto("career_stage_requirements").values({ stage_code: r.stage_code, requirement_key: OLD, included: r.included }).onConflict((oc) => oc.columns(["stage_code", "requirement_key"]).doNothing()).execute();
    }
    await db.deleteFrom("career_stage_requirements").where("requirement_key", "in", [PRACTITIONER, SUPERVISOR]).execute();
  },
};
