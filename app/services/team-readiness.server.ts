// The manager's team readiness view: everyone in scope who matches the filters, each with their
// readiness items from the core and every enabled programme, a score and a band; the distribution across
// bands for the chart; the requirement columns the table and the CSV share; and, for the people shown,
// each item's sentence and their career stage.
import type { TFunction } from "i18next";
import type { Viewer } from "../../plugins/sdk";
import { wholeYearsSince } from "../utils/dates";
import type { Locale } from "../utils/i18n";
import { formatNumber } from "../utils/number-format";
import { pageWindow } from "../utils/paging.server";
import { scopedPeople, type PeopleScope } from "../utils/permissions.server";
import { allPeople, countPeople, PAGE_SIZE, teamScope, type ListOptions, type PersonListRow } from "./people.server";
import { READINESS_BANDS, readinessBand, type ReadinessBand } from "../utils/readiness-bands";
import { readinessItemsFor, readinessScore, readinessViews, type SourcedItem } from "./readiness.server";
import { pathwaysFor, pathwayWords, stageSummary } from "./pathway.server";

export interface TeamReadinessOptions extends ListOptions {
  band?: ReadinessBand;
}

export interface RequirementColumn {
  id: string;
  label: string;
}

export const columnId = (item: { source: string; requirementId: string }) => `${item.source}.${item.requirementId}`;

export function bandFrom(value: string | null): ReadinessBand | undefined {
  return (READINESS_BANDS as readonly string[]).includes(value ?? "") ? (value as ReadinessBand) : undefined;
}

/**
 * The most people /team and its CSV score at once. Scoring holds everyone's readiness together (to band,
 * sort and page them), and a whole country's line (62,578 people at national scale) ran the server out of
 * memory; a line this large is narrowed by team or role first. A locality is a few hundred.
 */
export const MOST_SCORED_AT_ONCE = 5000;

/** What /team and its CSV say instead of scoring a line past the limit: its size, and to choose a team or a role. */
export function tooManyMessage(t: TFunction, people: number, locale: Locale) {
  return t("team.tooMany", { people: formatNumber(people, locale), limit: formatNumber(MOST_SCORED_AT_ONCE, locale) });
}

/**
 * What /team says in place of its cards for a line past the limit. The cards count the whole line whatever
 * the filters, so they would read every id of it, on the slowest page of the national benchmark: a line
 * this large is told plainly why there are none rather than shown nothing.
 */
export function cardsNotShownMessage(t: TFunction, people: number, locale: Locale) {
  return t("team.cardsNotShown", { people: formatNumber(people, locale), limit: formatNumber(MOST_SCORED_AT_ONCE, locale) });
}

/** A person in scope, scored and banded, with readiness items not yet put into words. */
export type ScoredMember = PersonListRow & { yearsQualified: number | null; items: SourcedItem[]; score: number | null; band: ReadinessBand };

/**
 * Everyone in scope matching the filters, scored and banded: one pass over the people (batched by
 * `allPeople`) and one batched readiness call, then band filter, score sort and paging. Nothing is
 * translated here: a locality's readiness has thousands of sentences and a page shows a few dozen
 * (`describeMembers`).
 */
export async function scoresIn(scope: PeopleScope, options: TeamReadinessOptions, locale: Locale, now = new Date(), limit = Number.POSITIVE_INFINITY) {
  const people: PersonListRow[] = [];
  for await (const batch of allPeople(scope, options)) {
    people.push(...batch);
    // More than can be scored: say how many, having read no more than the limit and a batch.
    if (people.length > limit) return { tooMany: await countPeople(scope, options), all: [], onPage: [], total: 0, page: 1, pageCount: 1, distribution: READINESS_BANDS.map((band) => ({ band, count: 0 })) };
  }
  const readiness = await readinessItemsFor(people.map((p) => p.id), locale, now);
  const everyone: ScoredMember[] = people.map((person) => {
    const items = readiness.get(person.id) ?? [];
    const score = readinessScore(items);
    return { ...person, yearsQualified: person.qualification_date ? wholeYearsSince(person.qualification_date, now) : null, items, score, band: readinessBand(score) };
  });
  const distribution = READINESS_BANDS.map((band) => ({ band, count: everyone.filter((p) => p.band === band).length }));
  const matching = options.band ? everyone.filter((p) => p.band === options.band) : everyone;
  const sign = options.direction === "desc" ? -1 : 1;
  if (options.sort === "score") matching.sort((a, b) => sign * ((a.score ?? -1) - (b.score ?? -1)));
  // The column counts years, so ascending is fewest first; the people list's date order is the reverse.
  if (options.sort === "qualified") matching.sort((a, b) => sign * ((a.yearsQualified ?? -1) - (b.yearsQualified ?? -1)));
  const shown = pageWindow(matching.length, options.page, PAGE_SIZE);
  return { tooMany: null, all: matching, onPage: matching.slice(shown.offset, shown.offset + shown.limit), total: matching.length, page: shown.page, pageCount: shown.pageCount, distribution };
}

