import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * On PostgreSQL, a trigram index lets `search_text LIKE '%smith%'` find its rows without reading the
 * table: at 60,000 people the admin search read every row, 0.04 of the floor's throughput (the benchmark,
 * docs/performance.md). pg_trgm ships with PostgreSQL and is a trusted extension, so the database's owner
 * may create it; where a server lacks it, search still works, reading the narrow index of 0010.
 * SQLite has its own trigram index (0016).
 */
export const peopleTrigramSearch: Migration = {
  async up(db: AnyDb) {
    if (!isPostgres(db) || !(await trigramsAvailable(db))) return;
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index people_search_trgm_idx on people using gin (search_text gin_trgm_ops)`.execute(db);
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) await sql`drop index if exists people_search_trgm_idx`.execute(db);
  },
};

async function trigramsAvailable(db: AnyDb) {
  const { rows } = await sql<{ name: string }>`select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  return rows.length > 0;
}
