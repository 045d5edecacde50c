// Bulk enrolment for a Level 5 cohort: the programme's eligibility applied to the engine's bulk tools.
import { createHash } from "node:crypto";
import type { Actor } from "../../../app/services/audit.server";
import { checkBulkCsvLines, matchFilter, type BulkCsvEntry, type BulkCsvLines, type BulkFilter } from "../../../app/services/bulk-enrolment.server";
import { enrolMany } from "../../../app/services/enrol-many.server";
import { isCohortOver } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import type { Locale } from "../../../app/utils/i18n";
import type { Problem } from "../../../app/utils/problems";
import { formatNumber } from "../../../app/utils/number-format";
import plugin from "../plugin";
import { PLUGIN_ID } from "../programme";
import { leadershipEligibility } from "./eligibility.server";
import { placesElsewhere, placesElsewhereCheck, type PlaceHeldElsewhere } from "./one-place.server";

export const MAX_BULK = 2000;

const eligibilityFor = (locale: Locale) => (ids: number[]) => leadershipEligibility(pluginContext(plugin, locale), ids);

/** The largest CSV the bulk enrolment and attendance pages take, as their hint says. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** The refusal of a bulk enrolment on a cohort that is over: said beside the form's field, not line by line. */
const COHORT_OVER = "common:enrolment.errors.over";
type CohortOver = { ok: false; error: typeof COHORT_OVER };
const OVER: CohortOver = { ok: false, error: COHORT_OVER };

export async function bulkFromCsv(cohortId: number, csv: string | Uint8Array, actor: Actor, locale: Locale) {
  // Said before the file is read: no line of it could be enrolled, so its problems would not help. The
  // enrolment asks again under the cohort's lock.
  if (await isCohortOver(cohortId)) return OVER;
  const check = async () => withPlacesElsewhere(cohortId, await checkBulkCsvLines(cohortId, csv, eligibilityFor(locale), actor.personId));
  const checked = await check();
  if (!checked.ok) return checked;
  const result = await enrolMany(cohortId, checked.entries, actor, placesElsewhereCheck(checked.entries.map((e) => e.personId), cohortId));
  if (result.ok) return result;
  if ("error" in result && result.error === "enrolment.errors.over") return OVER;
  // Someone in the file was given a place, here or on another cohort, after the check (the enrolment checks
  // again under the locks and enrols nobody). The file checked again names each of them on their own line,
  // as the first check would have; only if that place has gone again since is the refusal left without a line.
  const again = await check();
  return again.ok ? { ok: false as const, problems: [{ line: 1, key: "bulk.errors.changedMeanwhile" }] } : again;
}

type CsvChecked = { ok: true; entries: BulkCsvEntry[] } | { ok: false; problems: Problem[] };

/**
 * The core's check of a file, with each line naming someone who holds a Level 5 place on another cohort
 * (or has completed) a problem too, naming that cohort: one place a person. Only the lines the core found
 * nothing wrong with can add one, and the core's check gives each its line, so the file is read once. A
 * file the core refused as a whole (unreadable, too long) has no such lines and is left as it is.
 */
async function withPlacesElsewhere(cohortId: number, checked: BulkCsvLines): Promise<CsvChecked> {
  const held = checked.entries.length ? await placesElsewhere(checked.entries.map((e) => e.personId), cohortId) : new Map<number, PlaceHeldElsewhere>();
  const elsewhere = checked.entries.flatMap((e) => {
    const place = held.get(e.personId);
    return place ? [placeElsewhereProblem(e.line, e.employee, place)] : [];
  });
  const problems = [...checked.problems, ...elsewhere].sort((a, b) => a.line - b.line);
  return problems.length ? { ok: false, problems } : { ok: true, entries: checked.entries };
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

type FilterRefusal = { ok: false; error: string; values?: Record<string, string>; field?: string } | CohortOver;

/** The filter finds other people than the page showed (or the page did not say): it is shown again, fresh. */
export const LIST_CHANGED = "bulk.errors.listChanged";

/** Enrols everyone the filter finds, if they are who the page showed (`shown`, from `previewFilter`). */
export async function bulkFromFilter(cohortId: number, filter: BulkFilter, reason: string, shown: string, actor: Actor, locale: Locale): Promise<{ ok: true; enrolled: number; waitlisted: number } | FilterRefusal> {
  if (await isCohortOver(cohortId)) return OVER;
  const preview = await previewFilter(cohortId, filter, actor.personId, locale);
  if (shown !== preview.shown) return { ok: false, error: LIST_CHANGED };
  if (preview.tooMany) return { ok: false, error: "bulk.errors.tooMany", values: { max: formatNumber(MAX_BULK, locale) } };
  if (preview.people.length === 0) return { ok: false, error: "bulk.errors.nobody" };
  if (preview.ineligible > 0 && !reason) return { ok: false, error: "bulk.errors.filterReasonNeeded", field: "reason" };
  const entries = preview.people.map((p) => ({ personId: p.id, overrideReason: preview.eligibility.get(p.id)?.eligible ? null : reason }));
  const result = await enrolMany(cohortId, entries, actor, placesElsewhereCheck(entries.map((e) => e.personId), cohortId));
  if (result.ok) return result;
  if ("error" in result && result.error === "enrolment.errors.over") return OVER;
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