/** The line /team shows (`teamScope`), scored, as many at once as a page can. */
export const lineScores = (viewer: Viewer, options: TeamReadinessOptions, locale: Locale, now = new Date()) =>
  scoresIn(teamScope(viewer), options, locale, now, MOST_SCORED_AT_ONCE);

/** Whether a filter narrows the line, so that fewer may match than the line holds. */
export const narrowsTheLine = (options: TeamReadinessOptions) => Boolean(options.teamId || options.unitId || options.roleCategory || options.search || options.band);

/** The readiness sentences and the career stage of the people a page or an export shows. */
export async function describeMembers(members: ScoredMember[], locale: Locale, now = new Date()) {
  const readiness = readinessViews(new Map(members.map((m) => [m.id, m.items])), locale);
  // The career stage column reuses the readiness just described: a few more queries, not one a person.
  const pathways = await pathwaysFor(members.map((m) => m.id), locale, { now, readiness });
  const words = pathwayWords(locale);
  return members.map((member) => ({ ...member, items: readiness.get(member.id) ?? [], stage: stageSummary(pathways.get(member.id), locale, words) }));
}

/**
 * The team readiness table: the line scored, the page's rows described, the requirement columns, the
 * line's size whatever the filters, and the line's people for its cards (`line`). Unfiltered, the scoring
 * has just read the whole line; filtered, one query reads its ids, never a query a person.
 */
export async function teamReadiness(viewer: Viewer, options: TeamReadinessOptions, locale: Locale, now = new Date()) {
  const [scores, whole] = await Promise.all([lineScores(viewer, options, locale, now), narrowsTheLine(options) ? lineOf(viewer) : null]);
  const line = whole ?? (scores.tooMany === null ? { size: scores.all.length, ids: scores.all.map((p) => p.id) } : { size: scores.tooMany, ids: null });
  return { ...scores, lineSize: line.size, line: line.ids, rows: await describeMembers(scores.onPage, locale, now), columns: requirementColumns(scores.all, locale) };
}

/**
 * The whole line's size and its people's ids, whatever the filters: the /team cards count the line, as
 * the pages they link to list it. A line too large to score has no cards either, so its ids are not read
 * (one count instead); otherwise one query reads them all.
 */
async function lineOf(viewer: Viewer): Promise<{ size: number; ids: number[] | null }> {
  const scope = teamScope(viewer);
  const rows = await scopedPeople(scope).select("people.id").limit(MOST_SCORED_AT_ONCE + 1).execute();
  if (rows.length > MOST_SCORED_AT_ONCE) return { size: await countPeople(scope, { sort: "name", direction: "asc" }), ids: null };
  return { size: rows.length, ids: rows.map((r) => r.id) };
}

/** One column per requirement that anyone listed has, in the order the engine reports them. */
export function requirementColumns(members: { items: SourcedItem[] }[], locale: Locale): RequirementColumn[] {
  // A locality has thousands of items and a few dozen columns: each item's id is worked out once, and
  // only the columns' labels are translated, not every reason.
  const first = new Map<string, SourcedItem>();
  for (const { items } of members) {
    for (const item of items) {
      const id = columnId(item);
      if (!first.has(id)) first.set(id, item);
    }
  }
  const words = pathwayWords(locale);
  return [...first].map(([id, item]) => ({ id, label: words(item.source)(item.labelKey, item.values) }));
}
