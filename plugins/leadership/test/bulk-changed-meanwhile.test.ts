// A bulk enrolment file in which someone is given a place by another officer after the file was checked
// but before it is enrolled: the enrolment, checking again under the cohort's lock, enrols nobody, and the
// refusal names that person on their own line, as the check would have, so the file can be put right.
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import * as newCohort from "../routes/cohorts.new";
import { cohortNamed, form, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

const COHORT = { name: "Bulk, changed meanwhile", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "20", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };

/** The check's read of who already holds a place on the cohort, the moment another officer can beat. */
const CHECK_READS_PLACES = /^select "person_id" from "enrolments" where "cohort_id"/i;

async function upload(cohortId: number, csv: string) {
  const body = new FormData();
  body.set("intent", "csv");
  body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
  return run(bulk.action, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/bulk`, { method: "POST", body }), { cohortId: String(cohortId) });
}

describe("a bulk enrolment file whose person is given a place just after the check", () => {
  it("names that person on their line, and enrols nobody from the file", async () => {
    expect((await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form(COHORT)))).status).toBe(302);
    const { id: cohortId } = await cohortNamed(COHORT.name);
    const managers = await db().selectFrom("people").select(["id", "employee_number"]).where("role_category", "=", "team_manager").orderBy("id").limit(3).execute();
    // One Level 5 place a person: the demo's places elsewhere are given up, so only this cohort's is at stake.
    for (const m of managers) await withoutLevel5Places(m.id);
    const csv = ["employee_number,reason", ...managers.map((m) => m.employee_number)].join("\n");
    const taken = managers[1];
    const otherOfficer = { userId: null, personId: await personIdOf("admin") };
    const placeTaken = () => requestPlace({ cohortId, personId: taken.id, actor: otherOfficer, direct: true });

    const refused = await whenFirstRead(CHECK_READS_PLACES, placeTaken, () => upload(cohortId, csv));

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ kind: "problems", problems: [{ line: 3, key: "bulk.errors.already", values: { employee: taken.employee_number } }] });
    expect(fixedT("en-GB")("bulk.errors.already", { employee: taken.employee_number })).toContain(taken.employee_number);
    const places = await db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohortId).execute();
    expect(places).toEqual([{ person_id: taken.id, status: "enrolled" }]);
    const bulkAudit = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.bulk_enrolled").where("subject_id", "=", String(cohortId)).execute();
    expect(bulkAudit).toEqual([]);
  });
});
