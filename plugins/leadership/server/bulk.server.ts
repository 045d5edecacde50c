// Bulk enrolment for a Level 5 cohort: the programme's eligibility applied to the engine's bulk tools.
import { createHash } from "node:crypto";
import type { Actor } from "../../../app/services/audit.server";
import { checkBulkCsv, matchFilter, type BulkFilter } from "../../../app/services/bulk-enrolment.server";
import { peopleByEmployeeNumbers } from "../../../app/services/employee-numbers.server";
import { enrolMany } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readCsvFile } from "../../../app/utils/csv-records.server";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import type { Problem } from "../../../app/utils/problems";
import { withoutControlCharacters } from "../../../app/utils/text";
import { formatNumber } from "../../../app/utils/number-format";
import plugin from "../plugin";
import { PLUGIN_ID } from "../programme";
import { leadershipEligibility } from "./eligibility.server";
import { placesElsewhere, placesElsewhereCheck, type PlaceHeldElsewhere } from "./one-place.server";

export const MAX_BULK = 2000;

const eligibilityFor = (locale: Locale) => (ids: number[]) => leadershipEligibility(pluginContext(plugin, locale), ids);

/** The largest CSV the bulk enrolment and attendance pages take, as their hint says. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

export async function bulkFromCsv(cohortId: number, csv: string | Uint8Array, actor: Actor, locale: Locale) {
  const check = async () => withPlacesElsewhere(cohortId, csv, await checkBulkCsv(cohortId, csv, eligibilityFor(locale), actor.personId));
  const checked = await check();
  if (!checked.ok) return checked;
  const result = await enrolMany(cohortId, checked.entries, actor, placesElsewhereCheck(checked.entries.map((e) => e.personId), cohortId));
  if (result.ok) return result;
  // Someone in the file was given a place, here or on another cohort, after the check (the enrolment checks
  // again under the locks and enrols nobody). The file checked again names each of them on their own line,
  // as the first check would have; only if that place has gone again since is the refusal left without a line.
  const again = await check();
  return again.ok ? { ok: false as const, problems: [{ line: 1, key: "bulk.errors.changedMeanwhile" }] } : again;
}

/** The same reading of the file as the core's check, for the lines it found nothing wrong with. */
const BULK_COLUMNS = { required: ["employee_number"], optional: ["reason"], others: "ignore", shortLines: "blank" } as const;

type CsvChecked = Awaited<ReturnType<typeof checkBulkCsv>>;

/**
 * The core's check of a file, with each line naming someone who holds a Level 5 place on another cohort
 * (or has completed) a problem too, naming that cohort: one place a person. A file the core refused as a
 * whole (unreadable, too long) is left as it is.
 * The core's entries carry no line, so naming a line means reading the file again. A file the core passed
 * is read again only if someone on it holds a place elsewhere, which its entries tell: the usual file, with
 * nobody placed elsewhere, is read once.
 */
async function withPlacesElsewhere(cohortId: number, csv: string | Uint8Array, checked: CsvChecked): Promise<CsvChecked> {
  if (checked.ok && (await placesElsewhere(checked.entries.map((e) => e.personId), cohortId)).size === 0) return checked;
  const file = readCsvFile(csv, BULK_COLUMNS);
  if (!file.ok || file.records.length > MAX_BULK) return checked;
  const lines = file.records.map(({ line, values }) => ({ line, employee: withoutControlCharacters(values.employee_number) }));
  const found = await peopleByEmployeeNumbers(db(), lines.map((l) => l.employee));
  const personOn = (employee: string) => found.get(employee)?.person?.id;
  const held = await placesElsewhere(lines.flatMap((l) => personOn(l.employee) ?? []), cohortId);
  const named = new Set(checked.ok ? [] : checked.problems.map((p) => p.line));
  const problems: Problem[] = checked.ok ? [] : [...checked.problems];
  for (const { line, employee } of lines) {
    const place = held.get(personOn(employee) ?? 0);
    if (place && !named.has(line)) problems.push(placeElsewhereProblem(line, employee, place));
  }
  return problems.length ? { ok: false, problems: problems.sort((a, b) => a.line - b.line) } : checked;
}

const placeElsewhereProblem = (line: number, employee: string, place: PlaceHeldElsewhere): Problem => ({
  line,
  key: `${PLUGIN_ID}:bulk.errors.${place.status === "completed" ? "completedAlready" : "placeElsewhere"}`,
  values: { employee, cohort: place.cohortName },
});

