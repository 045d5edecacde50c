import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as importRoute from "../../app/routes/admin.people.import";
import { importStaff } from "../../app/services/staff-import.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { employeeNumbersInCapitals } from "../../db/migrations/0013-employee-numbers-in-capitals";
import * as audit from "../../app/routes/admin.audit";
import { countRows, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { newPerson } from "../support/new-person";
import { HEADER, managerNumber, staffCsv, type StaffLine } from "../support/staff-csv";

beforeAll(seedDemo);

function uploadRequest(cookieOwner: Parameters<typeof requestAs>[0], csv: string | null) {
  const form = new FormData();
  if (csv !== null) form.set("file", new File([csv], "staff.csv", { type: "text/csv" }));
  return requestAs(cookieOwner, "/admin/people/import", { method: "POST", body: form });
}

describe("importing HR staff", () => {
  it("adds new people with their line managers, and a second import of the same file changes nothing", async () => {
    const manager = await managerNumber();
    const csv = staffCsv([
      { employee: "N-1", manager },
      { employee: "N-2", manager: "N-1", qualified: "", registration: "", expiry: "", category: "social_care_officer", title: "Social Care Officer" },
    ]);
    const first = await importStaff(csv, SYSTEM_ACTOR);
    expect(first).toMatchObject({ ok: true, created: 2, updated: 0, unchanged: 0 });
    const n2 = await db().selectFrom("people as p").innerJoin("people as m", "m.id", "p.line_manager_id").select(["m.employee_number"]).where("p.employee_number", "=", "N-2").executeTakeFirstOrThrow();
    expect(n2.employee_number).toBe("N-1");
    // Each starts on the career pathway at the stage their role names, with that as their first history.
    const stages = await db()
      .selectFrom("people as p")
      .innerJoin("career_stage_history as h", "h.person_id", "p.id")
      .select(["p.employee_number", "p.career_stage", "h.stage_code", "h.source"])
      .where("p.employee_number", "in", ["N-1", "N-2"])
      .orderBy("p.employee_number")
      .execute();
    expect(stages).toEqual([
      { employee_number: "N-1", career_stage: "social_worker", stage_code: "social_worker", source: "import" },
      { employee_number: "N-2", career_stage: "social_care_officer", stage_code: "social_care_officer", source: "import" },
    ]);

    const people = await countRows("people");
    const events = await countRows("audit_events");
    const second = await importStaff(csv, SYSTEM_ACTOR);
    expect(second).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 2 });
    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("updates only what changed, and audits the values before and after", async () => {
    const manager = await managerNumber();
    await importStaff(staffCsv([{ employee: "U-1", manager, title: "Social Worker" }]), SYSTEM_ACTOR);
    const outcome = await importStaff(staffCsv([{ employee: "U-1", manager, title: "Senior Practitioner", category: "senior_practitioner" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: true, updated: 1 });
    const event = await db().selectFrom("audit_events").selectAll().where("action", "=", "person.updated").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(event.before_json!)).toEqual({ job_title: "Social Worker", role_category: "social_worker" });
    expect(JSON.parse(event.after_json!)).toEqual({ job_title: "Senior Practitioner", role_category: "senior_practitioner" });
  });

  it("stores employee numbers in capitals, so the pages that look a number up find it as typed", async () => {
    const manager = (await managerNumber()).toLowerCase();
    expect(await importStaff(staffCsv([{ employee: "lc-1", family: "One", manager }, { employee: "lc-2", family: "Two", manager: "LC-1" }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 2 });
    const stored = await db().selectFrom("people as p").innerJoin("people as m", "m.id", "p.line_manager_id").select(["p.employee_number", "m.employee_number as manager"]).where("p.employee_number", "in", ["LC-1", "LC-2"]).orderBy("p.employee_number").execute();
    expect(stored).toEqual([{ employee_number: "LC-1", manager: manager.toUpperCase() }, { employee_number: "LC-2", manager: "LC-1" }]);
    expect(await importStaff(staffCsv([{ employee: "LC-1", family: "One", manager }, { employee: "Lc-2", family: "Two", manager: "lc-1" }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 0, unchanged: 2 });
    const trail = await run(audit.loader, await requestAs("admin", "/admin/audit?person=lc-1"));
    expect((trail.data as { errors: unknown[] }).errors).toEqual([]);
  });

  it("puts numbers stored before in capitals, leaving those that differ only in case (migration 0013)", async () => {
    const team = (await db().selectFrom("people").select("team_id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow()).team_id;
    const person = (employee_number: string) => ({
      employee_number, given_name: "Old", family_name: "Number", email: `${employee_number}@old.test`, job_title: "Social Worker", role_category: "social_worker",
      team_id: team, fte: 1, employment_start: "2020-01-01", search_text: `old number ${employee_number}`.toLowerCase(), created_at: "2020-01-01T00:00:00.000Z", updated_at: "2020-01-01T00:00:00.000Z",
    });
    await db().insertInto("people").values([person("old-1"), person("old-2"), person("OLD-2"), person("old-3"), person("Old-3")] as never).execute();
    await employeeNumbersInCapitals.up(db());
    await employeeNumbersInCapitals.up(db());
    const numbers = await db().selectFrom("people").select("employee_number").where("email", "like", "%@old.test").execute();
    expect(numbers.map((n) => n.employee_number).sort()).toEqual(["OLD-1", "OLD-2", "Old-3", "old-2", "old-3"]);
  });

  it("refuses two lines whose employee numbers differ only in case, naming both lines, and changes nothing", async () => {
    const people = await countRows("people");
    const events = await countRows("audit_events");
    const outcome = await importStaff(staffCsv([{ employee: "CD-1", email: "cd-1a@council.example" }, { employee: "CD-2" }, { employee: "cd-1", email: "cd-1b@council.example" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 4, column: "employee_number", key: "import.errors.duplicateEmployee", values: { line: 2 } }] });
    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("updates the person held as E1234 from a line that writes e1234", async () => {
    const manager = await managerNumber();
    await importStaff(staffCsv([{ employee: "CU-1", manager, title: "Social Worker" }]), SYSTEM_ACTOR);
    const people = await countRows("people");
    const outcome = await importStaff(staffCsv([{ employee: "cu-1", manager: manager.toLowerCase(), title: "Senior Practitioner", category: "senior_practitioner" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: true, created: 0, updated: 1 });
    expect(await countRows("people")).toBe(people);
    const held = await db().selectFrom("people").select(["employee_number", "job_title"]).where("email", "=", "cu-1@council.example").execute();
    expect(held).toEqual([{ employee_number: "CU-1", job_title: "Senior Practitioner" }]);
  });

  it("refuses a line, or a line manager, whose number Pathways holds only in other capitals, rather than adding a person with HR's same number", async () => {
    // Migration 0013 leaves numbers that differ only in case as they were: which person HR means is not ours to guess.
    const team = (await db().selectFrom("people").select("team_id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow()).team_id;
    const held = (employee: string) => newPerson({ employee_number: employee, given_name: "Held", family_name: employee, email: `${employee}@held-case.test`, team_id: team });
    await db().insertInto("people").values([held("hc-1"), held("Hc-1"), held("hc-3")]).execute();
    const people = await countRows("people");
    const events = await countRows("audit_events");
    const manager = await managerNumber();
    const outcome = await importStaff(staffCsv([{ employee: "HC-1", manager }, { employee: "HC-2", manager: "Hc-3" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({
      ok: false,
      problems: [
        { line: 2, column: "employee_number", key: "import.errors.heldOtherwise", values: { employee: "HC-1", held: "Hc-1, hc-1" } },
        { line: 3, column: "line_manager_employee_number", key: "import.errors.heldOtherwise", values: { employee: "HC-3", held: "hc-3" } },
      ],
    });
    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("reports every bad row with its line number and changes nothing", async () => {
    const people = await countRows("people");
    const events = await countRows("audit_events");
    const csv = staffCsv([
      { employee: "B-1" },
      { employee: "B-2", email: "not-an-email" },
      { employee: "B-3", fte: "1.5", start: "2020-02-30" },
      { employee: "B-1" },
      { employee: "B-5", team: "No Such Team", manager: "NOBODY" },
      { employee: "B-6", category: "wizard", registration: "12345" },
      { employee: "B-7", manager: "B-7" },
      { employee: "B-8", email: "practitioner@demo.test" },
    ]);
    const outcome = await importStaff(csv, SYSTEM_ACTOR);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const byLine = (line: number) => outcome.problems.filter((p) => p.line === line).map((p) => p.key).sort();
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual(["import.errors.email"]);
    expect(byLine(4)).toEqual(["import.errors.date", "import.errors.fte"]);
    expect(byLine(5)).toEqual(["import.errors.duplicateEmail", "import.errors.duplicateEmployee"]);
    expect(byLine(6)).toEqual(["import.errors.manager", "import.errors.team"]);
    expect(byLine(7)).toEqual(["import.errors.registrationNumber", "import.errors.roleCategory"]);
    expect(byLine(8)).toEqual(["import.errors.ownManager"]);
    expect(byLine(9)).toEqual(["import.errors.emailTaken"]);
    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("takes a qualification dated London's today just after midnight in summer, and refuses tomorrow", async () => {
    const manager = await managerNumber();
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      const outcome = await importStaff(staffCsv([{ employee: "LT-1", manager, qualified: "2026-07-02" }, { employee: "LT-2", manager, qualified: "2026-07-03" }]), SYSTEM_ACTOR);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.problems).toEqual([{ line: 3, column: "qualification_date", key: "import.errors.future" }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives every new person in a file of over a thousand their line manager", async () => {
    const manager = await managerNumber();
    const lines = [{ employee: "BIG-0000", manager }, ...Array.from({ length: 1200 }, (_, n) => ({ employee: `BIG-${String(n + 1).padStart(4, "0")}`, manager: `BIG-${String(Math.floor(n / 10)).padStart(4, "0")}` }))];
    expect(await importStaff(staffCsv(lines), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 1201 });
    const stored = await db().selectFrom("people as p").leftJoin("people as m", "m.id", "p.line_manager_id").select(["p.employee_number", "m.employee_number as manager"]).where("p.employee_number", "like", "BIG-%").orderBy("p.employee_number").execute();
    expect(stored).toEqual(lines.map((l) => ({ employee_number: l.employee, manager: l.manager })));
  });

  it("changes over a thousand people held already in a few statements, each as the file says", async () => {
    const manager = await managerNumber();
    const lines = [{ employee: "BIG-0000", manager }, ...Array.from({ length: 1200 }, (_, n) => ({ employee: `BIG-${String(n + 1).padStart(4, "0")}`, manager: `BIG-${String(Math.floor(n / 10)).padStart(4, "0")}` }))];
    await importStaff(staffCsv(lines), SYSTEM_ACTOR);
    // A restructure: every other person renamed, moved, part-time and under another manager; every third loses their registration.
    const restructured: StaffLine[] = lines.map((line, n) =>
      n === 0 ? line : n % 2 ? { ...line, family: `Restructured ${n}`, team: "T-1-2", fte: "0.6", manager: "BIG-0000", title: "Senior Practitioner" } : n % 3 ? line : { ...line, qualified: "", registration: "", expiry: "" },
    );
    const updates: string[] = [];
    const stop = observeQueries((statement) => /^\s*update\s+"?people"?\s/i.test(statement) && updates.push(statement));
    let outcome: Awaited<ReturnType<typeof importStaff>>;
    try {
      outcome = await importStaff(staffCsv(restructured), SYSTEM_ACTOR);
    } finally {
      stop();
    }
    const changed = restructured.filter((_, n) => n % 2 === 1 || (n > 0 && n % 3 === 0)).length;
    expect(outcome).toMatchObject({ ok: true, created: 0, updated: changed });
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(changed / 500));

    const stored = await db()
      .selectFrom("people as p")
      .innerJoin("org_units as t", "t.id", "p.team_id")
      .leftJoin("people as m", "m.id", "p.line_manager_id")
      .select(["p.employee_number", "p.family_name", "t.code as team", "p.fte", "p.job_title", "m.employee_number as manager", "p.registration_number", "p.qualification_date", "p.search_text"])
      .where("p.employee_number", "like", "BIG-%")
      .orderBy("p.employee_number")
      .execute();
    const expected = restructured.map((line) => ({
      employee_number: line.employee,
      family_name: line.family ?? `Person ${line.employee}`,
      team: line.team ?? "T-1-1",
      fte: Number(line.fte ?? "1"),
      job_title: line.title ?? "Social Worker",
      manager: line.manager,
      registration_number: line.registration === "" ? null : "SW900001",
      qualification_date: line.qualified === "" ? null : "2019-07-01",
    }));
    expect(stored.map(({ search_text: _, ...person }) => ({ ...person, fte: Number(person.fte) }))).toEqual(expected);
    // The search text follows the new name, so /admin/people finds people by it.
    expect(stored.filter((p) => p.family_name.startsWith("Restructured") && !p.search_text.includes("restructured"))).toEqual([]);
  });

  it("finds line managers who go round in a circle", async () => {
    const outcome = await importStaff(staffCsv([{ employee: "L-1", manager: "L-2" }, { employee: "L-2", manager: "L-1" }]), SYSTEM_ACTOR);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => p.key)).toEqual(["import.errors.loop", "import.errors.loop"]);
  });

  it("finds a circle that runs through line managers already held but not in the file, and changes nothing", async () => {
    // Held: HL-B is managed by HL-A, who is managed by HL-C.
    expect((await importStaff(staffCsv([{ employee: "HL-C" }, { employee: "HL-A", manager: "HL-C" }, { employee: "HL-B", manager: "HL-A" }]), SYSTEM_ACTOR)).ok).toBe(true);
    const before = await db().selectFrom("people").select(["employee_number", "line_manager_id"]).where("employee_number", "like", "HL-%").orderBy("employee_number").execute();
    // A file listing only HL-C, now managed by HL-B: HL-C → HL-B → HL-A → HL-C.
    const outcome = await importStaff(staffCsv([{ employee: "HL-C", manager: "HL-B" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 2, column: "line_manager_employee_number", key: "import.errors.loopThroughHeld" }] });
    expect(await db().selectFrom("people").select(["employee_number", "line_manager_id"]).where("employee_number", "like", "HL-%").orderBy("employee_number").execute()).toEqual(before);
    // A manager held above, with no circle, is taken.
    expect((await importStaff(staffCsv([{ employee: "HL-D", manager: "HL-B" }]), SYSTEM_ACTOR)).ok).toBe(true);
  });

  it("names a missing or unknown column on line 1", async () => {
    const outcome = await importStaff(`${HEADER.replace("fte,", "")},shoe_size\nX-1\n`, SYSTEM_ACTOR);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.problems).toEqual([
        { line: 1, column: "fte", key: "import.errors.missingColumn", values: { column: "fte" } },
        { line: 1, column: "shoe_size", key: "import.errors.unknownColumn", values: { column: "shoe_size" } },
      ]);
    }
  });

  it("refuses a file with binary content, naming its line", async () => {
    const outcome = await importStaff(`${HEADER}\nA-1,Ann\u0000,X\n`, SYSTEM_ACTOR);
    expect(outcome).toEqual({ ok: false, rows: 0, problems: [{ line: 2, key: "import.errors.notCsv" }] });
  });

  it("reports a line that is not CSV at all", async () => {
    const outcome = await importStaff(`${HEADER}\nA-1,"unclosed,quote\n`, SYSTEM_ACTOR);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0].key).toBe("import.errors.malformed");
  });
});

describe("the import page", () => {
  it("asks for a file when none was chosen", async () => {
    const outcome = await run(importRoute.action, await uploadRequest("ld", null));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ kind: "field", key: "import.errors.noFile" });
  });

  it("shows every problem and changes nothing when a row is bad", async () => {
    const people = await countRows("people");
    const outcome = await run(importRoute.action, await uploadRequest("ld", staffCsv([{ employee: "W-1" }, { employee: "W-2", fte: "zero" }])));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toMatchObject({ kind: "problems", problems: [{ line: 3, column: "fte", key: "import.errors.fte" }] });
    expect(await countRows("people")).toBe(people);
  });

  it("applies a good file and records who imported it", async () => {
    const outcome = await run(importRoute.action, await uploadRequest("ld", staffCsv([{ employee: "W-3" }])));
    expect(outcome.data).toMatchObject({ kind: "done", created: 1 });
    const event = await db().selectFrom("audit_events").innerJoin("people", "people.id", "audit_events.actor_person_id").select("people.email").where("action", "=", "staff_import.applied").orderBy("audit_events.id", "desc").executeTakeFirstOrThrow();
    expect(event.email).toBe("ld@demo.test");
  });

  it("is refused to a practitioner", async () => {
    const outcome = await run(importRoute.action, await uploadRequest("practitioner", staffCsv([{ employee: "W-4" }])));
    expect(outcome.status).toBe(403);
  });
});

describe("npm run import:staff", () => {
  const exec = promisify(execFile);
  const root = path.resolve(__dirname, "../..");
  const file = path.join(root, ".tmp", `import-${process.pid}.csv`);

  // Each command is a new Node process loading TypeScript through tsx: 10-15 s apiece while the rest of the
  // suite runs beside it, so two of them passed 30 s on a machine running a second suite.
  it("imports a file with a progress line, and rejects a bad one listing every problem", { timeout: 90_000 }, async () => {
    fs.writeFileSync(file, staffCsv([{ employee: "C-1" }, { employee: "C-2" }]));
    const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL };
    const good = await exec(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", file], { cwd: root, env });
    expect(good.stdout).toMatch(/Rows imported: 2, in .* s\. Added: 2, updated: 0, unchanged: 0\./);
    expect(good.stderr).toMatch(/applying: 2 of 2 \(100%\)/);

    fs.writeFileSync(file, staffCsv([{ employee: "C-3", fte: "2" }, { employee: "C-4", email: "x" }]));
    const bad = await exec(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", file], { cwd: root, env }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("was not imported. Problems found: 2. Nothing has changed.");
    expect(bad.stderr).toContain("line 2 (fte): FTE must be a number more than 0 and at most 1");
    expect(bad.stderr).toContain("line 3 (email): Enter an email address in the correct format");
    expect(await db().selectFrom("people").select("id").where("employee_number", "in", ["C-3", "C-4"]).execute()).toEqual([]);
    fs.rmSync(file, { force: true });
  });

  it("names a file saved as UTF-16 without a byte order mark, as the page does", { timeout: 60_000 }, async () => {
    fs.writeFileSync(file, Buffer.from(staffCsv([{ employee: "C-5" }]), "utf16le"));
    const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL };
    const refused = await exec(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", file], { cwd: root, env }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 1: The file is saved as UTF-16 ("Unicode text")');
    expect(await db().selectFrom("people").select("id").where("employee_number", "=", "C-5").execute()).toEqual([]);
    fs.rmSync(file, { force: true });
  });
});
