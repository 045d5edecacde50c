// The manager's team readiness view: everyone in scope who matches the filters, each with their
// readiness items from the core and every enabled programme, a score, a band and their career stage; the distribution
// across bands for the chart; and the requirement columns the table and the CSV share.
import type { Viewer } from "../../plugins/sdk";
import { wholeYearsSince } from "../utils/dates";
import type { Locale } from "../utils/i18n";
import { allPeople, PAGE_SIZE, type ListOptions } from "./people.server";
import { READINESS_BANDS, readinessBand, type ReadinessBand } from "../utils/readiness-bands";
import { readinessFor, readinessScore, type ReadinessView } from "./readiness.server";
import { pathwaysFor, pathwayWords, stageSummary } from "./pathway.server";

export interface TeamReadinessOptions extends ListOptions {
  band?: ReadinessBand;
}

export interface RequirementColumn {
  id: string;
  label: string;
}

export const columnId = (item: Pick<ReadinessView, "source" | "requirementId">) => `${item.source}.${item.requirementId}`;

export function bandFrom(value: string | null): ReadinessBand | undefined {
  return (READINESS_BANDS as readonly string[]).includes(value ?? "") ? (value as ReadinessBand) : undefined;
}

/**
 * Readiness for every person in the viewer's scope matching the filters: one pass over the people
 * (batched by `allPeople`) and one batched readiness call, then band filter, score sort and paging.
 */
export async function teamReadiness(viewer: Viewer, options: TeamReadinessOptions, locale: Locale, now = new Date()) {
  const people = [];
  for await (const batch of allPeople(viewer, options)) people.push(...batch);
  const readiness = await readinessFor(people.map((p) => p.id), locale, now);
  // The career stage column reuses the readiness just read: a few more queries, not one a person.
  const pathways = await pathwaysFor(people.map((p) => p.id), locale, { now, readiness });
  const words = pathwayWords(locale);
  const everyone = people.map((person) => {
    const items = readiness.get(person.id) ?? [];
    const score = readinessScore(items);
    const stage = stageSummary(pathways.get(person.id), locale, words);
    return { ...person, yearsQualified: person.qualification_date ? wholeYearsSince(person.qualification_date, now) : null, items, score, band: readinessBand(score), stage };
  });
  const distribution = READINESS_BANDS.map((band) => ({ band, count: everyone.filter((p) => p.band === band).length }));
  const matching = options.band ? everyone.filter((p) => p.band === options.band) : everyone;
  if (options.sort === "score") {
    const sign = options.direction === "desc" ? -1 : 1;
    matching.sort((a, b) => sign * ((a.score ?? -1) - (b.score ?? -1)));
  }
  const pageCount = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(options.page, pageCount);
  return {
    all: matching,
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: matching.length,
    page,
    pageCount,
    distribution,
    columns: requirementColumns(matching.map((p) => p.items)),
  };
}

/** One column per requirement that anyone listed has, in the order the engine reports them. */
export function requirementColumns(itemLists: ReadinessView[][]): RequirementColumn[] {
  const columns = new Map<string, string>();
  for (const items of itemLists) for (const item of items) if (!columns.has(columnId(item))) columns.set(columnId(item), item.label);
  return [...columns].map(([id, label]) => ({ id, label }));
}
