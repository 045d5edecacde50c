import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The moment now, written as every timestamp is (`toISOString`), for a writer that did not say when. */
const SQLITE_NOW = sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`);
const POSTGRES_NOW = sql.raw(`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * When an enrolment was completed, so the key metrics date a completion by it: they read `updated_at`,
 * which any later change to the row moved, taking the completion into a later quarter. Kept by triggers,
 * as 0016 keeps its search index, so every writer of a completion (the plugins' completion pages, a
 * seed, an import) sets it with no change: the writer's own `updated_at` of that change (their clocks
 * agree with the rest of the row), or the database's clock if it left that alone. A writer may give its
 * own. A place that stops being completed loses it. Completions already recorded take the moment of
 * their completion event in the audit trail (`<plugin>.completed` on the enrolment), or else `updated_at`,
 * the best left of when it happened.
 */
export const enrolmentsCompletedAt: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("enrolments").addColumn("completed_at", "text").execute();
    await backfillFromCompletionEvents(db);
    await sql`update enrolments set completed_at = updated_at where status = 'completed' and completed_at is null`.execute(db);
    if (isPostgres(db)) await postgresTrigger(db);
    else await sqliteTriggers(db);
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop trigger if exists enrolments_completed_at on enrolments`.execute(db);
      await sql`drop function if exists enrolments_completed_at()`.execute(db);
    } else {
      for (const trigger of ["enrolments_completed_at_insert", "enrolments_completed_at_update"]) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    }
    await db.schema.alterTable("enrolments").dropColumn("completed_at").execute();
  },
};

/**
 * One pass over the audit trail (it has no index by subject, and a lookup a completion would read it once
 * each): the latest completion event of each enrolment, written onto those still completed.
 */
async function backfillFromCompletionEvents(db: AnyDb) {
  await sql`update enrolments set completed_at = done.occurred_at
    from (select cast(subject_id as integer) as enrolment_id, max(occurred_at) as occurred_at from audit_events
          where subject_type = 'enrolment' and action like '%.completed' group by subject_id) as done
    where enrolments.id = done.enrolment_id and enrolments.status = 'completed'`.execute(db);
}

async function postgresTrigger(db: AnyDb) {
  await sql`create function enrolments_completed_at() returns trigger language plpgsql as $$
    begin
      if new.status <> 'completed' then
        new.completed_at := null;
      elsif tg_op = 'INSERT' then
        new.completed_at := coalesce(new.completed_at, new.updated_at);
      elsif old.status <> 'completed' then
        new.completed_at := coalesce(new.completed_at, case when new.updated_at is distinct from old.updated_at then new.updated_at else ${POSTGRES_NOW} end);
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger enrolments_completed_at before insert or update of status on enrolments
    for each row execute function enrolments_completed_at()`.execute(db);
}

/** SQLite cannot change the row in a BEFORE trigger, so each sets the column just after, by the row's id. */
async function sqliteTriggers(db: AnyDb) {
  await sql`create trigger enrolments_completed_at_insert after insert on enrolments
    when (new.status = 'completed') = (new.completed_at is null) begin
      update enrolments set completed_at = case when new.status = 'completed' then new.updated_at end where id = new.id;
    end`.execute(db);
  await sql`create trigger enrolments_completed_at_update after update of status on enrolments
    when (new.status = 'completed') <> (old.status = 'completed') begin
      update enrolments set completed_at = case
        when new.status <> 'completed' then null
        else coalesce(new.completed_at, case when new.updated_at is not old.updated_at then new.updated_at else ${SQLITE_NOW} end)
      end where id = new.id;
    end`.execute(db);
}