/**
 * What a preview showed, in a hidden field of the same size however many it found: a digest of each person
 * found and whether they are eligible. Sent back with "enrol everyone", it tells whether the filter finds
 * the same people now, none of them eligible or not since, so nobody is enrolled whom the page did not show
 * (nor anyone the reason was not asked for).
 */
function digestOf(people: { id: number }[], eligibility: Map<number, { eligible: boolean }>, leftOut: { id: number }[]): string {
  const entries = people.map((p) => [p.id, eligibility.get(p.id)?.eligible ? "1" : "0"] as const);
  // Those left out for a place elsewhere are said too (how many), so they are part of what was shown.
  const all = [...entries, ...leftOut.map((p) => [p.id, "elsewhere"] as const)].sort((a, b) => a[0] - b[0]);
  return createHash("sha256").update(all.map(([id, eligible]) => `${id}:${eligible}`).join(",")).digest("base64url");
}

/**
 * Who the filter would enrol, never the person choosing (`chooser`), nor anyone holding a Level 5 place on
 * another cohort or who has completed (`leftOut`, whom the page counts); and the digest of what the page
 * shows, which it sends back (`shown`).
 */
export async function previewFilter(cohortId: number, filter: BulkFilter, chooser: number | null, locale: Locale) {
  const found = await matchFilter(cohortId, PLUGIN_ID, filter, chooser);
  const held = found.length ? await placesElsewhere(found.map((p) => p.id), cohortId) : new Map<number, PlaceHeldElsewhere>();
  const people = found.filter((p) => !held.has(p.id));
  const leftOut = found.filter((p) => held.has(p.id));
  const eligibility = people.length ? await eligibilityFor(locale)(people.map((p) => p.id)) : new Map<number, { eligible: boolean }>();
  const ineligible = people.filter((p) => !eligibility.get(p.id)?.eligible).length;
  return { people, eligibility, ineligible, leftOut: leftOut.length, tooMany: people.length > MAX_BULK, shown: digestOf(people, eligibility, leftOut) };
}

type FilterRefusal = { ok: false; error: string; values?: Record<string, string>; field?: string };

/** The filter finds other people than the page showed (or the page did not say): it is shown again, fresh. */
export const LIST_CHANGED = "bulk.errors.listChanged";

/** Enrols everyone the filter finds, if they are who the page showed (`shown`, from `previewFilter`). */
export async function bulkFromFilter(cohortId: number, filter: BulkFilter, reason: string, shown: string, actor: Actor, locale: Locale): Promise<{ ok: true; enrolled: number; waitlisted: number } | FilterRefusal> {
  const preview = await previewFilter(cohortId, filter, actor.personId, locale);
  if (shown !== preview.shown) return { ok: false, error: LIST_CHANGED };
  if (preview.tooMany) return { ok: false, error: "bulk.errors.tooMany", values: { max: formatNumber(MAX_BULK, locale) } };
  if (preview.people.length === 0) return { ok: false, error: "bulk.errors.nobody" };
  if (preview.ineligible > 0 && !reason) return { ok: false, error: "bulk.errors.filterReasonNeeded", field: "reason" };
  const entries = preview.people.map((p) => ({ personId: p.id, overrideReason: preview.eligibility.get(p.id)?.eligible ? null : reason }));
  const result = await enrolMany(cohortId, entries, actor, placesElsewhereCheck(entries.map((e) => e.personId), cohortId));
  if (result.ok) return result;
  // Given a place on another cohort since the filter was read: the page, read again, leaves them out.
  if (!("already" in result)) return { ok: false, error: LIST_CHANGED };
  // Given a place by someone else since the filter was read: nobody is enrolled, and those people are named.
  const taken = preview.people.filter((p) => result.already.includes(p.id));
  return { ok: false, error: "bulk.errors.givenPlacesMeanwhile", values: { names: namesOf(taken) } };
}

/** Names to read in a sentence: the first few in full, and how many more. */
const NAMED = 10;
const namesOf = (people: { given_name: string; family_name: string }[]) => {
  const names = people.slice(0, NAMED).map((p) => `${p.given_name} ${p.family_name}`).join(", ");
  return people.length > NAMED ? `${names} (+${people.length - NAMED})` : names;
};
