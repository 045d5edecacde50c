// The CPD record's entries. They come from the person ("own") and from programmes, which write straight
// into cpd_entries with their plugin id as source. The person changes their own entries in full; to a
// programme's they add their reflection, which is what makes it count (`reflectedEntry`). Where someone
// stands against the requirement is in cpd-standing.server.ts.
import { createHash } from "node:crypto";
import type { TFunction } from "i18next";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema";
import { isPostgres } from "../../plugins/sdk/migrations";
import { findInstalledPlugin } from "../plugins.server";
import { isIsoDate } from "../utils/dates";
import { db } from "../utils/db.server";
import { requiredText } from "../utils/form-text";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { londonToday } from "../utils/london-time";
import { pageWindow } from "../utils/paging.server";
import { recordAudit, type Actor } from "./audit.server";
import { EARLIEST_ENTRY_DATE, registrationYearOf, registrationYearStarting, type RegistrationYear } from "./cpd-standing.server";
import { claimFormToken } from "./submitted-forms.server";

/** The source of entries people write themselves; every other source is a programme's plugin id. */
export const OWN_SOURCE = "own";
export const CPD_PAGE_SIZE = 20;
export const MAX_HOURS = 100;

const ENTRY_COLUMNS = ["id", "person_id", "source", "title", "title_cy", "occurred_on", "hours", "learning", "practice_impact", "peer_reflection"] as const;

export async function cpdEntriesOfYear(personId: number, year: RegistrationYear) {
  return db()
    .selectFrom("cpd_entries")
    .select(ENTRY_COLUMNS)
    .where("person_id", "=", personId)
    .where("occurred_on", ">=", year.startsOn)
    .where("occurred_on", "<=", year.endsOn)
    .orderBy("occurred_on", "desc")
    .orderBy("id", "desc")
    .execute();
}

export type CpdEntryRow = Awaited<ReturnType<typeof cpdEntriesOfYear>>[number];

/** One page of a person's entries in a registration year, newest first. */
export async function cpdEntriesPage(personId: number, year: RegistrationYear, page: number) {
  const inYear = db().selectFrom("cpd_entries").where("person_id", "=", personId).where("occurred_on", ">=", year.startsOn).where("occurred_on", "<=", year.endsOn);
  const count = await inYear.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const shown = pageWindow(total, page, CPD_PAGE_SIZE);
  const rows = await inYear.select(ENTRY_COLUMNS).orderBy("occurred_on", "desc").orderBy("id", "desc").limit(shown.limit).offset(shown.offset).execute();
  return { rows, total, page: shown.page, pageCount: shown.pageCount };
}

/**
 * The registration years a person has entries in, and the current one, newest first. The year is worked
 * out in SQL (the calendar year, plus one for December) so this is one small query on both engines.
 */
export async function cpdYearsOf(personId: number, now = new Date()): Promise<RegistrationYear[]> {
  const endYear = sql<number>`cast(substr(occurred_on, 1, 4) as integer) + case when substr(occurred_on, 6, 2) = '12' then 1 else 0 end`;
  const rows = await db().selectFrom("cpd_entries").select(endYear.as("ends")).distinct().where("person_id", "=", personId).execute();
  const current = registrationYearOf(londonToday(now)).from;
  const starts = new Set([current, ...rows.map((r) => Number(r.ends) - 1).filter((from) => from <= current)]);
  return [...starts].sort((a, b) => b - a).map(registrationYearStarting);
}

/**
 * A programme's entry title in both languages, for its `title` and `title_cy` columns, so each reader
 * sees their own whichever language the person who recorded it was using.
 */
export function cpdTitles(namespace: string, words: (t: TFunction) => string) {
  return { title: words(fixedT("en-GB", namespace)), title_cy: words(fixedT("cy", namespace)) };
}

export type CpdTitles = ReturnType<typeof cpdTitles>;

/** Who wrote an entry, in the reader's language: the person themself, or the programme by name. */
export function entrySourceName(source: string, locale: Locale): string {
  if (source === OWN_SOURCE) return fixedT(locale)("cpd.source.own");
  const plugin = findInstalledPlugin(source);
  return plugin ? fixedT(locale, plugin.id)(plugin.titleKey) : source;
}

