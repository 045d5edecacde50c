// People who hold a place on more than one Level 5 cohort: given before the one-place rule
// (`one-place.server.ts`), the extra places stay until L&D withdraw them from each cohort's page, and this
// is how L&D find who they are.
import type { EnrolmentStatus } from "../../../db/schema";
import { db } from "../../../app/utils/db.server";
import { pageWindow } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { ONE_PLACE_STATUSES } from "./one-place.server";

/** People shown a page at a time. */
export const SEVERAL_PLACES_PAGE_SIZE = 25;

/**
 * Each person holding more than one place, by the one-place rule's own statuses, one row each, grouped in
 * SQL: the Level 5 cohorts found by an index on `cohorts (programme_id, …)`, their places by one on
 * `enrolments (cohort_id, status, …)`, so only Level 5 places are read.
 */
function holdersOfSeveral() {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select("e.person_id")
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ONE_PLACE_STATUSES)
    .groupBy("e.person_id")
    .having((eb) => eb.fn.countAll(), ">", 1);
}

/** How many people hold more than one Level 5 place. */
async function severalPlacesCount() {
  const { n } = await db().selectFrom(holdersOfSeveral().as("h")).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

export interface PlaceHeld {
  enrolmentId: number;
  cohortId: number;
  cohort: string;
  status: EnrolmentStatus;
  position: number | null;
}

export interface SeveralPlacesHolder {
  personId: number;
  name: string;
  employee: string;
  places: PlaceHeld[];
}

/**
 * One page of the people holding more than one place, by name, each with every place they hold, earliest
 * cohort first (a page past the last shows the last). The page's people are chosen in a subquery, limited,
 * and their places read in the same statement, so a page is one read however many people it shows.
 */
export async function severalPlacesPage(asked: number) {
  const total = await severalPlacesCount();
  const shown = pageWindow(total, asked, SEVERAL_PLACES_PAGE_SIZE);
  const pagePeople = db()
    .selectFrom("people as p")
    .innerJoin(holdersOfSeveral().as("h"), "h.person_id", "p.id")
    .select("p.id")
    .orderBy("p.family_name")
    .orderBy("p.given_name")
    .orderBy("p.id")
    .limit(shown.limit)
    .offset(shown.offset);
  // The page's people's places read by `enrolments_person_idx`, not every Level 5 place again.
  const rows = await db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .where("e.person_id", "in", pagePeople)
    .select(["p.id as person_id", "p.family_name", "p.given_name", "p.employee_number", "e.id as enrolment_id", "e.status", "e.waitlist_position", "c.id as cohort_id", "c.name as cohort_name"])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ONE_PLACE_STATUSES)
    .orderBy("p.family_name")
    .orderBy("p.given_name")
    .orderBy("p.id")
    .orderBy("c.starts_on")
    .orderBy("c.id")
    .execute();
  const people = new Map<number, SeveralPlacesHolder>();
  for (const r of rows) {
    const person = people.get(r.person_id) ?? { personId: r.person_id, name: `${r.family_name}, ${r.given_name}`, employee: r.employee_number, places: [] };
    person.places.push({ enrolmentId: r.enrolment_id, cohortId: r.cohort_id, cohort: r.cohort_name, status: r.status, position: r.waitlist_position });
    people.set(r.person_id, person);
  }
  return { people: [...people.values()], total, page: shown.page, pageCount: shown.pageCount };
}
