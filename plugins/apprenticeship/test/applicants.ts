// Applicants made straight into an intake, and the panel's scores for them: what the tests of the
// applications' ranking and paging set up, many at a time, without going through the application form.
import { db } from "../../../app/utils/db.server";
import { personIdOf } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { apprenticeshipDb } from "../server/db.server";

let applicantsMade = 0;

/** A new person for each surname, with the given name, each applying to the intake; answers the applications' ids. */
export async function applicants(intakeId: number, surnames: string[], { givenName, shortlisted = 0 }: { givenName: string; shortlisted?: 0 | 1 }) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (const surname of surnames) {
    applicantsMade += 1;
    const code = `APPLICANT${applicantsMade}`;
    const [person] = await db().insertInto("people").values(newPerson({ employee_number: code, given_name: givenName, family_name: surname, email: `${code.toLowerCase()}@example.test`, team_id })).returning("id").execute();
    const [row] = await apprenticeshipDb()
      .insertInto("apprenticeship_applications")
      .values({ intake_id: intakeId, person_id: person.id, statement: "I want to qualify.", current_role: "Family support worker", service_months: 30, english: "held", maths: "held", manager_support: "given", manager_reason: null, manager_id: null, manager_decided_at: null, shortlisted, decision: null, feedback: null, enrolment_id: null, response: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    ids.push(row.id);
  }
  return ids;
}

/** Each panel member's scores for an application (values, experience, potential), one score row a member. */
export async function score(applicationId: number, totals: [number, number, number][]) {
  const panel = [await personIdOf("ld"), await personIdOf("admin"), await personIdOf("manager")];
  for (const [i, [values, experience, potential]] of totals.entries()) {
    await apprenticeshipDb().insertInto("apprenticeship_scores").values({ application_id: applicationId, panel_member_id: panel[i], values_score: values, experience_score: experience, potential_score: potential, comment: null, scored_at: new Date().toISOString() }).execute();
  }
}