// ---- The person's own entries ----------------------------------------------------------------------

/** The form's rules; `today` is the London date, as an entry cannot be dated after it. */
export function cpdEntrySchema(today: string) {
  return z.object({
    title: requiredText("cpd.errors.title", 200, "cpd.errors.titleTooLong"),
    occurredOn: z
      .string({ required_error: "cpd.errors.date" })
      .trim()
      .refine(isIsoDate, "cpd.errors.date")
      .refine((d) => d <= today, "cpd.errors.dateFuture")
      .refine((d) => d >= EARLIEST_ENTRY_DATE, "cpd.errors.dateTooEarly"),
    hours: z
      .string({ required_error: "cpd.errors.hours" })
      .trim()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, "cpd.errors.hours")
      .transform(Number)
      .pipe(z.number().min(0, "cpd.errors.hours").max(MAX_HOURS, "cpd.errors.hours")),
    learning: requiredText("cpd.errors.learning", 5000, "cpd.errors.learningTooLong"),
    practiceImpact: requiredText("cpd.errors.practiceImpact", 5000, "cpd.errors.practiceImpactTooLong"),
    peerReflection: z.enum(["yes", "no"], { errorMap: () => ({ message: "cpd.errors.peerReflection" }) }),
  });
}

export type CpdEntryValues = z.output<ReturnType<typeof cpdEntrySchema>>;

/** What the person adds to a programme's entry: their reflection, with the same rules as on their own entries. */
export function cpdReflectionSchema() {
  return cpdEntrySchema(londonToday(new Date())).pick({ learning: true, practiceImpact: true, peerReflection: true });
}

export type CpdReflectionValues = z.output<ReturnType<typeof cpdReflectionSchema>>;

function columnsFrom(values: CpdEntryValues) {
  return {
    title: values.title,
    occurred_on: values.occurredOn,
    hours: values.hours,
    learning: values.learning,
    practice_impact: values.practiceImpact,
    peer_reflection: values.peerReflection === "yes" ? (1 as const) : (0 as const),
  };
}

/** Adds the person's own entry; null, adding nothing, when the form carrying `formToken` was saved before. */
export async function addOwnCpdEntry(actor: Actor, personId: number, values: CpdEntryValues, formToken: string | null = null): Promise<number | null> {
  return db()
    .transaction()
    .execute(async (trx) => {
      if (!(await claimFormToken(trx, formToken))) return null;
      const columns = columnsFrom(values);
      const [row] = await trx
        .insertInto("cpd_entries")
        .values({ person_id: personId, source: OWN_SOURCE, source_ref: null, reflection: null, created_at: new Date().toISOString(), ...columns })
        .returning("id")
        .execute();
      await recordAudit(actor, { action: "cpd_entry.added", subjectType: "cpd_entry", subjectId: row.id, personId, after: columns }, trx);
      return row.id;
    });
}

/** The person's entry with this id, whoever wrote it; undefined when it is not theirs. */
export async function entryOf(personId: number, entryId: number) {
  return db().selectFrom("cpd_entries").select(ENTRY_COLUMNS).where("id", "=", entryId).where("person_id", "=", personId).executeTakeFirst();
}

export type OwnEntryOutcome = "done" | "not_found" | "read_only";

/** Whether the person deleted this entry of theirs: a second click of "Delete" finds it gone, as they asked. */
export async function deletedByOwner(personId: number, entryId: number) {
  const event = await db()
    .selectFrom("audit_events")
    .select("id")
    .where("person_id", "=", personId)
    .where("action", "=", "cpd_entry.deleted")
    .where("subject_type", "=", "cpd_entry")
    .where("subject_id", "=", String(entryId))
    .executeTakeFirst();
  return event !== undefined;
}

/**
 * What an entry's page showed, sent back with its form so a save from an older tab is refused, not written
 * over what was saved since: what the person changes (all of an own entry, the reflection on a programme's),
 * as a digest so the form does not carry the text twice.
 */
