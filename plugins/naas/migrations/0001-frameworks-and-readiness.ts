import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const TABLES = ["naas_offer_decisions", "naas_candidates", "naas_windows", "naas_evidence", "naas_ratings", "naas_statement_maps", "naas_statements", "naas_frameworks"];

/**
 * Frameworks as versioned data with statement mappings between versions; a person's ratings, evidence
 * and journey (endorsement, booking, outcome) per track; assessment windows set by L&D.
 */
export const frameworksAndReadiness: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("naas_frameworks"))
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("track", "text", (c) => c.notNull().check(oneOf("track", ["practitioner", "supervisor"])))
      .addColumn("version", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("title_cy", "text", (c) => c.notNull())
      .addColumn("valid_from", "text", (c) => c.notNull())
      .addColumn("valid_to", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("naas_frameworks_version", ["code", "version"])
      .execute();

    await withIdColumn(db, db.schema.createTable("naas_statements"))
      .addColumn("framework_id", "integer", (c) => c.notNull().references("naas_frameworks.id").onDelete("cascade"))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("title_cy", "text", (c) => c.notNull())
      .addUniqueConstraint("naas_statements_number", ["framework_id", "number"])
      .execute();

    await db.schema
      .createTable("naas_statement_maps")
      .addColumn("from_statement_id", "integer", (c) => c.notNull().references("naas_statements.id").onDelete("cascade"))
      .addColumn("to_statement_id", "integer", (c) => c.notNull().references("naas_statements.id").onDelete("cascade"))
      .addPrimaryKeyConstraint("naas_statement_maps_pk", ["from_statement_id", "to_statement_id"])
      .execute();
    await db.schema.createIndex("naas_statement_maps_to_idx").on("naas_statement_maps").column("to_statement_id").execute();

    await db.schema
      .createTable("naas_ratings")
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("statement_id", "integer", (c) => c.notNull().references("naas_statements.id"))
      .addColumn("self_rating", "integer", (c) => c.check(check("self_rating between 1 and 4")))
      .addColumn("self_rated_at", "text")
      .addColumn("review", "text", (c) => c.check(oneOf("review", ["agree", "differ"])))
      .addColumn("manager_rating", "integer", (c) => c.check(check("manager_rating between 1 and 4")))
      .addColumn("manager_comment", "text")
      .addColumn("reviewed_by", "integer", (c) => c.references("people.id"))
      .addColumn("reviewed_at", "text")
      .addPrimaryKeyConstraint("naas_ratings_pk", ["person_id", "statement_id"])
      .execute();

    await withIdColumn(db, db.schema.createTable("naas_evidence"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("statement_id", "integer", (c) => c.notNull().references("naas_statements.id"))
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["observation", "supervision", "case_work", "course", "feedback"])))
      .addColumn("reflection", "text", (c) => c.notNull())
      .addColumn("offer_id", "integer", (c) => c.references("evidence_offers.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("naas_evidence_person_idx").on("naas_evidence").columns(["person_id", "statement_id"]).execute();

    await withIdColumn(db, db.schema.createTable("naas_windows"))
      .addColumn("track", "text", (c) => c.notNull().check(oneOf("track", ["practitioner", "supervisor"])))
      .addColumn("knowledge_on", "text", (c) => c.notNull())
      .addColumn("knowledge_place", "text", (c) => c.notNull())
      .addColumn("practice_on", "text", (c) => c.notNull())
      .addColumn("practice_place", "text", (c) => c.notNull())
      .addColumn("capacity", "integer", (c) => c.notNull().check(check("capacity > 0")))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("naas_windows_track_idx").on("naas_windows").columns(["track", "knowledge_on"]).execute();

    await db.schema
      .createTable("naas_candidates")
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("track", "text", (c) => c.notNull().check(oneOf("track", ["practitioner", "supervisor"])))
      .addColumn("endorsement_requested_at", "text")
      .addColumn("endorsement", "text", (c) => c.check(oneOf("endorsement", ["endorsed", "not_yet"])))
      .addColumn("endorsement_note", "text")
      .addColumn("endorsed_by", "integer", (c) => c.references("people.id"))
      .addColumn("endorsed_at", "text")
      .addColumn("window_id", "integer", (c) => c.references("naas_windows.id"))
      .addColumn("booked_at", "text")
      .addColumn("outcome", "text", (c) => c.check(oneOf("outcome", ["accredited", "not_yet_accredited"])))
      .addColumn("outcome_on", "text")
      .addColumn("outcome_by", "integer", (c) => c.references("people.id"))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("naas_candidates_pk", ["person_id", "track"])
      .execute();
    await db.schema.createIndex("naas_candidates_window_idx").on("naas_candidates").column("window_id").execute();

    await db.schema
      .createTable("naas_offer_decisions")
      .addColumn("offer_id", "integer", (c) => c.notNull().references("evidence_offers.id"))
      .addColumn("statement_id", "integer", (c) => c.notNull().references("naas_statements.id"))
      .addColumn("decision", "text", (c) => c.notNull().check(oneOf("decision", ["accepted", "dismissed"])))
      .addColumn("decided_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("naas_offer_decisions_pk", ["offer_id", "statement_id"])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
