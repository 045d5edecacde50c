// Text over its limit is refused with a message that says the limit, in both languages: the core's cohort
// and session forms, the staff import and a bulk enrolment file. Nothing is cut short without a word.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { checkBulkCsv } from "../../app/services/bulk-enrolment.server";
import { createCohort } from "../../app/services/cohorts.server";
import { importStaff } from "../../app/services/staff-import.server";
import { cohortSchema, OVERRIDE_REASON_MAX, sessionSchema } from "../../app/utils/cohort-form";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import { seedDemo } from "../support/fixtures";
import { staffCsv } from "../support/staff-csv";

beforeAll(seedDemo);

const errorsOf = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));

describe("the cohort and session forms", () => {
  it("name each field's limit", () => {
    const cohort = errorsOf(cohortSchema.safeParse({ name: "n".repeat(121), venue: "v".repeat(201) }));
    expect(cohort).toMatchObject({ name: "cohorts.errors.nameTooLong", venue: "cohorts.errors.venueTooLong" });
    const session = errorsOf(sessionSchema.safeParse({ title: "t".repeat(201), location: "l".repeat(201) }));
    expect(session).toMatchObject({ title: "cohorts.errors.titleTooLong", location: "cohorts.errors.locationTooLong" });
    for (const [key, limit] of [["nameTooLong", "120"], ["venueTooLong", "200"], ["titleTooLong", "200"], ["locationTooLong", "200"]]) {
      expect(fixedT("en-GB")(`cohorts.errors.${key}`)).toMatch(new RegExp(` ${limit} characters or fewer$`));
      expect(fixedT("cy")(`cohorts.errors.${key}`)).toMatch(new RegExp(` ${limit} nod neu lai$`));
    }
  });
});

describe("the staff import", () => {
  it("says how long a value may be, on its line, and imports nothing", async () => {
    const before = await db().selectFrom("people").select("id").execute();
    const outcome = await importStaff(staffCsv([{ employee: "LEN-1", given: "G".repeat(101) }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 2, column: "given_name", key: "import.errors.tooLong", values: { column: "given_name", max: 100 } }] });
    expect(fixedT("en-GB")("import.errors.tooLong", { column: "given_name", max: 100 })).toBe("The value for given_name must be 100 characters or fewer");
    expect(fixedT("cy")("import.errors.tooLong", { column: "given_name", max: 100 })).toBe("Rhaid i'r gwerth ar gyfer given_name fod yn 100 nod neu lai");
    expect(await db().selectFrom("people").select("id").execute()).toHaveLength(before.length);
  });
});

describe("a bulk enrolment file", () => {
  it("refuses a reason over the limit on its line, where before it was cut short; a reason at the limit is kept whole", async () => {
    const cohortId = await createCohort(
      { programmeId: "leadership", name: "Length limits", startsOn: "2030-01-07", endsOn: "2030-06-01", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      null,
      SYSTEM_ACTOR,
    );
    const [first, second] = await db().selectFrom("people").select("employee_number").orderBy("id").limit(2).execute();
    const notEligible = async () => ({ eligible: false, reasonKey: "test.notEligible" });
    const check = (reason: string) => checkBulkCsv(cohortId, `employee_number,reason\n${first.employee_number},${reason}\n${second.employee_number},Fine\n`, async (ids: number[]) => new Map(await Promise.all(ids.map(async (id) => [id, await notEligible()] as const))), null);
    expect(await check("r".repeat(OVERRIDE_REASON_MAX + 1))).toEqual({ ok: false, problems: [{ line: 2, key: "bulk.errors.rowReasonTooLong", values: { employee: first.employee_number, max: OVERRIDE_REASON_MAX } }] });
    const kept = await check("r".repeat(OVERRIDE_REASON_MAX));
    expect(kept.ok && kept.entries[0].overrideReason).toBe("r".repeat(OVERRIDE_REASON_MAX));
    expect(fixedT("en-GB")("bulk.errors.rowReasonTooLong", { employee: "E1", max: 500 })).toBe("The reason for E1 must be 500 characters or fewer");
  });
});
