// Bulk enrolment for a Level 5 cohort: the programme's eligibility applied to the engine's bulk tools.
import { createHash } from "node:crypto";
import type { Actor } from "../../../app/services/audit.server";
import { checkBulkCsv, matchFilter, type BulkFilter } from "../../../app/services/bulk-enrolment.server";
import { enrolMany } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import type { Locale } from "../../../app/utils/i18n";
import { formatNumber } from "../../../app/utils/number-format";
import plugin from "../plugin";
import { PLUGIN_ID } from "../programme";
import { leadershipEligibility } from "./eligibility.server";

export const MAX_BULK = 2000;

const eligibilityFor = (locale: Locale) => (ids: number[]) => leadershipEligibility(pluginContext(plugin, locale), ids);

/** The largest CSV the bulk enrolment and attendance pages take, as their hint says. */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

export async function bulkFromCsv(cohortId: number, csv: string | Uint8Array, actor: Actor, locale: Locale) {
  const check = () => checkBulkCsv(cohortId, csv, eligibilityFor(locale), actor.personId);
  const checked = await check();
  if (!checked.ok) return checked;
  const result = await enrolMany(cohortId, checked.entries, actor);
  if (result.ok) return result;
  // Someone in the file was given a place after the check (the enrolment checks again under the cohort's
  // lock and enrols nobody). The file checked again names each of them on their own line, as the first
  // check would have; only if that place has gone again since is the refusal left without a line.
  const again = await check();
  return again.ok ? { ok: false as const, problems: [{ line: 1, key: "bulk.errors.changedMeanwhile" }] } : again;
}

/**
 * What a preview showed, in a hidden field of the same size however many it found: a digest of each person
 * found and whether they are eligible. Sent back with "enrol everyone", it tells whether the filter finds
 * the same people now, none of them eligible or not since, so nobody is enrolled whom the page did not show
 * (nor anyone the reason was not asked for).
 */
function digestOf(people: { id: number }[], eligibility: Map<number, { eligible: boolean }>): string {
  const entries = people.map((p) => [p.id, eligibility.get(p.id)?.eligible ? 1 : 0] as const).sort((a, b) => a[0] - b[0]);
  return createHash("sha256").update(entries.map(([id, eligible]) => `${id}:${eligible}`).join(",")).digest("base64url");
}

/** Who the filter would enrol, never the person choosing (`chooser`), and the digest of them the page sends back (`shown`). */
export async function previewFilter(cohortId: number, filter: BulkFilter, chooser: number | null, locale: Locale) {
  const people = await matchFilter(cohortId, PLUGIN_ID, filter, chooser);
  const eligibility = people.length ? await eligibilityFor(locale)(people.map((p) => p.id)) : new Map<number, { eligible: boolean }>();
  const ineligible = people.filter((p) => !eligibility.get(p.id)?.eligible).length;
  return { people, eligibility, ineligible, tooMany: people.length > MAX_BULK, shown: digestOf(people, eligibility) };
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
  const result = await enrolMany(cohortId, preview.people.map((p) => ({ personId: p.id, overrideReason: preview.eligibility.get(p.id)?.eligible ? null : reason })), actor);
  if (result.ok) return result;
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
