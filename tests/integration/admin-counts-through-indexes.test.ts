// /admin's counts read indexes, not the whole of `people`: the active people through core migration
// 0024's partial index of them (which must not draw narrower reads of people into it), and, for L&D (who see everyone), the place requests waiting for them
// through 0023's index of waiting requests, with no "among everyone" that made SQLite start from every
// person instead (107 ms at national scale, against 0.2 ms). The plans are SQLite's with the statistics
// a seeded database has; on PostgreSQL the counts and the index are checked.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as adminHome from "../../app/routes/admin._index";
import * as ldList from "../../app/routes/admin.requests._index";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { onPostgres } from "../support/test-database";
import { placeRequestForLearningTeam } from "../support/unmanaged-request";
import { onlyStatement, sqlitePlan, statementsRunBy } from "../support/statement-plans";

type AdminHome = { counts: { people: number }; unmanagedWaiting: number | null };
type ListPage = { total: number; rows: { id: number }[] };

/** What the page answered, and every statement it ran to answer it. */
async function loaded<Data>(handler: typeof adminHome.loader | typeof ldList.loader, account: DemoAccount, path: string) {
  let data: Data | undefined;
  const statements = await statementsRunBy(async () => {
    const outcome = await run(handler, await requestAs(account, path));
    expect(outcome.status).toBe(200);
    data = outcome.data as Data;
  });
  return { data: data!, statements };
}

/** A statement's parameter, as each engine writes it. */
const PARAMETER = String.raw`(\?|\$\d+)`;
const countsActivePeople = (statement: string) => new RegExp(`from "people" where "employment_status" = ${PARAMETER}$`).test(statement);
/** The queue's statements: requests on programmes switched on, whoever's line can act (not widgets' reads). */
const readsWaitingRequests = (statement: string) => statement.includes('from "enrolments" as "e"') && statement.includes('"prog"."enabled"');

const anyTeam = async () => (await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow()).team_id;

/** SQLite's statistics as a database may hold them: never analysed, analysed before 0024, analysed since. */
const STATISTICS = ["none", "none for the new index", "all"] as const;

/** Gathers SQLite's statistics, then forgets those a database in that state would not have. */
async function sqliteStatistics(state: (typeof STATISTICS)[number]) {
  await sql`analyze`.execute(db());
  if (state === "all") return;
  const forgotten = state === "none" ? sql`` : sql` where idx = 'people_active_idx'`;
  await sql`delete from sqlite_stat1${forgotten}`.execute(db());
  await sql`delete from sqlite_stat4${forgotten}`.execute(db());
  // Reloads the statistics the planner holds in memory from what is left.
  await sql`analyze sqlite_schema`.execute(db());
}

let waitingBefore: number;
let asked: number;

beforeAll(async () => {
  await seedDemo();
  waitingBefore = (await loaded<AdminHome>(adminHome.loader, "ld", "/admin")).data.unmanagedWaiting!;
  asked = await placeRequestForLearningTeam();
  await db().insertInto("people").values(newPerson({ employee_number: "LEAVER-1", given_name: "Gwen", family_name: "Leaver", email: "leaver-1@example.test", team_id: await anyTeam() }, { employment_status: "left" })).execute();
  // Statistics as a seeded database has them (the seed ends with ANALYZE): without them SQLite guesses,
  // and the plan that cost 107 ms nationally is one it picks with them. A test that varies them ends so.
  if (!onPostgres()) await sqliteStatistics("all");
});

describe("/admin's count of active people", () => {
  it("counts the active people only", async () => {
    const active = (await db().selectFrom("people").select("employment_status").execute()).filter((p) => p.employment_status === "active").length;
    const everyone = (await db().selectFrom("people").select("id").execute()).length;
    expect(active).toBeLessThan(everyone);
    expect((await loaded<AdminHome>(adminHome.loader, "admin", "/admin")).data.counts.people).toBe(active);
  });

  it("reads them from the index of active people, not from every person", async () => {
    const { statements } = await loaded<AdminHome>(adminHome.loader, "admin", "/admin");
    const count = onlyStatement(statements, countsActivePeople);
    if (onPostgres()) {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'people_active_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/people.*\(id\) WHERE \(employment_status = 'active'::text\)/)]);
    } else {
      const plan = await sqlitePlan(count);
      expect(plan).toContain("COVERING INDEX people_active_idx");
      expect(plan).not.toMatch(/SCAN people(?! USING)/);
    }
  });

  it("is no way in for a narrower question about active people, whatever the statistics", async () => {
    // Nearly everyone is active: an index SQLite could search by status looked narrow to it without
    // statistics, and it read everyone through it to find a manager's reports or a team's members.
    const manager = await personIdOf("manager");
    const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const byManager = db().selectFrom("people").select((eb) => ["line_manager_id", eb.fn.countAll().as("n")]).where("line_manager_id", "in", [manager]).where("employment_status", "=", "active").groupBy("line_manager_id");
    const byTeam = db().selectFrom("people").select((eb) => eb.fn.countAll().as("n")).where("team_id", "in", [team_id]).where("employment_status", "=", "active");
    if (onPostgres()) {
      expect(Number((await byManager.executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
      expect(Number((await byTeam.executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    } else {
      for (const statistics of STATISTICS) {
        await sqliteStatistics(statistics);
        expect(await sqlitePlan(byManager.compile()), statistics).toContain("INDEX people_manager_idx (line_manager_id=?)");
        expect(await sqlitePlan(byTeam.compile()), statistics).toContain("INDEX people_team_idx (team_id=?)");
      }
    }
  });
});

describe("L&D's count of the place requests waiting for them", () => {
  it("counts the request asked here, on /admin and on /admin/requests", async () => {
    expect((await loaded<AdminHome>(adminHome.loader, "ld", "/admin")).data.unmanagedWaiting).toBe(waitingBefore + 1);
    const list = (await loaded<ListPage>(ldList.loader, "ld", "/admin/requests")).data;
    expect(list.total).toBe(waitingBefore + 1);
    expect(list.rows.map((r) => r.id)).toContain(asked);
  });

  it("start from the index of waiting requests, never from every person", async () => {
    const home = (await loaded<AdminHome>(adminHome.loader, "ld", "/admin")).statements.filter((s) => readsWaitingRequests(s.sql));
    const list = (await loaded<ListPage>(ldList.loader, "ld", "/admin/requests")).statements.filter((s) => readsWaitingRequests(s.sql));
    // /admin counts them once; /admin/requests counts them and reads a page.
    expect([home.length, list.length]).toEqual([1, 2]);
    for (const statement of [...home, ...list]) {
      // Everyone's scope is no condition at all, on either engine.
      expect(statement.sql).not.toContain('in (select "people"."id" from "people")');
      if (onPostgres()) continue;
      const plan = await sqlitePlan(statement);
      expect(plan, statement.sql).toMatch(/^SCAN e USING (COVERING )?INDEX enrolments_requested_idx$/m);
      expect(plan, statement.sql).not.toMatch(/ON TABLE people FOR IN-OPERATOR|SCAN (people|p)\b/);
    }
  });
});
