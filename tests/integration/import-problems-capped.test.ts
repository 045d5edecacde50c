// A file refused on hundreds of lines: the page lists the first 200 problems by line in full, and counts
// every problem by column and kind with the numbers of every line it is on, so no bad line goes unnamed
// and nothing changes. Through the real actions of the staff import and a plugin's bulk enrolment (which
// share the helper), on a migrated database, and on the page the server renders from them.
import { beforeAll, describe, expect, it } from "vitest";
import ImportStaffPage, * as importRoute from "../../app/routes/admin.people.import";
import type { ProblemsReport } from "../../app/utils/import-problems.server";
import * as bulk from "../../plugins/leadership/routes/cohorts.$cohortId.bulk";
import * as newCohort from "../../plugins/leadership/routes/cohorts.new";
import { countRows, requestAs, seedDemo } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";
import { staffCsv, type StaffLine } from "../support/staff-csv";

beforeAll(seedDemo);

type Refused = ProblemsReport & { kind: "problems" };

/** The counts a report carries when it lists only some of its problems. */
function cutShortOf(refused: Refused) {
  expect(refused.kind).toBe("problems");
  if (!refused.cutShort) throw new Error("every problem was listed");
  return refused.cutShort;
}

/** Every line a kind's "2–5, 9" names. */
function linesIn(lineNumbers: string): number[] {
  return lineNumbers.split(", ").flatMap((run) => {
    const [first, last = first] = run.split("–").map(Number);
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
}

const upload = async (csv: string) => {
  const form = new FormData();
  form.set("file", new File([csv], "staff.csv", { type: "text/csv" }));
  return run(importRoute.action, await requestAs("ld", "/admin/people/import", { method: "POST", body: form }));
};

// 300 rows with dates written the British way (lines 2 to 301), every third naming a team that does not exist.
const BRITISH_DATES: StaffLine[] = Array.from({ length: 300 }, (_, i) => ({
  employee: `CAP-${i}`,
  start: "06/01/2020",
  ...(i % 3 === 0 ? { team: `No Such Team ${i}` } : {}),
}));

describe("a staff file refused on 300 lines", () => {
  it("lists the first 200 problems by line, and counts all 400 by column with every line they are on", async () => {
    const people = await countRows("people");
    const events = await countRows("audit_events");
    const outcome = await upload(staffCsv(BRITISH_DATES));
    expect(outcome.status).toBe(400);
    const refused = outcome.data as Refused;
    const counted = cutShortOf(refused);
    expect(counted.total).toBe(400);
    expect(refused.problems).toHaveLength(200);
    expect(refused.problems.map((p) => p.line)).toEqual([...refused.problems.map((p) => p.line)].sort((a, b) => a - b));
    expect(refused.problems[0]).toMatchObject({ line: 2 });

    const dates = counted.kinds.find((k) => k.column === "employment_start")!;
    expect(dates).toMatchObject({ key: "import.errors.date", lines: 300, firstLine: 2, lineNumbers: "2–301", sameWording: true });
    const teams = counted.kinds.find((k) => k.column === "team")!;
    expect(teams).toMatchObject({ key: "import.errors.team", lines: 100, firstLine: 2, sameWording: false, values: { team: "No Such Team 0" } });
    expect(linesIn(teams.lineNumbers)).toEqual(Array.from({ length: 100 }, (_, i) => 2 + 3 * i));
    expect(counted.kinds.reduce((sum, k) => sum + k.lines, 0)).toBe(counted.total);
    expect(counted.otherKinds).toBeNull();

    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("names every line on the page in both languages, in far less than a row for each problem", async () => {
    const outcome = await upload(staffCsv([...BRITISH_DATES, ...BRITISH_DATES.map((l) => ({ ...l, employee: `${l.employee}-B` }))]));
    const refused = outcome.data as Refused;
    expect(cutShortOf(refused).total).toBe(800);
    const english = await renderedAfterPost(ImportStaffPage, { title: "Import" }, refused);
    expect(english).toContain("The file was not imported. Problems found: 800. Nothing has changed.");
    expect(english).toContain("The first 200 of 800 problems, by line");
    expect(english).toContain("<code>employment_start</code>");
    expect(english).toContain("2–601");
    expect(english).toContain("For example, line 2: There is no team called No Such Team 0");
    expect(english.match(/<tr class="govuk-table__row">/g)).toHaveLength(1 + 2 + 1 + 200);
    expect(english.length).toBeLessThan(120_000);

    const welsh = await renderedAfterPost(ImportStaffPage, { title: "Mewnforio" }, refused, "cy");
    expect(welsh).toContain("Y 200 cyntaf o&#x27;r 800 o broblemau, yn nhrefn y llinellau");
    expect(welsh).toContain("Rhifau&#x27;r llinellau");
    expect(welsh).toContain("2–601");
  });

  it("lists a file with few problems in full, as before", async () => {
    const outcome = await upload(staffCsv(BRITISH_DATES.slice(1, 3)));
    const refused = outcome.data as Refused;
    expect(refused).toEqual({ kind: "problems", rows: 2, problems: [expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 3 })] });
    const page = await renderedAfterPost(ImportStaffPage, { title: "Import" }, refused);
    expect(page).toContain("Problems found: 2");
    expect(page).not.toContain("Line numbers");
  });
});

describe("a Level 5 bulk enrolment file naming 300 people nobody holds", () => {
  it("lists the first 200 and counts all 300 with their lines, enrolling nobody", async () => {
    const fields = { name: "Capped problems", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "50", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };
    const made = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", { method: "POST", body: new URLSearchParams(fields) }));
    const path = made.headers.get("Location")!.split("?")[0] + "/bulk";
    const cohortId = path.split("/")[4];
    const body = new FormData();
    body.set("intent", "csv");
    body.set("file", new File([`employee_number,reason\n${Array.from({ length: 300 }, (_, i) => `NOBODY-${i},`).join("\n")}\n`], "people.csv", { type: "text/csv" }));
    const enrolments = await countRows("audit_events");
    const outcome = await run(bulk.action, await requestAs("ld", path, { method: "POST", body }), { cohortId });
    expect(outcome.status).toBe(400);
    const refused = outcome.data as Refused;
    const counted = cutShortOf(refused);
    expect(counted.total).toBe(300);
    expect(refused.problems).toHaveLength(200);
    expect(counted.kinds).toHaveLength(1);
    expect(counted.kinds[0]).toMatchObject({ lines: 300, lineNumbers: "2–301" });
    expect(await countRows("audit_events")).toBe(enrolments);
  });
});
