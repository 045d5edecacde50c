import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * SQLite's counterpart of 0011: an FTS5 table with the trigram tokenizer over `people.search_text`, so a
 * search of three characters or more finds its matches anywhere in the text without reading the whole
 * search index (people_search_idx). At 60,000 people, "smith" takes 0.7 ms instead of 3.8 (docs/performance.md).
 * The table holds only the index: its text is read from `people` (an external-content table), and the
 * triggers keep it in step with every writer of a person, so a seed, an import or a test needs no change.
 */
export const peopleTrigramSearchOnSqlite: Migration = {
  async up(db: AnyDb) {
    if (isPostgres(db)) return;
    await sql`create virtual table people_search_fts using fts5(search_text, content = 'people', content_rowid = 'id', tokenize = 'trigram')`.execute(db);
    await sql`create trigger people_search_fts_insert after insert on people begin
      insert into people_search_fts (rowid, search_text) values (new.id, new.search_text);
    end`.execute(db);
    await sql`create trigger people_search_fts_delete after delete on people begin
      insert into people_search_fts (people_search_fts, rowid, search_text) values ('delete', old.id, old.search_text);
    end`.execute(db);
    await sql`create trigger people_search_fts_update after update of id, search_text on people begin
      insert into people_search_fts (people_search_fts, rowid, search_text) values ('delete', old.id, old.search_text);
      insert into people_search_fts (rowid, search_text) values (new.id, new.search_text);
    end`.execute(db);
    await sql`insert into people_search_fts (people_search_fts) values ('rebuild')`.execute(db);
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) return;
    for (const trigger of ["people_search_fts_insert", "people_search_fts_delete", "people_search_fts_update"]) {
      await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
    }
    await sql`drop table if exists people_search_fts`.execute(db);
  },
};
