// Reading people: one person's record, and paged lists limited to what the viewer may see.
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from "kysely";
import { db } from "../utils/db.server";
import { pageWindow, type PageWindow } from "../utils/paging.server";
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

/**
 * The people in scope matching the filters, read from `people` alone, so that an index on people can
 * supply a page's order and ids (`pageIds`); the rows add their team by id (`peopleByIds`). A unit's teams
 * are a sub-query rather than a join for the same reason.
 */
function matchingPeople(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  let query = scopedPeople(scope);
  const { teamId, unitId, roleCategory, search } = options;
  if (teamId) query = query.where("people.team_id", "=", teamId);
  if (unitId) query = query.where("people.team_id", "in", (qb) => qb.selectFrom("org_units").select("org_units.id").where("org_units.parent_id", "=", unitId));
  if (roleCategory) query = query.where("people.role_category", "=", roleCategory);
  if (search) query = query.where(matchesSearch(search.trim().toLowerCase()));
  return query;
}

/**
 * Whether a person's search text holds the term anywhere. On SQLite a term of three characters or more is
 * found through the trigram index (0016), as one quoted phrase so nothing typed is read as query syntax;
 * a shorter term has no trigram, so it reads the narrow search index (people_search_idx). PostgreSQL
 * always takes the LIKE, which its own trigram index (0011) serves, on `people` itself: given the
 * matches as `id in (…)`, it read the whole name index to join them to the names they are sorted by (a
 * page of "smith" 85 ms, where the matches' own rows take 3 ms).
 */
function matchesSearch(term: string) {
  const pattern = `%${escapeLike(term)}%`;
  if (isPostgres(db())) return sql<SqlBool>`people.search_text like ${pattern} escape '\\'`;
  if ([...term].length >= 3) return sql<SqlBool>`people.id in (select rowid from people_search_fts where people_search_fts match ${quotedPhrase(term)})`;
  return sql<SqlBool>`people.id in (select id from people where search_text like ${pattern} escape '\\')`;
}

const quotedPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

type Direction = "asc" | "desc";
type Order = [Expression<unknown>, Direction][];

/**
 * The list's order, over `people` and, for the team order only, `team`. Every order ends with the id, so
 * it is total: a page's ids and the page's rows, sorted apart, come out the same.
 *
 * With a search, the name order is by an expression the name index cannot supply, so the database finds
 * the matches first and sorts those. Ordered by the bare columns, PostgreSQL walked the name index
 * expecting matches spread evenly through it, but a family name's matches cluster (every Smith under S):
 * 48,779 rows read for 25 shown, 215 ms; sorting the 1,338 matches takes 15 ms (docs/performance.md).
 *
 * Otherwise two people with the same name are told apart by id in the name's direction, so people_name_idx
 * (family, given, id) read forwards or backwards supplies the whole order and the database stops after
 * the page. With the id always ascending, Z to A read and sorted everyone (54 ms at national scale).
 * Each other order has its own index (0019), but for the team's name, which is in another table.
 */
function orderOf(options: Pick<ListOptions, "sort" | "direction" | "search">): Order {
  const { direction } = options;
  const column = (name: string) => sql.ref(`people.${name}`);
  const namesAtoZ: Order = [[column("family_name"), "asc"], [column("given_name"), "asc"], [column("id"), "asc"]];
  switch (options.sort) {
    case "team":
      return [[sql.ref("team.name"), direction], ...namesAtoZ];
    case "role":
      return [[column("role_category"), direction], ...namesAtoZ];
    case "qualified":
      return [[sql`coalesce(people.qualification_date, '9999-12-31')`, direction], [column("family_name"), "asc"], [column("id"), "asc"]];
    default:
      if (options.search) return [[sql`lower(people.family_name)`, direction], [sql`lower(people.given_name)`, direction], [column("id"), "asc"]];
      return [[column("family_name"), direction], [column("given_name"), direction], [column("id"), direction]];
  }
}

function inOrder<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: Order): SelectQueryBuilder<DB, TB, O> {
  return order.reduce((ordered, [expression, direction]) => ordered.orderBy(expression, direction), query);
}

