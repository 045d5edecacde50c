// Issue 9, "Faults": a process killed with SIGKILL in the middle of each long operation, on whichever
// engine the suite runs on. The child freezes just after a statement inside the operation's transaction
// (tests/support/fault-operation.ts), so the kill always lands part way, never by luck of timing. After
// the kill every row of every table is as it was before, SQLite's checks pass, and running the
// operation again finishes it.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../app/services/cohorts.server";
import { enrolMany } from "../../app/services/enrol-many.server";
import { lastRuns, runJob } from "../../app/services/jobs.server";
import { pluginContext } from "../../app/services/plugin-context.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { createDb, engineOf } from "../../db/connection";
import researchInPractice from "../../plugins/research-in-practice/plugin";
import { ripDb } from "../../plugins/research-in-practice/server/db.server";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { fingerprint, schemaOf, sqliteChecks, tableNames } from "../support/fault-fingerprint";
import { killWhenFrozen, root, runScript } from "../support/fault-process";
import { seedDemo } from "../support/fixtures";
import { staffCsv } from "../support/staff-csv";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";

const onSqlite = engineOf(process.env.DATABASE_URL!) === "sqlite";
const workDir = path.join(root, ".tmp", "kill", String(process.pid));

beforeAll(async () => {
  await seedDemo();
  fs.mkdirSync(workDir, { recursive: true });
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Kills the operation at its freeze point and checks that nothing it did survived. */
async function killAndCheckNothingChanged(operation: string, args: string[], point: { at: string; times?: number }, env: Record<string, string> = {}) {
  const before = await fingerprint(db());
  const killed = await killWhenFrozen(operation, args, point, env);
  expect(killed.signal).toBe("SIGKILL");
  expect(await fingerprint(db())).toEqual(before);
  if (onSqlite) expect(sqliteChecks(process.env.DATABASE_URL!)).toEqual({ integrity: "ok", foreignKeys: [] });
  return killed;
}

const auditsOf = (action: string) => db().selectFrom("audit_events").select(["subject_id", "person_id"]).where("action", "=", action).execute();

// Each test starts a node process of its own: allow for a busy machine.
describe("a process killed part way", { timeout: 90_000 }, () => {
  it("through a staff import leaves nobody added, and the import run again adds everyone once", async () => {
    const lines = Array.from({ length: 600 }, (_, i) => ({ employee: `K-${String(i).padStart(5, "0")}`, manager: i % 50 === 1 ? "K-00000" : undefined }));
    const file = path.join(workDir, "staff.csv");
    fs.writeFileSync(file, staffCsv(lines));

    // The first 400 people are inserted, in the import's one transaction, when the process dies.
    const killed = await killAndCheckNothingChanged("staff-import", [file], { at: 'insert into "people"' });
    expect(killed.frozeAfter).toMatch(/insert into "people"/);

    const again = await runScript("scripts/import-staff.ts", [file]);
    expect(again.stdout).toMatch(/Rows imported: 600, in .* s\. Added: 600, updated: 0, unchanged: 0\./);
    expect(again.code).toBe(0);
    const added = await db().selectFrom("people").select(["id", "employee_number", "line_manager_id"]).where("employee_number", "like", "K-%").execute();
    expect(added).toHaveLength(600);
    const first = added.find((p) => p.employee_number === "K-00001")!;
    expect(added.find((p) => p.employee_number === "K-00000")?.id).toBe(first.line_manager_id);
    const created = await auditsOf("person.created");
    const ids = new Set(added.map((p) => p.id));
    expect(created.filter((a) => ids.has(Number(a.person_id)))).toHaveLength(600);
  });

  it("through a bulk enrolment leaves nobody enrolled, and the enrolment run again places everyone in order", async () => {
    const cohortId = await createCohort(
      { programmeId: "leadership", name: "Killed bulk", startsOn: "2027-03-01", endsOn: "2027-12-01", capacity: 40, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: false },
      null,
      SYSTEM_ACTOR,
    );
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(250).execute()).map((p) => p.id);

    await killAndCheckNothingChanged("bulk-enrolment", [String(cohortId), people.join(",")], { at: 'insert into "enrolments"' });

    const again = await enrolMany(cohortId, people.map((personId) => ({ personId, overrideReason: null })), SYSTEM_ACTOR);
    expect(again).toEqual({ ok: true, enrolled: 40, waitlisted: 210 });
    const rows = await db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("person_id").execute();
    expect(rows.map((r) => r.person_id)).toEqual(people);
    expect(rows.slice(40).map((r) => r.waitlist_position)).toEqual(Array.from({ length: 210 }, (_, i) => i + 1));
    expect((await auditsOf("enrolment.bulk_enrolled")).filter((a) => Number(a.subject_id) === cohortId)).toHaveLength(250);
  });

  it("through a catalogue sync keeps the last good catalogue, and the sync run again applies the feed", async () => {
    // 600 runs: the sync writes them 500 to a statement, so there is a batch after the first.
    const feed = await serveCatalogue(300);
    try {
      // Every course, and the first 500 runs' cohorts, sessions and rows, are written when the process
      // dies; the other runs, the audit events and the cursor are not.
      const killed = await killAndCheckNothingChanged("catalogue-sync", [], { at: 'insert into "research_in_practice_runs"' }, { RIP_FEED_URL: feed.url, RIP_FEED_TOKEN: "kill-test" });
      expect(killed.frozeAfter).toMatch(/insert into "research_in_practice_runs"/);

      process.env.RIP_FEED_URL = feed.url;
      const summary = await researchInPractice.jobs![0].run(pluginContext(researchInPractice, "en-GB"), () => undefined);
      expect(summary).toMatchObject({ messageKey: "sync.done", values: { pages: 3, added: 300 } });
      const held = await ripDb().selectFrom("research_in_practice_courses").select("id").where("id", "like", "kill-%").execute();
      expect(held).toHaveLength(300);
      const runs = await ripDb().selectFrom("research_in_practice_runs").select(["id", "cohort_id"]).where("id", "like", "kill-%").execute();
      expect(runs).toHaveLength(600);
      // One "created" event a run, from the finished sync only: the killed one left none.
      const created = await auditsOf("research-in-practice.run.created");
      const killRuns = new Set(runs.map((r) => String(r.cohort_id)));
      expect(created.filter((a) => killRuns.has(a.subject_id)).map((a) => a.subject_id).sort()).toEqual([...killRuns].sort());
    } finally {
      delete process.env.RIP_FEED_URL;
      await feed.close();
    }
  });

  it("through a catalogue sync the server started leaves only its run, shown as interrupted once silent, and Run now finishes it", async () => {
    const key = "research-in-practice:catalogue-sync";
    const feed = await serveCatalogue(30, "scheduled");
    try {
      const before = await fingerprint(db());
      // The courses and their runs' cohorts are written when the process dies; the runs' sessions and rows are not.
      const killed = await killWhenFrozen("scheduled-catalogue-sync", [], { at: 'insert into "cohorts"' }, { RIP_FEED_URL: feed.url, RIP_FEED_TOKEN: "kill-test" });
      expect(killed.signal).toBe("SIGKILL");
      // The sync's own transaction left nothing; the run's record, written before it, says "running".
      const after = await fingerprint(db());
      expect(Object.keys(after).filter((table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]))).toEqual(["job_runs"]);
      const dead = await db().selectFrom("job_runs").selectAll().where("job_key", "=", key).orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(dead).toMatchObject({ status: "running", finished_at: null });
      if (onSqlite) expect(sqliteChecks(process.env.DATABASE_URL!)).toEqual({ integrity: "ok", foreignKeys: [] });

      // Nobody hears from it again: a few minutes on, /admin shows it stopped, with "Run now".
      const minutesLater = new Date(Date.parse(dead.heartbeat_at!) + 3 * 60_000);
      expect((await lastRuns([key], minutesLater)).get(key)).toMatchObject({ id: dead.id, status: "failed", summary: { messageKey: "jobs.interrupted" } });

      process.env.RIP_FEED_URL = feed.url;
      const again = await runJob(researchInPractice, researchInPractice.jobs![0], SYSTEM_ACTOR, { heartbeatEveryMs: 15_000, silentAfterMs: 0 });
      const runs = await db().selectFrom("job_runs").select(["id", "status", "summary_json"]).where("id", "in", [dead.id, again!]).orderBy("id").execute();
      expect(runs.map((r) => [r.status, JSON.parse(r.summary_json!).messageKey])).toEqual([["failed", "jobs.interrupted"], ["succeeded", "sync.done"]]);
      expect(await ripDb().selectFrom("research_in_practice_courses").select("id").where("id", "like", "scheduled-%").execute()).toHaveLength(30);
    } finally {
      delete process.env.RIP_FEED_URL;
      await feed.close();
    }
  });

  it("through the migrations of an empty database leaves it empty, and migrating again brings it up to date", async () => {
    const url = await createTestDatabaseUrl();
    const empty = createDb(url);
    try {
      // The core is migrated and a plugin's first migration has run when the process dies.
      const killed = await killWhenFrozen("migration", [], { at: 'insert into "plugin_\\w+_migrations"' }, { DATABASE_URL: url });
      expect(killed.signal).toBe("SIGKILL");
      expect(await tableNames(empty)).toEqual([]);
      if (onSqlite) expect(sqliteChecks(url)).toEqual({ integrity: "ok", foreignKeys: [] });

      // What `npm run db:migrate` runs; a second run has nothing left to do.
      const applied: string[] = [];
      await migrateDatabase(url, (line) => applied.push(line));
      expect(applied.join("\n")).toMatch(/^Migrated core: 0001-organisation-and-people/);
      expect(await schemaOf(empty)).toEqual(await schemaOf(db()));
      const appliedAgain: string[] = [];
      await migrateDatabase(url, (line) => appliedAgain.push(line));
      expect(appliedAgain).toEqual([]);
    } finally {
      await empty.destroy();
      await dropTestDatabase(url);
    }
  });
});

/** The outside catalogue feed, served from this process over HTTP in three pages. */
async function serveCatalogue(courses: number, idPrefix = "kill") {
  const pageSize = Math.ceil(courses / 3);
  const lastModified = new Date().toISOString();
  const course = (i: number) => ({
    id: `${idPrefix}-${i}`,
    title: `Killed sync course ${i}`,
    format: "workshop",
    summary: "A course in the kill test's feed.",
    objectives: ["Learn something"],
    runs: [1, 2].map((n) => ({ id: `${idPrefix}-${i}-${n}`, startsOn: "2027-05-10", endsOn: "2027-05-10", venue: "Online", capacity: 20, managerApproval: false })),
    cpdHours: 3,
    kss: [],
    pcf: [],
    lastModified,
    withdrawn: false,
  });
  const pages = Math.ceil(courses / pageSize);
  const server = http.createServer((request, response) => {
    const page = Number(new URL(request.url ?? "/", "http://feed").searchParams.get("page") ?? 1);
    const items = Array.from({ length: Math.min(pageSize, courses - (page - 1) * pageSize) }, (_, i) => course((page - 1) * pageSize + i));
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ items, page, nextPage: page < pages ? page + 1 : null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
