// What the people search matches (`people.search_text`): one rule for every writer of a person, so a
// person seeded, imported or made by a test is found the same way.
import type { NewPerson } from "./schema";

export function personSearchText(person: Pick<NewPerson, "given_name" | "family_name" | "email" | "employee_number">): string {
  return `${person.given_name} ${person.family_name} ${person.email} ${person.employee_number}`.toLowerCase();
}
