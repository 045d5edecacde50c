// Readiness: for a list of people, each requirement's result with a reason a person can read.
// Core requirements come from the people table; plugins add theirs through their batched provider.
// One query for the core and one call per plugin, whatever the number of people.
import type { ReadinessItem, ReadinessStatus } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { addDaysToDate, formatDate, wholeYearsSince } from "../utils/dates";
import { londonToday } from "../utils/london-time";
import { db } from "../utils/db.server";
import { fixedT, serverI18n } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { cpdStandingFor, cpdStandingResult } from "./cpd-standing.server";
import { pluginContext } from "./plugin-context.server";

export interface ReadinessView {
  source: string;
  requirementId: string;
  status: ReadinessStatus;
  label: string;
  reason: string;
  actionHref?: string;
  score?: number;
  /** In progress but holding today, as `ReadinessItem.holds` says. */
  holds?: boolean;
}

/**
 * What to do about a registration that ends soon. A registration year ends on 30 November, with renewal
 * open from 1 September (REFERENCE.md section 6); an expiry on another date (as HR recorded it) is not
 * that year's end, so the renewal window is not named, only the date to act by.
 */
const expiringReason = (expiry: string) => (expiry.slice(5) === "11-30" ? "readiness.registration.expiresSoon" : "readiness.registration.expiresSoonOtherDate");

/**
 * Readiness for someone reading about another person: each item's link is to the person's own pages
 * (their CPD record, their place on a programme), which would take the reader to their own.
 */
export function withoutActions<T extends { actionHref?: string }>(items: T[]): Omit<T, "actionHref">[] {
  return items.map(({ actionHref: _own, ...rest }) => rest);
}

// Large enough that a locality is one batch, small enough for SQLite's and PostgreSQL's parameter limits.
const CHUNK = 2000;
/** Registration expiring within this many days shows as needing attention. */
export const REGISTRATION_WARNING_DAYS = 90;

export function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function coreReadiness(personIds: number[], now: Date): Promise<ReadinessItem[]> {
  const today = londonToday(now);
  const soon = addDaysToDate(today, REGISTRATION_WARNING_DAYS);
  const items: ReadinessItem[] = [];
  for (const ids of chunks(personIds)) {
    const rows = await db()
      .selectFrom("people")
      .select(["id", "qualification_date", "registration_number", "registration_expiry"])
      .where("id", "in", ids)
      .execute();
    // This registration year and the last one that ended, read together: one query a batch.
    const cpd = await cpdStandingFor(rows.flatMap((r) => (r.qualification_date ? [{ id: r.id, qualifiedOn: r.qualification_date }] : [])), now);
    for (const row of rows) {
      if (!row.qualification_date) continue;
      const expiry = row.registration_expiry;
      const registration: ReadinessItem = !row.registration_number || !expiry
        ? { personId: row.id, requirementId: "registration", status: "not_met", labelKey: "readiness.registration.label", reasonKey: "readiness.registration.missing" }
        : expiry < today
          ? { personId: row.id, requirementId: "registration", status: "not_met", labelKey: "readiness.registration.label", reasonKey: "readiness.registration.expired", values: { date: expiry } }
          : expiry <= soon
            ? { personId: row.id, requirementId: "registration", status: "in_progress", labelKey: "readiness.registration.label", reasonKey: expiringReason(expiry), values: { date: expiry } }
            : { personId: row.id, requirementId: "registration", status: "met", labelKey: "readiness.registration.label", reasonKey: "readiness.registration.current", values: { date: expiry } };
      items.push(registration, {
        personId: row.id,
        requirementId: "post-qualifying-experience",
        status: "met",
        labelKey: "readiness.experience.label",
        reasonKey: "readiness.experience.years",
        values: { years: wholeYearsSince(row.qualification_date, now) ?? 0 },
      });
      // Social Work England's CPD requirement: up to date unless the last year owed ended short (see cpd-standing.server.ts).
      items.push({ personId: row.id, requirementId: "cpd", labelKey: "readiness.cpd.label", actionHref: "/me/cpd", ...cpdStandingResult(cpd.get(row.id)!) });
    }
  }
  return items;
}

/** A readiness item with the programme (or "common") that reported it, before it is put into words. */
export interface SourcedItem extends ReadinessItem {
  source: string;
}

