// Migrating a database is all or nothing: the core's migrations and every plugin's run in one
// transaction on one connection, so a process killed part way (or two processes starting together)
// leave the schema as it was or fully up to date, never in between.
import { CompiledQuery, Kysely, type DatabaseConnection, type Dialect, type DialectAdapter, type Driver, type LogConfig } from "kysely";
import { createDialect, engineOf } from "../../db/connection";
import { migrateAll, type MigrationReport } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { installedPlugins } from "../../app/plugins.server";
import { asStorageFailure } from "../../app/utils/storage-failure.server";

/** Holds off any other process migrating the same PostgreSQL database until this transaction ends. */
const POSTGRES_MIGRATION_LOCK = 729_140_311;

// Kysely's Migrator opens a transaction of its own per scope on PostgreSQL and none on SQLite; told that
// the engine has no transactional DDL, it runs inside ours instead. Its lock is ours too.
function insideOurTransaction(adapter: DialectAdapter): DialectAdapter {
  return Object.create(adapter, {
    supportsTransactionalDdl: { value: false },
    acquireMigrationLock: { value: async () => undefined },
    releaseMigrationLock: { value: async () => undefined },
  });
}

/** A driver that hands out the one connection our transaction is open on. */
function onConnection(connection: DatabaseConnection): Driver {
  const refuse = async () => {
    throw new Error("Migrations run inside one transaction already");
  };
  return {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
}

/** Runs every migration of `plugins` and the core on `dialect` in one transaction. */
export async function migrateInOneTransaction(dialect: Dialect, engine: "sqlite" | "postgres", plugins = installedPlugins(), log?: LogConfig): Promise<MigrationReport[]> {
  const driver = dialect.createDriver();
  await driver.init();
  try {
    const connection = await driver.acquireConnection();
    try {
      const run = (statement: string) => connection.executeQuery(CompiledQuery.raw(statement));
      await run(engine === "sqlite" ? "begin immediate" : "begin");
      try {
        if (engine === "postgres") await run(`select pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})`);
        const db = new Kysely<Database>({
          dialect: {
            createAdapter: () => insideOurTransaction(dialect.createAdapter()),
            createDriver: () => onConnection(connection),
            createQueryCompiler: () => dialect.createQueryCompiler(),
            createIntrospector: (kysely) => dialect.createIntrospector(kysely),
          },
          log,
        });
        const reports = await migrateAll(db, plugins);
        await run("commit");
        return reports;
      } catch (error) {
        await run("rollback");
        throw error;
      }
    } finally {
      await driver.releaseConnection(connection);
    }
  } finally {
    await driver.destroy();
  }
}

/** Brings the database at `url` up to date: core, then every installed plugin. */
export async function migrateDatabase(url: string, log: (line: string) => void = console.log) {
  const reports = await migrateInOneTransaction(createDialect(url, asStorageFailure), engineOf(url));
  for (const r of reports) if (r.applied.length) log(`Migrated ${r.scope}: ${r.applied.join(", ")}`);
}
