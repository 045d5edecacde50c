// Two staff imports at once (the command line and the page, or two admins) are each checked again under the
// import's lock, so the second sees what the first applied and is refused on its lines instead of failing on
// the database's unique email. And a file's values lose their control characters, as every import's do.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { importStaff, type ImportOutcome } from "../../app/services/staff-import.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { countRows, seedDemo } from "../support/fixtures";
import { HEADER, managerNumber, staffCsv } from "../support/staff-csv";

beforeAll(seedDemo);

/** Both outcomes, the one applied first; each import must answer rather than throw. */
async function atOnce(a: string, b: string) {
  const settled = await Promise.allSettled([importStaff(a, SYSTEM_ACTOR), importStaff(b, SYSTEM_ACTOR)]);
  expect(settled.map((s) => (s.status === "rejected" ? String(s.reason) : s.status))).toEqual(["fulfilled", "fulfilled"]);
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<ImportOutcome>).value);
  return { outcomes, applied: outcomes.find((o) => o.ok), refused: outcomes.find((o) => !o.ok) };
}

const holdersOf = async (email: string) => (await db().selectFrom("people").select("employee_number").where("email", "=", email).execute()).map((p) => p.employee_number);

describe("two staff imports at once", () => {
  it("adding two people with one email: one is added, the other file is refused on its line and changes nothing", async () => {
    const manager = await managerNumber();
    const email = "same.person@council.example";
    const people = await countRows("people");
    const { outcomes, applied, refused } = await atOnce(staffCsv([{ employee: "RACE-A", email, manager }]), staffCsv([{ employee: "RACE-B", email, manager }]));
    expect(applied).toMatchObject({ ok: true, created: 1 });
    const winner = outcomes[0] === applied ? "RACE-A" : "RACE-B";
    expect(refused).toEqual({ ok: false, rows: 1, problems: [{ line: 2, column: "email", key: "import.errors.emailTaken", values: { employee: winner } }] });
    expect(await holdersOf(email)).toEqual([winner]);
    expect(await countRows("people")).toBe(people + 1);
  });

  it("one giving a new person an email as the other moves someone held already to it: one applies, the other is refused", async () => {
    const manager = await managerNumber();
    const email = "moved.email@council.example";
    expect(await importStaff(staffCsv([{ employee: "RACE-HELD", manager }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 1 });
    const { outcomes, applied, refused } = await atOnce(
      staffCsv([{ employee: "RACE-NEW", email, manager }]),
      staffCsv([{ employee: "RACE-HELD", email, manager }]),
    );
    expect(applied).toMatchObject({ ok: true });
    const [winner, loser] = outcomes[0] === applied ? ["RACE-NEW", "RACE-HELD"] : ["RACE-HELD", "RACE-NEW"];
    expect(refused).toEqual({ ok: false, rows: 1, problems: [{ line: 2, column: "email", key: "import.errors.emailTaken", values: { employee: winner } }] });
    expect(await holdersOf(email)).toEqual([winner]);
    // The refused file changed nothing: the person it would add is not there, or the held one keeps their email.
    if (loser === "RACE-NEW") expect(await holdersOf("race-new@council.example")).toEqual([]);
    else expect(await holdersOf("race-held@council.example")).toEqual(["RACE-HELD"]);
  });
});

describe("control characters in a staff file", () => {
  it("are not stored in names, titles or search text, as the other imports store none", async () => {
    const manager = await managerNumber();
    const csv = staffCsv([
      { employee: "CTL\u0007-1", given: "Ann\u001b[31m", family: "Lee \u0007", email: "ctl-1@council.example\u001f", title: "Social\u0001 Worker\u007f", team: "T-1-1\u001b", manager: `${manager}\u0008` },
    ]);
    expect(await importStaff(csv, SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 1 });
    const stored = await db().selectFrom("people").select(["employee_number", "given_name", "family_name", "email", "job_title", "search_text"]).where("email", "like", "ctl-1@%").execute();
    expect(stored).toEqual([{ employee_number: "CTL-1", given_name: "Ann[31m", family_name: "Lee", email: "ctl-1@council.example", job_title: "Social Worker", search_text: "ann[31m lee ctl-1@council.example ctl-1" }]);
    // The same file again, as it now reads, changes nothing.
    expect(await importStaff(csv, SYSTEM_ACTOR)).toMatchObject({ ok: true, unchanged: 1 });
  });

  it("npm run import:staff prints none from the file to the terminal, showing each as its code", { timeout: 120_000 }, async () => {
    const root = path.resolve(__dirname, "../..");
    const file = path.join(root, ".tmp", `import-controls-${process.pid}.csv`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const importFile = async (csv: string) => {
      fs.writeFileSync(file, csv);
      return promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", file], { cwd: root, env: { ...process.env } }).catch((e) => e);
    };
    // A column name the import does not know, carrying a terminal's "set the title" and "clear the screen".
    const header = `${HEADER},\u001b]0;owned\u0007note\u001b[2J`;
    const badColumn = await importFile(staffCsv([{ employee: "CTL-CLI" }], header));
    // A team's name over two lines (refused on its line, naming the column) and a C1 "control sequence"
    // (stripped before the value is checked, as from all user text).
    const badTeam = await importFile(staffCsv([{ employee: "CTL-CLI", team: '"North\nEast\u009b2J"' }]));
    fs.rmSync(file, { force: true });
    expect([badColumn.code, badTeam.code]).toEqual([1, 1]);
    expect(badColumn.stderr).toContain("line 1 ([U+001B]]0;owned[U+0007]note[U+001B][2j): The column [U+001B]]0;owned[U+0007]note[U+001B][2j is not one Pathways knows");
    expect(badTeam.stderr).toContain("line 2 (team): The value for team has a line break in it: put it all on one line");
    // Line ends only: no other control character reaches the terminal.
    // eslint-disable-next-line no-control-regex
    for (const { stderr } of [badColumn, badTeam]) expect(stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(await holdersOf("ctl-cli@council.example")).toEqual([]);
  });
});