/**
 * Readiness for many people at once, keyed by person id, as the engine reports it: statuses and scores
 * with the keys and values of their sentences. Enough to score and band people; `readinessViews` puts
 * into words only those a page shows.
 */
export async function readinessItemsFor(personIds: number[], locale: Locale, now = new Date()): Promise<Map<number, SourcedItem[]>> {
  const result = new Map<number, SourcedItem[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return result;
  const add = (source: string, items: ReadinessItem[]) => {
    for (const item of items) result.get(item.personId)?.push({ ...item, source });
  };
  add("common", await coreReadiness(personIds, now));
  for (const plugin of await enabledPlugins()) {
    if (!plugin.readiness) continue;
    add(plugin.id, await plugin.readiness(pluginContext(plugin, locale), personIds));
  }
  return result;
}

/** Each item's label and reason in the reader's language; each sentence is translated once. */
export function readinessViews(itemsByPerson: Map<number, SourcedItem[]>, locale: Locale): Map<number, ReadinessView[]> {
  const translators = new Map<string, ReturnType<typeof memoisedTranslator>>();
  const translatorOf = (source: string) => translators.get(source) ?? translators.set(source, memoisedTranslator(locale, source)).get(source)!;
  const views = new Map<number, ReadinessView[]>();
  for (const [personId, items] of itemsByPerson) {
    views.set(personId, items.map((item) => {
      const t = translatorOf(item.source);
      return {
        source: item.source,
        requirementId: item.requirementId,
        status: item.status,
        label: t(item.labelKey, item.values),
        reason: t(item.reasonKey, item.values),
        actionHref: item.actionHref,
        score: item.score,
        ...(item.holds ? { holds: true } : {}),
      };
    }));
  }
  return views;
}

/** Readiness for many people at once, translated, keyed by person id. */
export async function readinessFor(personIds: number[], locale: Locale, now = new Date()): Promise<Map<number, ReadinessView[]>> {
  return readinessViews(await readinessItemsFor(personIds, locale, now), locale);
}

/**
 * A plugin's translator that formats and translates each key and set of values once: thousands of
 * people share a few dozen sentences, and formatting dates and i18next's t() cost tens of microseconds
 * a call (the benchmark's profile).
 */
export function memoisedTranslator(locale: Locale, source: string) {
  const t = fixedT(locale, source);
  const translated = new Map<string, string>();
  // A sentence with no placeholder reads the same whatever values come with it (a requirement's label,
  // sent with each person's values), so it is kept by its key alone.
  const fixedSentence = new Map<string, boolean>();
  const isFixed = (key: string) => {
    let fixed = fixedSentence.get(key);
    if (fixed === undefined) {
      const template = serverI18n().getResource(locale, source, key) as unknown;
      fixed = typeof template === "string" && !template.includes("{{") && !template.includes("$t(");
      fixedSentence.set(key, fixed);
    }
    return fixed;
  };
  return (key: string, values: Record<string, string | number> | undefined) => {
    const cacheKey = values && !isFixed(key) ? `${key}\u0000${JSON.stringify(values)}` : key;
    let text = translated.get(cacheKey);
    if (text === undefined) {
      text = t(key, formatValues(values, locale));
      translated.set(cacheKey, text);
    }
    return text;
  };
}

/** ISO dates among the values are shown as dates in the reader's language. */
export function formatValues(values: Record<string, string | number> | undefined, locale: Locale) {
  if (!values) return undefined;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, locale) : v]),
  );
}

const STATUS_SCORE = { met: 100, in_progress: 50, not_met: 0 } as const;

/**
 * One number for a person: the mean over the requirements that apply to them, each counting its own
 * score where it has degrees (a self-assessment at 70%) and otherwise met 100, in progress 50, not met 0.
 * Null when nothing applies.
 */
export function readinessScore(items: Pick<ReadinessView, "status" | "score">[]): number | null {
  const applicable = items.filter((i) => i.status !== "not_applicable");
  if (applicable.length === 0) return null;
  const total = applicable.reduce((sum, i) => sum + (i.score ?? STATUS_SCORE[i.status as keyof typeof STATUS_SCORE]), 0);
  return Math.round(total / applicable.length);
}
