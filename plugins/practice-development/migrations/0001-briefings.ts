import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Briefings (practice guidance, versioned), whom each is for, each person's "read and understood"
 * confirmations (with the version read), the cohorts on the core engine that deliver a briefing or a
 * Signs of Safety stage, and rollouts: a target for a briefing over roles, teams and localities.
 */
export const briefings: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("practice_development_briefings"))
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1).check(check("version >= 1")))
      // Confirmations (and sessions) of this version or later count; a new version that requires
      // everyone to confirm again moves it up to itself.
      .addColumn("counts_from_version", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("link_url", "text")
      .addColumn("document_url", "text")
      .addColumn("delivery", "text", (c) => c.notNull().check(oneOf("delivery", ["read", "session"])))
      .addColumn("in_induction", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_development_briefings_title_idx").on("practice_development_briefings").columns(["title", "id"]).execute();

    await db.schema
      .createTable("practice_development_briefing_versions")
      .addColumn("briefing_id", "integer", (c) => c.notNull().references("practice_development_briefings.id"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("requires_reconfirmation", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_by", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("practice_development_briefing_versions_pk", ["briefing_id", "version"])
      .execute();

    await db.schema
      .createTable("practice_development_briefing_audience")
      .addColumn("briefing_id", "integer", (c) => c.notNull().references("practice_development_briefings.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["role", "team"])))
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("practice_development_briefing_audience_pk", ["briefing_id", "kind", "value"])
      .execute();

    await withIdColumn(db, db.schema.createTable("practice_development_confirmations"))
      .addColumn("briefing_id", "integer", (c) => c.notNull().references("practice_development_briefings.id"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("confirmed_at", "text", (c) => c.notNull())
      .addUniqueConstraint("practice_development_confirmations_once", ["briefing_id", "person_id", "version"])
      .execute();
    await db.schema.createIndex("practice_development_confirmations_person_idx").on("practice_development_confirmations").columns(["person_id", "briefing_id", "version"]).execute();

    await db.schema
      .createTable("practice_development_cohorts")
      .addColumn("cohort_id", "integer", (c) => c.primaryKey().references("cohorts.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["briefing", "sos_intro", "sos_course", "sos_practice_lead"])))
      .addColumn("briefing_id", "integer", (c) => c.references("practice_development_briefings.id"))
      .addColumn("briefing_version", "integer")
      .execute();
    await db.schema.createIndex("practice_development_cohorts_briefing_idx").on("practice_development_cohorts").columns(["briefing_id", "briefing_version"]).execute();
    await db.schema.createIndex("practice_development_cohorts_kind_idx").on("practice_development_cohorts").column("kind").execute();

    await withIdColumn(db, db.schema.createTable("practice_development_rollouts"))
      .addColumn("briefing_id", "integer", (c) => c.notNull().references("practice_development_briefings.id"))
      .addColumn("starts_on", "text", (c) => c.notNull())
      .addColumn("due_on", "text", (c) => c.notNull())
      .addColumn("target_percent", "integer", (c) => c.notNull().check(check("target_percent between 1 and 100")))
      .addColumn("created_by", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_development_rollouts_briefing_idx").on("practice_development_rollouts").columns(["briefing_id", "due_on"]).execute();

    await db.schema
      .createTable("practice_development_rollout_targets")
      .addColumn("rollout_id", "integer", (c) => c.notNull().references("practice_development_rollouts.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["role", "team", "locality"])))
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("practice_development_rollout_targets_pk", ["rollout_id", "kind", "value"])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ["rollout_targets", "rollouts", "cohorts", "confirmations", "briefing_audience", "briefing_versions", "briefings"]) {
      await db.schema.dropTable(`practice_development_${table}`).ifExists().execute();
    }
  },
};
