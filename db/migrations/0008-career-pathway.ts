import { sql, type Kysely, type Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The career pathway as data an admin can edit: the stages with their names in both languages, the
 * years since qualifying each asks for, and which requirements each one has (defaults come from the core
 * and the plugins; a row here overrides a default). Each person's current stage, its history, and the
 * requests to progress. CPD entries gain what Social Work England asks a record to say.
 */
export const STAGES: { code: string; position: number; track: "main" | "side"; name_en: string; name_cy: string; min_years: number | null }[] = [
  { code: "social_care_officer", position: 10, track: "main", name_en: "Social care officer", name_cy: "Swyddog gofal cymdeithasol", min_years: null },
  { code: "apprentice", position: 20, track: "main", name_en: "Social work apprentice", name_cy: "Prentis gwaith cymdeithasol", min_years: null },
  { code: "asye_social_worker", position: 30, track: "main", name_en: "ASYE social worker", name_cy: "Gweithiwr cymdeithasol ASYE", min_years: 0 },
  { code: "social_worker", position: 40, track: "main", name_en: "Social worker", name_cy: "Gweithiwr cymdeithasol", min_years: 1 },
  { code: "senior_practitioner", position: 50, track: "main", name_en: "Senior practitioner", name_cy: "Uwch ymarferydd", min_years: 3 },
  { code: "advanced_practitioner", position: 60, track: "main", name_en: "Advanced practitioner", name_cy: "Ymarferydd uwch", min_years: 5 },
  { code: "practice_supervisor", position: 60, track: "main", name_en: "Practice supervisor", name_cy: "Goruchwyliwr ymarfer", min_years: 5 },
  { code: "team_manager", position: 70, track: "main", name_en: "Team manager", name_cy: "Rheolwr tîm", min_years: 5 },
  { code: "service_manager", position: 80, track: "main", name_en: "Service manager", name_cy: "Rheolwr gwasanaeth", min_years: 8 },
  { code: "head_of_service", position: 90, track: "main", name_en: "Head of service", name_cy: "Pennaeth gwasanaeth", min_years: 10 },
  { code: "iro", position: 60, track: "side", name_en: "Independent reviewing officer", name_cy: "Swyddog adolygu annibynnol", min_years: 5 },
  { code: "personal_adviser", position: 40, track: "side", name_en: "Personal adviser", name_cy: "Cynghorydd personol", min_years: null },
];

export const careerPathway: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("career_stages")
      .addColumn("code", "text", (c) => c.primaryKey().check(sql`code <> ''`))
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("track", "text", (c) => c.notNull().check(oneOf("track", ["main", "side"])))
      .addColumn("name_en", "text", (c) => c.notNull())
      .addColumn("name_cy", "text", (c) => c.notNull())
      .addColumn("min_years", "integer", (c) => c.check(check("min_years is null or min_years >= 0")))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    const now = new Date().toISOString();
    await db.insertInto("career_stages").values(STAGES.map((s) => ({ ...s, updated_at: now }))).execute();

    // Overrides of the default requirements: requirement_key is "<source>:<requirement id>".
    await db.schema
      .createTable("career_stage_requirements")
      .addColumn("stage_code", "text", (c) => c.notNull().references("career_stages.code"))
      .addColumn("requirement_key", "text", (c) => c.notNull())
      .addColumn("included", "integer", (c) => c.notNull().check(check("included in (0, 1)")))
      .addPrimaryKeyConstraint("career_stage_requirements_pk", ["stage_code", "requirement_key"])
      .execute();

    await db.schema.alterTable("people").addColumn("career_stage", "text", (c) => c.references("career_stages.code")).execute();
    await db
      .updateTable("people")
      .set({ career_stage: sql`role_category` })
      .where("role_category", "in", STAGES.map((s) => s.code))
      .execute();
    await db.schema.createIndex("people_career_stage_idx").on("people").column("career_stage").execute();

    await withIdColumn(db, db.schema.createTable("career_stage_history"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("stage_code", "text", (c) => c.notNull().references("career_stages.code"))
      .addColumn("started_on", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("career_stage_history_person_idx").on("career_stage_history").columns(["person_id", "started_on"]).execute();

    await withIdColumn(db, db.schema.createTable("progression_requests"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("from_stage", "text", (c) => c.references("career_stages.code"))
      .addColumn("to_stage", "text", (c) => c.notNull().references("career_stages.code"))
      .addColumn("statement", "text", (c) => c.notNull())
      .addColumn(
        "status",
        "text",
        (c) => c.notNull().check(oneOf("status", ["awaiting_manager", "awaiting_panel", "not_supported", "approved", "declined", "withdrawn"])),
      )
      .addColumn("manager_id", "integer", (c) => c.references("people.id"))
      .addColumn("manager_supports", "integer", (c) => c.check(check("manager_supports is null or manager_supports in (0, 1)")))
      .addColumn("manager_note", "text")
      .addColumn("manager_decided_at", "text")
      .addColumn("panel_note", "text")
      .addColumn("panel_decided_by", "integer", (c) => c.references("people.id"))
      .addColumn("panel_decided_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("progression_requests_person_idx").on("progression_requests").columns(["person_id", "created_at"]).execute();
    await db.schema.createIndex("progression_requests_status_idx").on("progression_requests").columns(["status", "created_at"]).execute();

    // What Social Work England asks of a CPD record: what was learnt, how it changes practice, and
    // whether it was reflected on with a peer.
    await db.schema.alterTable("cpd_entries").addColumn("learning", "text").execute();
    await db.schema.alterTable("cpd_entries").addColumn("practice_impact", "text").execute();
    await db.schema.alterTable("cpd_entries").addColumn("peer_reflection", "integer", (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: AnyDb) {
    for (const column of ["peer_reflection", "practice_impact", "learning"]) await db.schema.alterTable("cpd_entries").dropColumn(column).execute();
    await db.schema.dropTable("progression_requests").execute();
    await db.schema.dropTable("career_stage_history").execute();
    await db.schema.dropIndex("people_career_stage_idx").execute();
    await db.schema.alterTable("people").dropColumn("career_stage").execute();
    await db.schema.dropTable("career_stage_requirements").execute();
    await db.schema.dropTable("career_stages").execute();
  },
};