export function cpdEntryAsShown(entry: Omit<CpdEntryRow, "id" | "person_id" | "title_cy">): string {
  const reflection = [entry.learning, entry.practice_impact, Number(entry.peer_reflection)];
  const shown = entry.source === OWN_SOURCE ? [entry.title, entry.occurred_on, Math.round(Number(entry.hours) * 100) / 100, ...reflection] : reflection;
  return createHash("sha256").update(JSON.stringify(shown)).digest("hex");
}

export type CpdSaveOutcome = OwnEntryOutcome | "changed_meanwhile";

// The entry to save, held until the save commits (PostgreSQL; SQLite has one writer), if still as `shown`
// (none: a service's own change); else the outcome, "done" if already as saving would leave it (sent twice).
async function entryToSave(trx: Kysely<Database>, personId: number, entryId: number, own: boolean, shown: string | undefined, after: Partial<CpdEntryRow>): Promise<CpdEntryRow | CpdSaveOutcome> {
  const before = await trx.selectFrom("cpd_entries").select(ENTRY_COLUMNS).where("id", "=", entryId).where("person_id", "=", personId).$if(isPostgres(trx), (qb) => qb.forUpdate()).executeTakeFirst();
  if (!before) return "not_found";
  if ((before.source === OWN_SOURCE) !== own) return "read_only";
  const now = cpdEntryAsShown(before);
  if (shown === undefined || shown === now) return before;
  return now === cpdEntryAsShown({ ...before, ...after }) ? "done" : "changed_meanwhile";
}

/** Changes one of the person's own entries, if it is still as `shown`; another's entry is not found, a programme's is read only. */
export async function changeOwnCpdEntry(actor: Actor, personId: number, entryId: number, values: CpdEntryValues, shown?: string): Promise<CpdSaveOutcome> {
  const columns = columnsFrom(values);
  return db()
    .transaction()
    .execute(async (trx) => {
      const before = await entryToSave(trx, personId, entryId, true, shown, columns);
      if (typeof before === "string") return before;
      await trx.updateTable("cpd_entries").set(columns).where("id", "=", entryId).execute();
      const { id: _id, person_id: _person, source: _source, ...previous } = before;
      await recordAudit(actor, { action: "cpd_entry.changed", subjectType: "cpd_entry", subjectId: entryId, personId, before: previous, after: columns }, trx);
      return "done";
    });
}

export async function deleteOwnCpdEntry(actor: Actor, personId: number, entryId: number): Promise<OwnEntryOutcome> {
  return db()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("cpd_entries").select(ENTRY_COLUMNS).where("id", "=", entryId).where("person_id", "=", personId).executeTakeFirst();
      if (!before) return "not_found";
      if (before.source !== OWN_SOURCE) return "read_only";
      await trx.deleteFrom("cpd_entries").where("id", "=", entryId).execute();
      const { id: _id, person_id: _person, source: _source, ...previous } = before;
      await recordAudit(actor, { action: "cpd_entry.deleted", subjectType: "cpd_entry", subjectId: entryId, personId, before: previous }, trx);
      return "done";
    });
}

/**
 * Adds (or changes) the person's reflection on an entry a programme wrote, which is what makes it count:
 * the programme's record (title, date, hours) is kept as written, as is a reflection saved since the page
 * `shown`. Their own entries are changed with `changeOwnCpdEntry`; another person's entry is not found.
 */
export async function reflectOnCpdEntry(actor: Actor, personId: number, entryId: number, values: CpdReflectionValues, shown?: string): Promise<CpdSaveOutcome> {
  const reflection = { learning: values.learning, practice_impact: values.practiceImpact, peer_reflection: values.peerReflection === "yes" ? (1 as const) : (0 as const) };
  return db()
    .transaction()
    .execute(async (trx) => {
      const before = await entryToSave(trx, personId, entryId, false, shown, reflection);
      if (typeof before === "string") return before;
      await trx.updateTable("cpd_entries").set(reflection).where("id", "=", entryId).execute();
      const { learning, practice_impact, peer_reflection } = before;
      await recordAudit(actor, { action: "cpd_entry.reflected", subjectType: "cpd_entry", subjectId: entryId, personId, before: { learning, practice_impact, peer_reflection }, after: reflection }, trx);
      return "done";
    });
}
