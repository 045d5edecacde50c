// Reading people: one person's record, and paged lists limited to what the viewer may see.
import { sql } from "kysely";
import { db } from "../utils/db.server";
import { peopleScope, scopedPeople, type PeopleScope } from "../utils/permissions.server";
import type { Viewer } from "../../plugins/sdk";
import { isPostgres } from "../../plugins/sdk/migrations";


export const PAGE_SIZE = 25;

export async function personProfile(personId: number) {
  return db()
    .selectFrom("people as p")
    .innerJoin("org_units as team", "team.id", "p.team_id")
    .leftJoin("org_units as parent", "parent.id", "team.parent_id")
    .leftJoin("people as manager", "manager.id", "p.line_manager_id")
    .select([
      "p.id", "p.employee_number", "p.given_name", "p.family_name", "p.email", "p.job_title", "p.role_category",
      "p.fte", "p.employment_start", "p.qualification_date", "p.registration_number", "p.registration_expiry",
      "p.employment_status", "p.line_manager_id",
      "team.name as team_name", "parent.name as locality_name",
      "manager.given_name as manager_given", "manager.family_name as manager_family",
    ])
    .where("p.id", "=", personId)
    .executeTakeFirst();
}

export type SortKey = "name" | "team" | "role" | "qualified" | "score";
/** "score" sorts by readiness, which the team readiness service does after reading; the database orders by name. */
export const SORT_KEYS: SortKey[] = ["name", "team", "role", "qualified", "score"];

export interface ListOptions {
  page: number;
  sort: SortKey;
  direction: "asc" | "desc";
  teamId?: number;
  /** A locality or service: everyone in the teams beneath it. */
  unitId?: number;
  roleCategory?: string;
  search?: string;
}

/**
 * Whom /team lists: a line manager's own line, directly and through other managers, even when L&D or
 * admin lets them see everyone. "My team" is the line they manage; the whole council is /admin/people.
 */
export function teamScope(viewer: Viewer): PeopleScope {
  return viewer.roles.includes("manager") ? { kind: "reports", managerId: viewer.personId } : peopleScope(viewer);
}

function filteredPeople(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  let query = scopedPeople(scope).innerJoin("org_units as team", "team.id", "people.team_id");
  if (options.teamId) query = query.where("people.team_id", "=", options.teamId);
  if (options.unitId) query = query.where("team.parent_id", "=", options.unitId);
  if (options.roleCategory) query = query.where("people.role_category", "=", options.roleCategory);
  if (options.search) query = query.where("people.id", "in", peopleMatching(options.search.trim().toLowerCase()));
  return query;
}

/**
 * The people whose search text holds the term anywhere. On SQLite a term of three characters or more is
 * found through the trigram index (0016), as one quoted phrase so nothing typed is read as query syntax;
 * a shorter term has no trigram, so it reads the narrow search index (people_search_idx). PostgreSQL
 * always takes the LIKE, which its own trigram index (0011) serves.
 */
function peopleMatching(term: string) {
  if (!isPostgres(db()) && [...term].length >= 3) {
    return sql<number>`(select rowid from people_search_fts where people_search_fts match ${quotedPhrase(term)})`;
  }
  return sql<number>`(select id from people where search_text like ${`%${escapeLike(term)}%`} escape '\\')`;
}

const quotedPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * With a search, the name order is by an expression the name index cannot supply, so the database finds
 * the matches first and sorts those. Ordered by the bare columns, PostgreSQL walked the name index
 * expecting matches spread evenly through it, but a family name's matches cluster (every Smith under S):
 * 48,779 rows read for 25 shown, 215 ms; sorting the 1,338 matches takes 15 ms (docs/performance.md).
 */
function sortedPeople(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  const query = filteredPeople(scope, options);
  const direction = options.direction;
  const ordered = (() => {
    switch (options.sort) {
      case "team":
        return query.orderBy("team.name", direction).orderBy("people.family_name").orderBy("people.given_name").orderBy("people.id");
      case "role":
        return query.orderBy("people.role_category", direction).orderBy("people.family_name").orderBy("people.given_name").orderBy("people.id");
      case "qualified":
        return query.orderBy(sql`coalesce(people.qualification_date, '9999-12-31')`, direction).orderBy("people.family_name").orderBy("people.id");
      default:
        return options.search ? query.orderBy(sql`lower(people.family_name)`, direction).orderBy(sql`lower(people.given_name)`, direction).orderBy("people.id") : namesInOrder(query, direction);
    }
  })();
  return ordered.select([
    "people.id", "people.employee_number", "people.given_name", "people.family_name", "people.email", "people.job_title",
    "people.role_category", "people.qualification_date", "people.registration_expiry", "team.name as team_name",
  ]);
}

