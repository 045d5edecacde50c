// A bulk enrolment file of up to 2 MB is read once: the core's check reads it and gives each line it passed
// with its line, from which the programme names anyone holding a Level 5 place on another cohort on their
// own line. It once read the file a second time for those lines, when someone on it held a place elsewhere
// or the core refused some other line. A file with such a person still names them on their line.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { readCsvFile } from "../../../app/utils/csv-records.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { PLUGIN_ID } from "../programme";
import { bulkFromCsv } from "../server/bulk.server";
import { employeeOf, peopleNamed } from "./support";

vi.mock("../../../app/utils/csv-records.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../app/utils/csv-records.server")>();
  return { ...original, readCsvFile: vi.fn(original.readCsvFile) };
});

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const EN = "en-GB" as const;

let made = 0;
const newCohort = () => {
  made += 1;
  const startsOn = addDaysToDate(londonToday(), 40 + made);
  return createCohort(
    { programmeId: PLUGIN_ID, name: `Bulk read once ${made}`, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 20, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
};

describe("a bulk enrolment file", () => {
  it("is read once when nobody on it holds a place elsewhere, and everyone on it is enrolled", async () => {
    const people = await peopleNamed("BRO-A", 3);
    const cohortId = await newCohort();
    const csv = ["employee_number,reason", ...(await Promise.all(people.map(employeeOf))).map((e) => `${e},Acting up`)].join("\n");
    vi.mocked(readCsvFile).mockClear();

    const result = await bulkFromCsv(cohortId, csv, { userId: null, personId: await personIdOf("ld") }, EN);

    expect(result).toMatchObject({ ok: true });
    expect(vi.mocked(readCsvFile)).toHaveBeenCalledTimes(1);
  });

  it("is read once when someone on it holds a place elsewhere, and still names them on their line", async () => {
    const [free] = await peopleNamed("BRO-B", 1);
    const holder = await personIdOf("manager");
    const cohortId = await newCohort();
    const csv = ["employee_number,reason", `${await employeeOf(free)},Acting up`, `${await employeeOf(holder)},Acting up`].join("\n");
    vi.mocked(readCsvFile).mockClear();

    const result = await bulkFromCsv(cohortId, csv, { userId: null, personId: await personIdOf("ld") }, EN);

    expect(result).toEqual({ ok: false, problems: [{ line: 3, key: `${PLUGIN_ID}:bulk.errors.placeElsewhere`, values: { employee: await employeeOf(holder), cohort: "Cohort 1" } }] });
    expect(vi.mocked(readCsvFile)).toHaveBeenCalledTimes(1);
  });

  it("is read once when the core refuses a line, naming that line and, on theirs, someone holding a place elsewhere", async () => {
    const [free] = await peopleNamed("BRO-C", 1);
    const holder = await personIdOf("manager");
    const cohortId = await newCohort();
    const csv = ["employee_number,reason", `${await employeeOf(holder)},Acting up`, "NOBODY-404,Acting up", `${await employeeOf(free)},Acting up`].join("\n");
    vi.mocked(readCsvFile).mockClear();

    const result = await bulkFromCsv(cohortId, csv, { userId: null, personId: await personIdOf("ld") }, EN);

    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, key: `${PLUGIN_ID}:bulk.errors.placeElsewhere`, values: { employee: await employeeOf(holder), cohort: "Cohort 1" } },
        { line: 3, key: "bulk.errors.unknownEmployee", values: { employee: "NOBODY-404" } },
      ],
    });
    expect(vi.mocked(readCsvFile)).toHaveBeenCalledTimes(1);
  });
});
