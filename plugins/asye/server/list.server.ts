// The paginated lists: ASYE years the viewer may see (L&D everyone's; a manager their line's, plus the
// years they assess or supervise), and ASYE social workers who have no year yet, for L&D to start one.
import { sql } from "kysely";
import type { Viewer } from "../../sdk";
import { personByEmployeeNumber as personHolding, type Found } from "../../../app/services/employee-numbers.server";
import { teamScope } from "../../../app/services/people.server";
import { db as hostDb } from "../../../app/utils/db.server";
import { pageWindow, type PageWindow } from "../../../app/utils/paging.server";
import { peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import { ASYE_STAGE } from "../programme";
import { asyeDb } from "./db.server";

export const PAGE_SIZE = 25;
export const LIST_STATUSES = ["in_progress", "awaiting_decision", "passed", "failed"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
/** "current" is in progress or awaiting a decision: the years the /team card counts and links to. */
export const STATUS_FILTERS = [...LIST_STATUSES, "current"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface ListFilter {
  page: number;
  status?: StatusFilter;
  /** Only the years of the line the viewer manages (core `teamScope`), leaving out those they only assess or supervise. */
  teamOnly?: boolean;
  search?: string;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const pattern = (search: string) => `%${escapeLike(search.toLowerCase())}%`;

function visibleYears(viewer: Viewer, filter: Omit<ListFilter, "page">) {
  const scope = peopleScope(viewer);
  // Their own year is on their own page, where nobody records anything on it.
  let query = asyeDb().selectFrom("asye_years as y").innerJoin("people as p", "p.id", "y.person_id").where("y.person_id", "!=", viewer.personId);
  if (filter.teamOnly) {
    // The line the viewer manages, as /team counts it, even when L&D or admin lets them see everyone.
    const team = teamScope(viewer);
    if (team.kind !== "everyone") query = query.where("y.person_id", "in", scopedPeople(team).select("people.id") as never);
  } else if (scope.kind !== "everyone") {
    // The scope's own query decides whom the viewer manages; assessing or supervising adds those years.
    const inScope = scopedPeople(scope).select("people.id") as never;
    query = query.where((eb) => eb.or([eb("y.person_id", "in", inScope), eb("y.assessor_id", "=", viewer.personId), eb("y.supervisor_id", "=", viewer.personId)]));
  }
  if (filter.status === "passed") query = query.where("y.decision", "=", "pass");
  else if (filter.status === "failed") query = query.where("y.decision", "=", "fail");
  else if (filter.status) {
    // Undecided, or extended and running again: as `yearStatus` reads them.
    query = query.where((eb) => eb.or([eb("y.decision", "is", null), eb("y.decision", "=", "extend")]));
    if (filter.status !== "current") query = query.where("y.recommendation", filter.status === "awaiting_decision" ? "is not" : "is", null);
  }
  if (filter.search) query = query.where(sql<boolean>`p.search_text like ${pattern(filter.search)} escape '\\'`);
  return query;
}

/** A page of the years the viewer may see, with how many there are (a page past the end shows the last). */
export async function listYears(viewer: Viewer, filter: ListFilter) {
  const count = await visibleYears(viewer, filter).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const shown = pageWindow(total, filter.page, PAGE_SIZE);
  return { rows: await yearsOnPage(viewer, filter, total, shown), total, page: shown.page, pageCount: shown.pageCount };
}

/**
 * A page of the years in name order. The names are in `people`, so no index gives the years in that
 * order: the database sorts them all to cut any page, and keeps sorted every year up to the page's end
 * (at national scale, 6,825 years: the first page 2.2 ms, the last 7.4 ms). Paging the years' ids first
 * saves nothing here, as the sort needs each year's name from its person. A page in the far half is read
 * from the other end instead, in the reverse order, and turned round: the order is total (the year's id
 * last), so its reverse is exact, and the last page costs what the first does. Which half a page is in
 * takes the total, so the count comes first; an empty list needs no sort at all.
 */
async function yearsOnPage(viewer: Viewer, filter: Omit<ListFilter, "page">, total: number, { offset: first, limit }: PageWindow) {
  const shown = Math.min(limit, total - first);
  if (shown <= 0) return [];
  const after = total - first - shown;
  const fromTheEnd = after < first;
  const direction = fromTheEnd ? "desc" : "asc";
  const rows = await visibleYears(viewer, filter)
    .select(["y.id", "y.person_id", "p.given_name", "p.family_name"])
    .orderBy("p.family_name", direction)
    .orderBy("p.given_name", direction)
    .orderBy("y.id", direction)
    .limit(shown)
    .offset(fromTheEnd ? after : first)
    .execute();
  return fromTheEnd ? rows.reverse() : rows;
}

function waiting(search?: string) {
  let query = asyeDb()
    .selectFrom("people as p")
    .where("p.career_stage", "=", ASYE_STAGE)
    .where("p.id", "not in", (qb) => qb.selectFrom("asye_years").select("person_id"));
  if (search) query = query.where(sql<boolean>`p.search_text like ${pattern(search)} escape '\\'`);
  return query;
}

/** ASYE social workers without a year, for L&D (everyone in scope), a page at a time (a page past the end shows the last). */
export async function listWaiting(filter: Omit<ListFilter, "status">) {
  const count = await waiting(filter.search).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const { page, pageCount, offset, limit } = pageWindow(total, filter.page, PAGE_SIZE);
  const rows = await waiting(filter.search).select(["p.id", "p.given_name", "p.family_name", "p.employee_number", "p.qualification_date"]).orderBy("p.family_name").orderBy("p.given_name").orderBy("p.id").limit(limit).offset(offset).execute();
  return { rows, total, page, pageCount };
}

/**
 * Someone by employee number, for the assessor and supervisor fields, typed in any case: "e1042" finds
 * E1042, and "OLD-3" someone held as "old-3" (left so by migration 0013). See `Found` for numbers held twice.
 */
export async function personByEmployeeNumber(employeeNumber: string): Promise<Found> {
  return personHolding(hostDb(), employeeNumber.trim());
}