const LIST_COLUMNS = [
  "people.id", "people.employee_number", "people.given_name", "people.family_name", "people.email", "people.job_title",
  "people.role_category", "people.qualification_date", "people.registration_expiry", "people.team_id", "team.name as team_name",
] as const;

/**
 * A page of the people in scope, with the total, for /admin/people. A page past the last (a bookmark, or
 * a search that now finds fewer) shows the last page, as the other lists do, not an empty table.
 *
 * A page is cut as ids, then its people are read by id (a "deferred join"). Cut from the rows joined to
 * their teams, the OFFSET read each person before the page from the table and looked up their team,
 * where the order's index alone held all it needed: page 2,000 of the national list read 50,000 people's
 * rows to show 25 (46 to 54 ms on SQLite, 41 to 63 on PostgreSQL; 263 ms on the benchmark's machine).
 * The whole page now takes about 1 ms on SQLite and 9 on PostgreSQL.
 */
export async function listPeople(scope: PeopleScope, options: ListOptions): Promise<PeopleList> {
  if (options.sort === "team") return teamOrderPage(scope, options);
  if (options.search) return searchPage(scope, options);
  const asked = pageAsAsked(options.page);
  const [ids, total] = await Promise.all([pageIds(scope, options, asked), countPeople(scope, options)]);
  const shown = windowOf(total, options.page);
  const onPage = shown.page === asked.page ? ids : total > 0 ? await pageIds(scope, options, shown) : [];
  return { rows: await peopleByIds(onPage, options), total, page: shown.page, pageCount: shown.pageCount };
}

interface PeopleList {
  rows: PersonListRow[];
  total: number;
  /** The page shown: the one asked for, or the last if that is past it. */
  page: number;
  pageCount: number;
}

/** The ids of a page's people, in the list's order, read through the order's index where it has one. */
async function pageIds(scope: PeopleScope, options: Omit<ListOptions, "page">, window: PageWindow) {
  const rows = await cut(inOrder(matchingPeople(scope, options), orderOf(options)).select("people.id"), window).execute();
  return rows.map((row) => row.id);
}

/** The people with these ids (a page's, from the scope), as the list shows them and in its order. */
async function peopleByIds(ids: number[], options: Pick<ListOptions, "sort" | "direction" | "search">): Promise<PersonListRow[]> {
  // The ids are the scope's already: nobody is left to leave out.
  return ids.length > 0 ? listed(withTeams(scopedPeople({ kind: "everyone" })).where("people.id", "in", ids), options).execute() : [];
}

const withTeams = (people: ReturnType<typeof scopedPeople>) => people.innerJoin("org_units as team", "team.id", "people.team_id");

/** The list's columns, in its order. */
const listed = (query: ReturnType<typeof withTeams>, options: Pick<ListOptions, "sort" | "direction" | "search">) => inOrder(query, orderOf(options)).select(LIST_COLUMNS);

/**
 * A search's page and its total in one pass over the search index: the database must find and sort
 * every match to show the first 25 anyway, so it counts them as it goes (`count(*) over ()`), where a
 * separate count read the whole index a second time (the benchmark's statement timing). A page past the
 * last has no row to carry the total, so it is counted apart.
 */
async function searchPage(scope: PeopleScope, options: ListOptions): Promise<PeopleList> {
  const counted = inOrder(matchingPeople(scope, options), orderOf(options)).select(["people.id", sql<number | string>`count(*) over ()`.as("matches")]);
  const asked = pageAsAsked(options.page);
  const found = await cut(counted, asked).execute();
  if (found.length > 0 || asked.page === 1) {
    const total = found.length > 0 ? Number(found[0].matches) : 0;
    return { rows: await peopleByIds(found.map((f) => f.id), options), total, page: asked.page, pageCount: windowOf(total, asked.page).pageCount };
  }
  const total = await countPeople(scope, options);
  const last = windowOf(total, asked.page);
  return { rows: total > 0 ? await peopleByIds(await pageIds(scope, options, last), options) : [], total, page: last.page, pageCount: last.pageCount };
}

