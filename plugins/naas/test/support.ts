// Helpers the NAAS tests share.
import path from "node:path";
import { addDaysToDate } from "../../../app/utils/dates";
import { personIdOf, requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { pluginRouteTable } from "../../sdk/mount-routes.js";
import { naasDb, type NaasTables } from "../server/db.server";
import type { Track } from "../programme";

export const form = (fields: Record<string, string> | [string, string][]) => ({ method: "POST", body: new URLSearchParams(fields) });

export async function statementIds(code: string, version = "2018") {
  const rows = await naasDb()
    .selectFrom("naas_statements as s")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .select(["s.id", "s.number"])
    .where("f.code", "=", code)
    .where("f.version", "=", version)
    .orderBy("s.number")
    .execute();
  return rows.map((r) => r.id);
}

/** A practitioner framework of one statement, added by an admin as the frameworks page does; answers the page's status. */
export async function addOneStatementFramework(framework: { code: string; version: string; title: string; titleCy: string; validFrom: string }) {
  const frameworks = await import("../routes/frameworks");
  const fields = { ...framework, track: "practitioner", statements: "1 | The only statement | Yr unig ddatganiad" };
  return (await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(fields)))).status;
}

/** The ratings the manager's endorse page shows, through its real loader, as its form sends them back with a decision. */
export async function shownRatings(personId: number, track: Track = "practitioner") {
  const { loader } = await import("../routes/people.$personId");
  const page = await run(loader, await requestAs("manager", `/programmes/naas/people/${personId}?track=${track}`), { personId: String(personId) });
  return (page.data as { shownRatings: string }).shownRatings;
}

export const candidate = (personId: number, track: Track) =>
  naasDb().selectFrom("naas_candidates").selectAll().where("person_id", "=", personId).where("track", "=", track).executeTakeFirst();

/**
 * An assessment window, its knowledge assessment on `knowledgeOn` (by default long after any test runs) and
 * its simulated practice day on `practiceOn`, by default a week later.
 */
export async function addWindow(values: { capacity?: number; track?: Track; knowledgeOn?: string; practiceOn?: string } = {}) {
  const knowledgeOn = values.knowledgeOn ?? "2099-03-01";
  const [row] = await naasDb()
    .insertInto("naas_windows")
    .values({ track: values.track ?? "practitioner", knowledge_on: knowledgeOn, knowledge_place: "Room", practice_on: values.practiceOn ?? addDaysToDate(knowledgeOn, 7), practice_place: "Centre", capacity: values.capacity ?? 10, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  return row.id;
}

/** A person's place on the practitioner track: endorsed by their manager, and whatever else `values` says. */
export async function placeOnTrack(personId: number, values: Partial<NaasTables["naas_candidates"]> = {}) {
  const now = new Date().toISOString();
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: personId, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: await personIdOf("manager"), endorsed_at: now, window_id: null, booked_at: null, outcome: null, outcome_on: null, outcome_by: null, updated_at: now, ...values })
    .execute();
}

export const clearJourney = async (personId: number) => {
  await naasDb().deleteFrom("naas_evidence").where("person_id", "=", personId).execute();
  await naasDb().deleteFrom("naas_ratings").where("person_id", "=", personId).execute();
  await naasDb().deleteFrom("naas_candidates").where("person_id", "=", personId).execute();
};

/**
 * The person with no NAAS journey and no accreditation on their CPD record; answers the newest audit
 * event's id, so a test reads only the events it causes.
 */
export async function startAfresh(personId: number) {
  await clearJourney(personId);
  await naasDb().deleteFrom("cpd_entries").where("person_id", "=", personId).where("source", "=", "naas").execute();
  return Number((await naasDb().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);
}

const ROUTES = pluginRouteTable({ id: "naas", dir: path.resolve(__dirname, "..") });
const APP = path.resolve(__dirname, "../../../app");

type Loader = Parameters<typeof run>[0];

/** The NAAS route a link names, and its parameters, as Remix would match it. */
function routeOf(pathname: string) {
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(`^/${route.path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), "([^/]+)"))}/?$`);
    const match = pattern.exec(pathname);
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

/** What following the link answers for `account`, through the real loader of the route it names. */
export async function openAs(account: DemoAccount, href: string) {
  const url = new URL(href, "http://localhost");
  const found = routeOf(url.pathname);
  if (!found) return { status: 404, location: null };
  const module = (await import(path.join(APP, found.route.file))) as { loader: Loader };
  const answer = await run(module.loader, await requestAs(account, `${url.pathname}${url.search}`), found.params);
  return { status: answer.status, location: answer.headers.get("Location") };
}
