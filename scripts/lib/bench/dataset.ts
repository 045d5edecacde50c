// The national dataset the benchmark measures: seeded once into .bench/ and reused, so a second run
// measures pages, not seeding. The seeding time is kept beside the database for later reports.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../../db/connection";
import { seedDatabase } from "../seed-database";

export interface Dataset {
  url: string;
  people: number;
  cohorts: number;
  attendance: number;
  seedSeconds: number;
  seededNow: boolean;
}

const isPostgres = (url: string) => /^postgres(ql)?:/.test(url);

function sidecarOf(url: string, root: string) {
  return isPostgres(url) ? path.join(root, ".bench", "postgres-seed.json") : `${url}.seed.json`;
}

/** Seeds the national organisation unless `url` already holds it; answers its size and seeding time. */
export async function ensureDataset(url: string, root: string, options: { reseed: boolean }, log: (line: string) => void): Promise<Dataset> {
  const sidecar = sidecarOf(url, root);
  if (!isPostgres(url)) {
    mkdirSync(path.dirname(url), { recursive: true });
    if (options.reseed || !existsSync(sidecar)) {
      // A database without its sidecar was left by an interrupted seed: start again.
      for (const suffix of ["", "-wal", "-shm", ".seed.json"]) rmSync(`${url}${suffix}`, { force: true });
    }
  }
  let seedSeconds: number;
  let seededNow = false;
  // The sidecar alone is not proof: a throwaway PostgreSQL cluster is new each time.
  if (existsSync(sidecar) && !options.reseed && (await holdsPeople(url))) {
    seedSeconds = (JSON.parse(readFileSync(sidecar, "utf8")) as { seedSeconds: number }).seedSeconds;
    log(`Reusing the national dataset seeded earlier (${url}).`);
  } else {
    const started = performance.now();
    seededNow = await seedDatabase(url, "national", log);
    seedSeconds = (performance.now() - started) / 1000;
    mkdirSync(path.dirname(sidecar), { recursive: true });
    writeFileSync(sidecar, JSON.stringify({ seedSeconds }));
  }
  return { url, seedSeconds, seededNow, ...(await sizeOf(url)) };
}

async function holdsPeople(url: string) {
  const db = createDb(url);
  try {
    return (await db.selectFrom("people").select("id").limit(1).executeTakeFirst()) !== undefined;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

async function sizeOf(url: string) {
  const db = createDb(url);
  try {
    const count = async (table: "people" | "cohorts" | "attendance") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    return { people: await count("people"), cohorts: await count("cohorts"), attendance: await count("attendance") };
  } finally {
    await db.destroy();
  }
}
