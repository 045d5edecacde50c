// Induction: someone whose employment started within the configured number of days is a new starter;
// their checklist is every induction briefing meant for their role and team, each done once they are covered.
import type { Kysely } from "kysely";
import type { Actor } from "../../../../app/services/audit.server";
import { teamScope } from "../../../../app/services/people.server";
import { readSettings, writeSettings } from "../../../../app/services/settings.server";
import { addDaysToDate } from "../../../../app/utils/dates";
import { londonToday } from "../../../../app/utils/london-time";
import { pageWindow } from "../../../../app/utils/paging.server";
import { peopleScope, scopedPeople } from "../../../../app/utils/permissions.server";
import type { Viewer } from "../../../sdk";
import { DEFAULT_INDUCTION_DAYS, PAGE_SIZE, PLUGIN_ID, type Coverage } from "../../programme";
import type { PdDatabase } from "../db.server";
import { pdDb } from "../db.server";
import { coverageOf, peopleFacts } from "./coverage.server";

export const inductionSettings = () => readSettings(PLUGIN_ID, { inductionDays: DEFAULT_INDUCTION_DAYS });
export const saveInductionSettings = (inductionDays: number, actor: Actor) => writeSettings(PLUGIN_ID, { inductionDays }, actor);

/**
 * The earliest employment start of a new starter: that many days before London's today, counted on the
 * calendar (UTC's date is still yesterday from midnight to 1am in summer, which let in one day too many).
 */
export function newStarterCutoff(now: Date, days: number): string {
  return addDaysToDate(londonToday(now), -days);
}

/** Whether someone is a new starter: active, and started on or after the cutoff (`newStarterCutoff`). */
export const isNewStarter = (person: { employment_status: string; employment_start: string }, cutoff: string) => person.employment_status === "active" && person.employment_start >= cutoff;

export interface ChecklistItem {
  briefingId: number;
  title: string;
  delivery: "read" | "session";
  status: Coverage;
}

/**
 * The induction briefings, with the roles and the teams each is for (none of either listed: everyone). Two
 * queries, whatever the number of people: the audience of every induction briefing is read at once.
 */
async function inductionBriefings(db: Kysely<PdDatabase>) {
  const briefings = await db.selectFrom("practice_development_briefings").select(["id", "title", "delivery", "counts_from_version"]).where("in_induction", "=", 1).orderBy("title").execute();
  if (briefings.length === 0) return [];
  const audience = await db.selectFrom("practice_development_briefing_audience").select(["briefing_id", "kind", "value"]).where("kind", "in", ["role", "team"]).where("briefing_id", "in", briefings.map((b) => b.id)).execute();
  const of = (id: number, kind: "role" | "team") => audience.filter((a) => a.briefing_id === id && a.kind === kind).map((a) => a.value);
  return briefings.map((b) => ({ ...b, roles: of(b.id, "role"), teams: of(b.id, "team").map(Number) }));
}

/**
 * Whether an induction briefing is on a new starter's checklist: of their role (when it lists roles) and
 * their team (when it lists teams), as L&D ticked them on the briefing's form; none ticked means every one.
 */
const inductionFor = (briefing: { roles: string[]; teams: number[] }, person: { role_category: string; team_id: number }) =>
  (briefing.roles.length === 0 || briefing.roles.includes(person.role_category)) && (briefing.teams.length === 0 || briefing.teams.includes(person.team_id));

/**
 * Each new starter's checklist among the people given, in a few queries whatever their number. People
 * who are not new starters (or not active) get no entry.
 */
export async function checklists(db: Kysely<PdDatabase>, personIds: number[], now = new Date()) {
  const result = new Map<number, { startedOn: string; items: ChecklistItem[] }>();
  if (personIds.length === 0) return result;
  const { inductionDays } = await inductionSettings();
  const cutoff = newStarterCutoff(now, inductionDays);
  const people = (await peopleFacts(db, personIds)).filter((p) => isNewStarter(p, cutoff));
  if (people.length === 0) return result;
  const briefings = await inductionBriefings(db);
  const standing = await coverageOf(db, people.map((p) => p.id), briefings.map((b) => ({ id: b.id, countsFrom: b.counts_from_version })), now);
  for (const person of people) {
    const items = briefings
      .filter((b) => inductionFor(b, person))
      .map((b) => ({ briefingId: b.id, title: b.title, delivery: b.delivery, status: standing.get(`${person.id}:${b.id}`) ?? "not_yet" }));
    result.set(person.id, { startedOn: person.employment_start, items });
  }
  return result;
}

/**
 * New starters the viewer may see (a manager's line; everyone for L&D), a page at a time, with progress. A
 * page past the end shows the last. `teamOnly` narrows to the line the viewer manages (core `teamScope`),
 * even when L&D lets them see everyone: what the /team card counts.
 */
export async function newStarters(viewer: Viewer, asked: number, now = new Date(), teamOnly = false) {
  const { inductionDays } = await inductionSettings();
  const cutoff = newStarterCutoff(now, inductionDays);
  const base = scopedPeople(teamOnly ? teamScope(viewer) : peopleScope(viewer)).where("people.employment_status", "=", "active").where("people.employment_start", ">=", cutoff).where("people.id", "<>", viewer.personId);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = await base
    .innerJoin("org_units as t", "t.id", "people.team_id")
    .select(["people.id", "people.given_name", "people.family_name", "people.job_title", "people.employment_start", "t.name as team"])
    .orderBy("people.employment_start", "desc")
    .orderBy("people.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const lists = await checklists(pdDb(), rows.map((r) => r.id), now);
  return {
    inductionDays,
    page,
    pageCount,
    total,
    rows: rows.map((r) => {
      const items = lists.get(r.id)?.items ?? [];
      return { ...r, done: items.filter((i) => i.status === "covered").length, items: items.length, outstanding: items.filter((i) => i.status !== "covered").map((i) => i.title) };
    }),
  };
}
