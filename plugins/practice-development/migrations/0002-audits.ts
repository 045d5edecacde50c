import type { Kysely, Migration } from "kysely";
import { oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Thematic audits (theme, date, the sample of teams and localities), their team-level findings (a rating,
 * a practice area, the KSS statements and PCF domains touched) and the learning actions raised from a
 * finding (a briefing rollout, places on a cohort for some teams, or a suggested catalogue course),
 * tracked to done. No individual case data: no person is ever named here except who recorded or closed.
 */
export const audits: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("practice_development_audits"))
      .addColumn("theme", "text", (c) => c.notNull().check(oneOf("theme", ["supervision", "assessments", "permanence", "pathway_plans"])))
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("held_on", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("created_by", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_development_audits_held_idx").on("practice_development_audits").columns(["held_on", "id"]).execute();
    await db.schema.createIndex("practice_development_audits_theme_idx").on("practice_development_audits").columns(["theme", "held_on", "id"]).execute();

    await db.schema
      .createTable("practice_development_audit_sample")
      .addColumn("audit_id", "integer", (c) => c.notNull().references("practice_development_audits.id"))
      .addColumn("org_unit_id", "integer", (c) => c.notNull().references("org_units.id"))
      .addPrimaryKeyConstraint("practice_development_audit_sample_pk", ["audit_id", "org_unit_id"])
      .execute();

    await withIdColumn(db, db.schema.createTable("practice_development_audit_findings"))
      .addColumn("audit_id", "integer", (c) => c.notNull().references("practice_development_audits.id"))
      .addColumn("rating", "text", (c) => c.notNull().check(oneOf("rating", ["good", "requires_improvement", "inadequate"])))
      .addColumn("practice_area", "text", (c) => c.notNull())
      .addColumn("team_id", "integer", (c) => c.references("org_units.id"))
      .addColumn("note", "text")
      .addColumn("created_by", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_development_audit_findings_audit_idx").on("practice_development_audit_findings").columns(["audit_id", "id"]).execute();

    await db.schema
      .createTable("practice_development_finding_refs")
      .addColumn("finding_id", "integer", (c) => c.notNull().references("practice_development_audit_findings.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["kss", "pcf"])))
      .addColumn("ref", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("practice_development_finding_refs_pk", ["finding_id", "kind", "ref"])
      .execute();

    await withIdColumn(db, db.schema.createTable("practice_development_audit_actions"))
      .addColumn("audit_id", "integer", (c) => c.notNull().references("practice_development_audits.id"))
      .addColumn("finding_id", "integer", (c) => c.notNull().references("practice_development_audit_findings.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["rollout", "cohort", "course"])))
      .addColumn("rollout_id", "integer", (c) => c.references("practice_development_rollouts.id"))
      .addColumn("cohort_id", "integer", (c) => c.references("cohorts.id"))
      // A suggested course from the core catalogue, with its title and address as they were when chosen,
      // so the action still reads when the plugin offering it is switched off.
      .addColumn("course_source", "text")
      .addColumn("course_id", "text")
      .addColumn("course_title", "text")
      .addColumn("course_href", "text")
      .addColumn("due_on", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(oneOf("status", ["open", "done"])))
      .addColumn("closed_by", "integer")
      .addColumn("closed_at", "text")
      .addColumn("closed_note", "text")
      .addColumn("created_by", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_development_audit_actions_status_idx").on("practice_development_audit_actions").columns(["status", "due_on", "id"]).execute();
    await db.schema.createIndex("practice_development_audit_actions_audit_idx").on("practice_development_audit_actions").columns(["audit_id", "finding_id"]).execute();
    await db.schema.createIndex("practice_development_audit_actions_finding_idx").on("practice_development_audit_actions").columns(["finding_id", "id"]).execute();

    await db.schema
      .createTable("practice_development_audit_action_teams")
      .addColumn("action_id", "integer", (c) => c.notNull().references("practice_development_audit_actions.id"))
      .addColumn("team_id", "integer", (c) => c.notNull().references("org_units.id"))
      .addPrimaryKeyConstraint("practice_development_audit_action_teams_pk", ["action_id", "team_id"])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ["audit_action_teams", "audit_actions", "finding_refs", "audit_findings", "audit_sample", "audits"]) {
      await db.schema.dropTable(`practice_development_${table}`).ifExists().execute();
    }
  },
};