/**
 * The team order begins with the team's name, which no index on people holds, so the database sorted
 * everyone in scope to cut any page of it (page 2,000 of the national list 57 ms, Z to A 130 ms, and Z to
 * A's first page 58 ms). Instead it counts each team's people, in the order asked (one read of
 * people_team_idx, about 5 ms), which gives the total too, and sorts only the people of the few teams the
 * page falls among. Teams of one name share a place in the order, their people A to Z together, so the
 * page takes every team of each name it touches.
 */
async function teamOrderPage(scope: PeopleScope, options: ListOptions): Promise<PeopleList> {
  const sizes = await teamSizes(scope, options);
  const total = sizes.reduce((sum, size) => sum + size.people, 0);
  const shown = windowOf(total, options.page);
  const { page, pageCount } = shown;
  const { teamIds, before } = teamsOnPage(sizes, shown);
  if (teamIds.length === 0) return { rows: [], total, page, pageCount };
  const ids = await inOrder(withTeams(matchingPeople(scope, options)).where("people.team_id", "in", teamIds), orderOf(options))
    .select("people.id")
    .limit(shown.limit)
    .offset(shown.offset - before)
    .execute();
  return { rows: await peopleByIds(ids.map((row) => row.id), options), total, page, pageCount };
}

/** How many people in scope match the filters in each team, the teams in the order asked. */
async function teamSizes(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  // Counted by team: people_team_idx holds each team's people together, so the count needs no sort; the
  // two thousand teams are sorted by name, not the sixty thousand people.
  const byTeam = matchingPeople(scope, options).select(["people.team_id", (eb) => eb.fn.countAll<number>().as("people")]).groupBy("people.team_id");
  const sizes = await db()
    .selectFrom(byTeam.as("sizes"))
    .innerJoin("org_units as team", "team.id", "sizes.team_id")
    .select(["team.id", "team.name", "sizes.people"])
    .orderBy("team.name", options.direction)
    .execute();
  return sizes.map((size) => ({ ...size, people: Number(size.people) }));
}

/** The teams a page's people come from, and how many people come before the first of them. */
function teamsOnPage(sizes: TeamSize[], { offset: first, limit }: PageWindow) {
  const teamIds: number[] = [];
  let before = 0;
  let reached = 0;
  for (const teams of byName(sizes)) {
    if (reached >= first + limit) break;
    const people = teams.reduce((sum, team) => sum + team.people, 0);
    if (reached + people > first) {
      if (teamIds.length === 0) before = reached;
      teamIds.push(...teams.map((team) => team.id));
    }
    reached += people;
  }
  return { teamIds, before };
}

type TeamSize = Awaited<ReturnType<typeof teamSizes>>[number];

/** The teams, sized, in runs of one name: the database sorted them by name, so a name's teams are together. */
function byName(sizes: TeamSize[]) {
  const runs: TeamSize[][] = [];
  for (const team of sizes) {
    const run = runs.at(-1);
    if (run && run[0].name === team.name) run.push(team);
    else runs.push([team]);
  }
  return runs;
}

/** The page of `total` people nearest to the one asked for. */
const windowOf = (total: number, asked: number) => pageWindow(total, asked, PAGE_SIZE);
/** The page asked for, read before the count says whether the list reaches it: as if the list had no end. */
const pageAsAsked = (asked: number) => windowOf(Number.POSITIVE_INFINITY, asked);
const cut = <Q extends { limit: (n: number) => Q; offset: (n: number) => Q }>(query: Q, window: PageWindow) => query.limit(window.limit).offset(window.offset);

/** How many people in scope match the filters. */
export async function countPeople(scope: PeopleScope, options: Omit<ListOptions, "page">) {
  const count = await matchingPeople(scope, options).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(count.n);
}

/** One person as the people lists show them. */
export type PersonListRow = Awaited<ReturnType<ReturnType<typeof listed>["execute"]>>[number];

/** Every person in scope matching the filters, in batches (for exports). */
export async function* allPeople(scope: PeopleScope, options: Omit<ListOptions, "page">, batchSize = 1000) {
  const everyone = listed(withTeams(matchingPeople(scope, options)), options);
  for (let offset = 0; ; offset += batchSize) {
    const rows = await everyone.limit(batchSize).offset(offset).execute();
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
