// The weekly caseload import, with the staff import's rules: every bad row reported with its line number
// and nothing changed; a valid file applied in one go and audited; importing a week again replaces that
// week's figures, and the same file twice changes (and audits) nothing the second time.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ASYE_STAGE } from "../caseload/constants";
import { caseloadDb } from "../caseload/server/db.server";
import { importCaseloads } from "../caseload/server/import.server";
import { addWeeks, weekOf } from "../caseload/server/weeks";
import { caseloadCsv, ensureCaseloadPlugin, peopleAtStage } from "./caseload-support";

const figuresOf = (week: string) => caseloadDb().selectFrom("asye_caseload_figures").select(["person_id", "cases", "career_stage"]).where("week_of", "=", week).orderBy("person_id").execute();
const countFigures = async () => Number((await caseloadDb().selectFrom("asye_caseload_figures").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const figureAudits = (week: string) => db().selectFrom("audit_events").select(["person_id", "subject_type", "subject_id", "before_json", "after_json"]).where("action", "=", "asye.caseload.figure_changed").where("subject_id", "=", week).orderBy("id").execute();
const importAudits = () => db().selectFrom("audit_events").select(["subject_id", "actor_person_id", "before_json", "after_json"]).where("action", "=", "asye.caseload.week_imported").orderBy("id").execute();

const thisWeek = weekOf(new Date().toISOString().slice(0, 10));
// Before the seeded weeks, so the tests own these.
const WEEK = addWeeks(thisWeek, -30);
const OTHER_WEEK = addWeeks(thisWeek, -31);
const dayOf = (week: string, days: number) => new Date(Date.parse(`${week}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

let sw: { id: number; employee_number: string }[];
let asye: { id: number; employee_number: string }[];

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
  sw = await peopleAtStage("social_worker", 3);
  asye = await peopleAtStage(ASYE_STAGE, 2);
});

describe("checking the file", () => {
  it("reports every bad row with its line number and changes nothing", async () => {
    const before = await countFigures();
    const audits = (await importAudits()).length;
    const csv = caseloadCsv([
      [sw[0].employee_number, WEEK, 20], // line 2: fine
      ["E999999", WEEK, 12], // 3: nobody has this number
      [sw[1].employee_number, "2026-02-30", 18], // 4: no such day
      [sw[2].employee_number, WEEK, -3], // 5: negative
      [asye[0].employee_number, WEEK, "2.5"], // 6: not whole
      [asye[1].employee_number, WEEK, "lots"], // 7: not a number
      [sw[0].employee_number, dayOf(WEEK, 2), 21], // 8: same person, same week (a Wednesday)
      [sw[1].employee_number, addWeeks(thisWeek, 2), 10], // 9: a week to come
      ["", WEEK, ""], // 10: two blanks
      ["E1 00", WEEK, 5], // 11: not an employee number
      [sw[2].employee_number, WEEK, 201], // 12: more than anyone carries
    ]);
    const outcome = await importCaseloads(csv, SYSTEM_ACTOR);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.rows).toBe(11);
    expect(outcome.problems.map((p) => [p.line, p.column, p.key.replace("asye:caseload.import.errors.", "")])).toEqual([
      [3, "employee_number", "unknownEmployee"],
      [4, "date", "date"],
      [5, "allocated_cases", "negative"],
      [6, "allocated_cases", "wholeNumber"],
      [7, "allocated_cases", "wholeNumber"],
      [8, "employee_number", "duplicate"],
      [9, "date", "future"],
      [10, "employee_number", "required"],
      [10, "allocated_cases", "required"],
      [11, "employee_number", "employeeNumber"],
      [12, "allocated_cases", "tooMany"],
    ]);
    expect(outcome.problems.find((p) => p.line === 8)?.values).toEqual({ line: 2 });
    expect(await countFigures()).toBe(before);
    expect(await importAudits()).toHaveLength(audits);
  });

  it("refuses a file with missing or unknown columns, no rows, or binary content", async () => {
    const missing = await importCaseloads("employee_number,date\nE100001,2025-01-06\n", SYSTEM_ACTOR);
    expect(missing).toMatchObject({ ok: false, problems: [{ line: 1, column: "allocated_cases", key: "asye:caseload.import.errors.missingColumn" }] });
    const unknown = await importCaseloads("employee_number,date,allocated_cases,notes\n", SYSTEM_ACTOR);
    expect(unknown).toMatchObject({ ok: false, problems: [{ line: 1, column: "notes", key: "asye:caseload.import.errors.unknownColumn" }] });
    expect(await importCaseloads("employee_number,date,allocated_cases\n", SYSTEM_ACTOR)).toMatchObject({ ok: false, problems: [{ key: "asye:caseload.import.errors.empty" }] });
    expect(await importCaseloads("employee_number,date,allocated_cases\n\u0000\u0001", SYSTEM_ACTOR)).toMatchObject({ ok: false, problems: [{ line: 2, key: "asye:caseload.import.errors.notCsv" }] });
    expect(await importCaseloads('employee_number,date,allocated_cases\n"E1,2025-01-06,3\n', SYSTEM_ACTOR)).toMatchObject({ ok: false, problems: [{ key: "asye:caseload.import.errors.malformed" }] });
  });
});

describe("applying the file", () => {
  it("applies a valid file in one go, by week (any day of it, either date style), with the stage each person is at, audited", async () => {
    const csv = caseloadCsv([
      [sw[0].employee_number.toLowerCase(), WEEK, 20],
      [sw[1].employee_number, dayOf(WEEK, 6), 22],
      [asye[0].employee_number, ukDate(WEEK), 19],
      [asye[1].employee_number, OTHER_WEEK, 15],
    ]);
    const outcome = await importCaseloads(csv, { userId: null, personId: sw[2].id });
    expect(outcome).toEqual({ ok: true, rows: 4, weeks: [{ weekOf: OTHER_WEEK, rows: 1, changed: true }, { weekOf: WEEK, rows: 3, changed: true }] });
    expect(await figuresOf(WEEK)).toEqual(
      [
        { person_id: sw[0].id, cases: 20, career_stage: "social_worker" },
        { person_id: sw[1].id, cases: 22, career_stage: "social_worker" },
        { person_id: asye[0].id, cases: 19, career_stage: ASYE_STAGE },
      ].sort((a, b) => a.person_id - b.person_id),
    );
    const audits = await importAudits();
    expect(audits.slice(-2).map((a) => [a.subject_id, a.actor_person_id, a.before_json, JSON.parse(a.after_json!)])).toEqual([
      [OTHER_WEEK, sw[2].id, null, { people: 1, cases: 15 }],
      [WEEK, sw[2].id, null, { people: 3, cases: 61 }],
    ]);
  });

  it("changes and audits nothing when the same file comes again", async () => {
    const csv = caseloadCsv([
      [sw[0].employee_number, WEEK, 20],
      [sw[1].employee_number, WEEK, 22],
      [asye[0].employee_number, WEEK, 19],
    ]);
    const audits = (await importAudits()).length;
    expect(await importCaseloads(csv, SYSTEM_ACTOR)).toEqual({ ok: true, rows: 3, weeks: [{ weekOf: WEEK, rows: 3, changed: false }] });
    expect(await importAudits()).toHaveLength(audits);
  });

  it("replaces a week's figures when it is imported again, leaving other weeks alone", async () => {
    const csv = caseloadCsv([
      [sw[0].employee_number, WEEK, 18],
      [asye[1].employee_number, WEEK, 14],
    ]);
    expect(await importCaseloads(csv, SYSTEM_ACTOR)).toMatchObject({ ok: true, weeks: [{ weekOf: WEEK, rows: 2, changed: true }] });
    expect(await figuresOf(WEEK)).toEqual([
      { person_id: sw[0].id, cases: 18, career_stage: "social_worker" },
      { person_id: asye[1].id, cases: 14, career_stage: ASYE_STAGE },
    ].sort((a, b) => a.person_id - b.person_id));
    expect(await figuresOf(OTHER_WEEK)).toEqual([{ person_id: asye[1].id, cases: 15, career_stage: ASYE_STAGE }]);
    // The per-stage totals the averages read follow the replaced figures.
    const totals = await caseloadDb().selectFrom("asye_caseload_stage_totals").select(["career_stage", "people", "cases"]).where("week_of", "=", WEEK).orderBy("career_stage").execute();
    expect(totals.map((r) => ({ ...r, people: Number(r.people), cases: Number(r.cases) }))).toEqual([
      { career_stage: ASYE_STAGE, people: 1, cases: 14 },
      { career_stage: "social_worker", people: 1, cases: 18 },
    ]);
    const last = (await importAudits()).at(-1)!;
    expect([last.subject_id, JSON.parse(last.before_json!), JSON.parse(last.after_json!)]).toEqual([WEEK, { people: 3, cases: 61 }, { people: 2, cases: 32 }]);
  });

  it("finds someone whose employee number HR wrote in lower case", async () => {
    const week = addWeeks(thisWeek, -32);
    await db().updateTable("people").set({ employee_number: "ab-123" }).where("id", "=", sw[2].id).execute();
    try {
      expect(await importCaseloads(caseloadCsv([["AB-123", week, 17]]), SYSTEM_ACTOR)).toMatchObject({ ok: true, rows: 1 });
      expect(await figuresOf(week)).toEqual([{ person_id: sw[2].id, cases: 17, career_stage: "social_worker" }]);
    } finally {
      await db().updateTable("people").set({ employee_number: sw[2].employee_number }).where("id", "=", sw[2].id).execute();
    }
  });
});

describe("each person's figure in the audit trail", () => {
  // Weeks of their own, so the events counted are this block's.
  const AUDIT_WEEK = addWeeks(thisWeek, -45);
  const LATER_WEEK = addWeeks(thisWeek, -44);
  const asFigure = (e: { person_id: number | null; before_json: string | null; after_json: string | null }) => [e.person_id, JSON.parse(e.before_json ?? "null"), JSON.parse(e.after_json ?? "null")];

  it("records no person's figure when a week is first imported: the figure held is the record, and the week's total is audited", async () => {
    const weeks = (await importAudits()).length;
    await importCaseloads(caseloadCsv([[sw[0].employee_number, AUDIT_WEEK, 20], [asye[0].employee_number, AUDIT_WEEK, 16]]), SYSTEM_ACTOR);
    expect(await figureAudits(AUDIT_WEEK)).toEqual([]);
    expect(await importAudits()).toHaveLength(weeks + 1);
  });

  it("records one event, in the person's own trail, for the one figure a re-import replaces, with the value before and after", async () => {
    const before = (await figureAudits(AUDIT_WEEK)).length;
    await importCaseloads(caseloadCsv([[sw[0].employee_number, AUDIT_WEEK, 23], [asye[0].employee_number, AUDIT_WEEK, 16]]), SYSTEM_ACTOR);
    const events = (await figureAudits(AUDIT_WEEK)).slice(before);
    expect(events.map(asFigure)).toEqual([[sw[0].id, { cases: 20, careerStage: "social_worker" }, { cases: 23, careerStage: "social_worker" }]]);
    // The week's total is still audited alongside.
    const week = (await importAudits()).at(-1)!;
    expect([week.subject_id, JSON.parse(week.before_json!), JSON.parse(week.after_json!)]).toEqual([AUDIT_WEEK, { people: 2, cases: 36 }, { people: 2, cases: 39 }]);
  });

  it("records nobody's figure when the same file comes again", async () => {
    const before = (await figureAudits(AUDIT_WEEK)).length;
    // Not true by default: the people of this week were recorded when their figures changed.
    expect(before).toBeGreaterThan(0);
    const outcome = await importCaseloads(caseloadCsv([[sw[0].employee_number, AUDIT_WEEK, 23], [asye[0].employee_number, AUDIT_WEEK, 16]]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: true, weeks: [{ weekOf: AUDIT_WEEK, changed: false }] });
    expect(await figureAudits(AUDIT_WEEK)).toHaveLength(before);
  });

  it("records the figure of someone the re-imported week no longer lists, with no value after", async () => {
    const before = (await figureAudits(AUDIT_WEEK)).length;
    await importCaseloads(caseloadCsv([[sw[0].employee_number, AUDIT_WEEK, 23]]), SYSTEM_ACTOR);
    expect((await figureAudits(AUDIT_WEEK)).slice(before).map(asFigure)).toEqual([[asye[0].id, { cases: 16, careerStage: ASYE_STAGE }, null]]);
  });

  it("fails whole and changes nothing when a person's audit event cannot be written", async () => {
    const held = [await figuresOf(AUDIT_WEEK), await figuresOf(LATER_WEEK)];
    const audits = (await importAudits()).length;
    // Only the people's events are refused: the figures and the week's total are written before them, and
    // neither week of the file may stay.
    const csv = caseloadCsv([[sw[0].employee_number, AUDIT_WEEK, 30], [sw[1].employee_number, LATER_WEEK, 12]]);
    expect(await failsWhileAuditFails(() => importCaseloads(csv, SYSTEM_ACTOR), "asye.caseload.figure_changed")).toBe(true);
    expect([await figuresOf(AUDIT_WEEK), await figuresOf(LATER_WEEK)]).toEqual(held);
    expect(await importAudits()).toHaveLength(audits);
  });
});

describe("two uploads of the same weeks at once", () => {
  it("both succeed, one after the other, and each week holds one file's figures", async () => {
    const weeks = [-40, -39, -38, -37, -36].map((n) => addWeeks(thisWeek, n));
    const file = (base: number) => caseloadCsv(weeks.flatMap((week) => [[sw[0].employee_number, week, base + 1], [sw[1].employee_number, week, base + 2], [asye[0].employee_number, week, base + 3]] as [string, string, number][]));
    // The second upload starts once the first has written its first week, inside its open transaction.
    let second: ReturnType<typeof importCaseloads> | undefined;
    const startSecond = () => (second ??= importCaseloads(file(20), SYSTEM_ACTOR));
    const first = await importCaseloads(file(10), SYSTEM_ACTOR, (phase) => void (phase === "applying" && startSecond()));
    const outcomes = [first, await startSecond()];
    const applied = { ok: true, rows: 15, weeks: weeks.map((weekOf) => ({ weekOf, rows: 3, changed: true })) };
    expect(outcomes).toEqual([applied, applied]);
    const audits = await importAudits();
    for (const week of weeks) {
      const held = (await figuresOf(week)).map((f) => f.cases).sort();
      expect([[11, 12, 13], [21, 22, 23]], week).toContainEqual(held);
      // The second replaced what the first committed, and its audit says so.
      const ofWeek = audits.filter((a) => a.subject_id === week);
      expect(ofWeek, week).toHaveLength(2);
      expect(JSON.parse(ofWeek[1].before_json ?? "null"), week).toEqual(JSON.parse(ofWeek[0].after_json!));
    }
  });
});

describe("the import page", () => {
  const upload = async (as: "ld" | "admin" | "manager" | "practitioner", csv: string | null) => {
    const page = await import("../routes/caseload.import");
    const form = new FormData();
    if (csv !== null) form.set("file", new File([csv], "caseload.csv", { type: "text/csv" }));
    return run(page.action, await requestAs(as, "/programmes/asye/caseload/import", { method: "POST", body: form }));
  };

  it("is for L&D and admins only", async () => {
    const page = await import("../routes/caseload.import");
    expect((await run(page.loader, await requestAs("ld", "/programmes/asye/caseload/import"))).status).toBe(200);
    expect((await run(page.loader, await requestAs("manager", "/programmes/asye/caseload/import"))).status).toBe(403);
    const before = await countFigures();
    expect((await upload("manager", caseloadCsv([[sw[0].employee_number, WEEK, 1]]))).status).toBe(403);
    expect((await upload("practitioner", caseloadCsv([[sw[0].employee_number, WEEK, 1]]))).status).toBe(403);
    expect(await countFigures()).toBe(before);
  });

  it("asks for a file, lists every problem in a rejected one, and applies a good one", async () => {
    expect(await upload("ld", null)).toMatchObject({ status: 400, data: { kind: "field", key: "caseload.import.noFile" } });
    const rejected = await upload("ld", caseloadCsv([[sw[0].employee_number, WEEK, -1], ["NOBODY", WEEK, 3]]));
    expect(rejected.status).toBe(400);
    expect((rejected.data as { problems: { line: number }[] }).problems.map((p) => p.line)).toEqual([2, 3]);
    expect(await figuresOf(WEEK)).toHaveLength(2);
    const done = await upload("admin", caseloadCsv([[sw[2].employee_number, WEEK, 17]]));
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ kind: "done", rows: 1, weeks: [{ weekOf: WEEK, rows: 1, changed: true }] });
    expect(await figuresOf(WEEK)).toEqual([{ person_id: sw[2].id, cases: 17, career_stage: "social_worker" }]);
  });

  it("counts this week from London's date, so Monday's report is not a week to come just after midnight in summer time", async () => {
    // 23:30 UTC on Sunday 5 July is 00:30 on Monday 6 July in London (BST).
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-05T23:30:00Z") });
    try {
      const before = await countFigures();
      // The unknown employee keeps the file from being applied, so only the date checks are seen.
      const rejected = await upload("ld", caseloadCsv([[sw[0].employee_number, "2026-07-06", 20], [sw[1].employee_number, "2026-07-13", 20], ["NOBODY", "2026-07-06", 3]]));
      expect(rejected.status).toBe(400);
      expect((rejected.data as { problems: { line: number; key: string }[] }).problems.map((p) => [p.line, p.key.replace("asye:caseload.import.errors.", "")])).toEqual([
        [3, "future"],
        [4, "unknownEmployee"],
      ]);
      expect(await countFigures()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });
});