/**
 * Two people with the same name are told apart by id in the name's direction, so people_name_idx
 * (family, given, id) read forwards or backwards supplies the whole order and the database stops after
 * the page. With the id always ascending, Z to A read and sorted everyone (54 ms at national scale).
 * Each other order has its own index (0019).
 */
function namesInOrder(query: ReturnType<typeof filteredPeople>, direction: "asc" | "desc") {
  return query.orderBy("people.family_name", direction).orderBy("people.given_name", direction).orderBy("people.id", direction);
}

/**
 * A page of the people in scope, with the total, for /admin/people. A page past the last (a bookmark, or
 * a search that now finds fewer) shows the last page, as the other lists do, not an empty table.
 */
export async function listPeople(scope: PeopleScope, options: ListOptions): Promise<PeopleList> {
  if (options.search) return searchPage(scope, options);
  const [rows, total] = await Promise.all([pageOf(sortedPeople(scope, options), options.page).execute(), countPeople(scope, options)]);
  const pageCount = pageCountOf(total);
  if (options.page <= pageCount) return { rows, total, page: options.page, pageCount };
  return { rows: total > 0 ? await pageOf(sortedPeople(scope, options), pageCount).execute() : [], total, page: pageCount, pageCount };
}

interface PeopleList {
  rows: PersonListRow[];
  total: number;
  /** The page shown: the one asked for, or the last if that is past it. */
  page: number;
  pageCount: number;
}

/**
 * A search's page and its total in one pass over the search index: the database must find and sort
 * every match to show the first 25 anyway, so it counts them as it goes (`count(*) over ()`), where a
 * separate count read the whole index a second time (the benchmark's statement timing). A page past the
 * last has no row to carry the total, so it is counted apart.
 */
async function searchPage(scope: PeopleScope, options: ListOptions): Promise<PeopleList> {
  const found = await pageOf(sortedPeople(scope, options).select(sql<number | string>`count(*) over ()`.as("matches")), options.page).execute();
  const rows: PersonListRow[] = found.map(({ matches: _matches, ...person }) => person);
  if (found.length > 0 || options.page === 1) {
    const total = found.length > 0 ? Number(found[0].matches) : 0;
    return { rows, total, page: options.page, pageCount: pageCountOf(total) };
  }
  const total = await countPeople(scope, options);
  const pageCount = pageCountOf(total);
  return { rows: total > 0 ? await pageOf(sortedPeople(scope, options), pageCount).execute() : [], total, page: pageCount, pageCount };
}

const pageOf = <Q extends { limit: (n: number) => Q; offset: (n: number) => Q }>(query: Q, page: number) => query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE);
const pageCountOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

/** How many people in scope match the filters. */
export async function countPeople(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  const count = await filteredPeople(scope, options).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(count.n);
}

/** One person as the people lists show them. */
export type PersonListRow = Awaited<ReturnType<ReturnType<typeof sortedPeople>["execute"]>>[number];

/** Every person in scope matching the filters, in batches (for exports). */
export async function* allPeople(scope: PeopleScope, options: Omit<ListOptions, "page">, batchSize = 1000) {
  for (let offset = 0; ; offset += batchSize) {
    const rows = await sortedPeople(scope, options).limit(batchSize).offset(offset).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
  }
}

/** The teams that the people in scope belong to, for the team filter. */
export async function teamsInScope(scope: PeopleScope) {
  if (scope.kind === "everyone") {
    return db().selectFrom("org_units").select(["id", "name"]).where("kind", "=", "team").orderBy("name").execute();
  }
  return scopedPeople(scope)
    .innerJoin("org_units as team", "team.id", "people.team_id")
    .select(["team.id", "team.name"])
    .distinct()
    .orderBy("team.name")
    .execute();
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
