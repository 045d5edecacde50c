// A person row for a test to insert: an active, unqualified social worker unless the test says otherwise,
// with the search text written by the same rule as the import and the seed, so search finds them as it
// finds real people.
import type { NewPerson } from "../../db/schema";
import { personSearchText } from "../../db/search-text";

type Names = Pick<NewPerson, "employee_number" | "given_name" | "family_name" | "email" | "team_id">;

export function newPerson(names: Names, rest: Partial<Omit<NewPerson, keyof Names | "search_text">> = {}): NewPerson {
  const now = new Date().toISOString();
  return {
    job_title: "Social Worker", role_category: "social_worker", line_manager_id: null, fte: 1, employment_start: "2020-01-01",
    qualification_date: null, registration_number: null, registration_expiry: null, employment_status: "active", created_at: now, updated_at: now,
    ...rest,
    ...names,
    search_text: personSearchText(names),
  };
}
