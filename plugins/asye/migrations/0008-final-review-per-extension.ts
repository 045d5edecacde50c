import { sql, type Kysely, type Migration } from "kysely";
import { check, isPostgres, oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const OLD_KEY = "asye_reviews_once";
const NEW_KEY = "asye_reviews_once_per_extension";
const COLUMNS = ["id", "year_id", "review_month", "held_on", "outcome", "note", "recorded_by", "created_at"];

/** asye_reviews as migration 0001 made it, less its key: the key is added by the caller. */
const reviewsTable = (db: AnyDb, name: string) =>
  withIdColumn(db, db.schema.createTable(name))
    .addColumn("year_id", "integer", (c) => c.notNull().references("asye_years.id").onDelete("cascade"))
    .addColumn("review_month", "integer", (c) => c.notNull().check(check("review_month in (3, 6, 9, 12)")))
    .addColumn("held_on", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull().check(oneOf("outcome", ["on_track", "concerns", "not_on_track"])))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
    .addColumn("created_at", "text", (c) => c.notNull());

/**
 * SQLite cannot drop a table's constraint: the table is made again with the new shape, its rows copied
 * with their ids, and the count its ids go on from kept, so no id of a review removed since comes back.
 */
async function remakeOnSqlite(db: AnyDb, shape: (table: ReturnType<typeof reviewsTable>) => { execute(): Promise<void> }, columns: string[]) {
  const sequence: { seq: number } | undefined = await db.selectFrom("sqlite_sequence").select("seq").where("name", "=", "asye_reviews").executeTakeFirst();
  await shape(reviewsTable(db, "asye_reviews_next")).execute();
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await sql`insert into asye_reviews_next (${list}) select ${list} from asye_reviews`.execute(db);
  await db.schema.dropTable("asye_reviews").execute();
  await db.schema.alterTable("asye_reviews_next").renameTo("asye_reviews").execute();
  if (sequence) await db.updateTable("sqlite_sequence").set({ seq: sequence.seq }).where("name", "=", "asye_reviews").where("seq", "<", sequence.seq).execute();
}

/**
 * An extension asks for a fresh final review, of the extended year, held on or after the day the extension
 * was decided; but a review was kept once a year by its month, and the final review held before the
 * extension left no room for it. Each review now carries the weeks of extension the year had when it was
 * recorded (0 until it is extended; every extension adds at least one week, so each length of the year has
 * its own), and is kept once for each. Only the final review is recorded with them: the others are of the
 * months before the first end, and a repeat of one is still refused. Reviews recorded before are of the
 * year unextended, as the old key allowed no other.
 */
export const finalReviewPerExtension: Migration = {
  async up(db: AnyDb) {
    if (isPostgres(db)) {
      await db.schema.alterTable("asye_reviews").addColumn("extension_weeks", "integer", (c) => c.notNull().defaultTo(0).check(check("extension_weeks >= 0"))).execute();
      await db.schema.alterTable("asye_reviews").dropConstraint(OLD_KEY).execute();
      await db.schema.alterTable("asye_reviews").addUniqueConstraint(NEW_KEY, ["year_id", "review_month", "extension_weeks"]).execute();
      return;
    }
    await remakeOnSqlite(
      db,
      (t) => t.addColumn("extension_weeks", "integer", (c) => c.notNull().defaultTo(0).check(check("extension_weeks >= 0"))).addUniqueConstraint(NEW_KEY, ["year_id", "review_month", "extension_weeks"]),
      COLUMNS,
    );
  },
  /** Back to one review a month, refused while a year holds a final review repeated after an extension: none is lost. */
  async down(db: AnyDb) {
    const repeated = await db.selectFrom("asye_reviews").select("id").where("extension_weeks", ">", 0).executeTakeFirst();
    if (repeated) throw new Error("asye_reviews holds final reviews recorded after an extension: keeping one review a month would lose them");
    if (isPostgres(db)) {
      await db.schema.alterTable("asye_reviews").dropConstraint(NEW_KEY).execute();
      await db.schema.alterTable("asye_reviews").dropColumn("extension_weeks").execute();
      await db.schema.alterTable("asye_reviews").addUniqueConstraint(OLD_KEY, ["year_id", "review_month"]).execute();
      return;
    }
    await remakeOnSqlite(db, (t) => t.addUniqueConstraint(OLD_KEY, ["year_id", "review_month"]), COLUMNS);
  },
};
