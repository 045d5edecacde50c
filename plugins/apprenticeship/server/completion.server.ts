// The end of an apprenticeship: gateway, degree and registration as a social worker, and the degree on
// the person's CPD record. Logging hours takes the completion's lock too, so hours and a registration
// recorded at the same moment are never both taken.
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import type { AuditInput } from "../../sdk";
import { isDegreeAwarded, PLUGIN_ID } from "../programme";
import { apprenticeshipDb, asHostDb, type ApprenticeshipDatabase } from "./db.server";

/**
 * Recording an apprentice's completion and logging their hours both take this lock: hours checked against a
 * registration being recorded at that moment wait for it, and are then refused.
 */
export const completionLock = (personId: number) => `apprenticeship-completion:${personId}`;

/** Whether the person has registered as a social worker, read through `executor` (a transaction under the lock). */
export async function hasRegistered(personId: number, executor: Kysely<ApprenticeshipDatabase>) {
  const row = await executor.selectFrom("apprenticeship_completions").select("registered_on").where("person_id", "=", personId).executeTakeFirst();
  return Boolean(row?.registered_on);
}

/** The CPD entry the degree writes: one per person, found again by its source reference. */
const DEGREE_CPD_REF = "degree";

/** Puts the awarded degree on the person's CPD record (or moves its date), worded in English and Welsh. */
async function recordDegreeOnCpd(trx: Kysely<ApprenticeshipDatabase>, personId: number, degreeOn: string, now: string) {
  const titles = cpdTitles(PLUGIN_ID, (t) => t("completion.cpdTitle"));
  await trx
    .insertInto("cpd_entries")
    .values({ person_id: personId, source: PLUGIN_ID, source_ref: DEGREE_CPD_REF, ...titles, occurred_on: degreeOn, hours: 0, reflection: null, created_at: now })
    .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doUpdateSet({ occurred_on: degreeOn, ...titles }))
    .execute();
}

/**
 * Takes the degree off the person's CPD record, answering the entry removed (undefined when there was none),
 * with any reflection the person had added to it: the audit event keeps it, so a correction made by
 * mistake loses nothing they wrote.
 */
async function removeDegreeFromCpd(trx: Kysely<ApprenticeshipDatabase>, personId: number) {
  return trx
    .deleteFrom("cpd_entries")
    .where("person_id", "=", personId)
    .where("source", "=", PLUGIN_ID)
    .where("source_ref", "=", DEGREE_CPD_REF)
    .returning(["id", "title", "title_cy", "occurred_on", "learning", "practice_impact", "peer_reflection"])
    .executeTakeFirst();
}

/** What a completion records, the columns a save writes over (all but when it was last saved). */
const COMPLETION_COLUMNS = ["gateway_on", "degree_outcome", "degree_on", "registered_on", "registration_number"] as const;
type CompletionValues = Record<(typeof COMPLETION_COLUMNS)[number], string | null>;

/** Whether a save would change nothing: no completion yet is the same as one with nothing recorded. */
const sameCompletion = (before: CompletionValues | undefined, after: CompletionValues) => COMPLETION_COLUMNS.every((column) => (before?.[column] ?? null) === after[column]);

/** What the completion form says a page showed when there was no completion yet. */
export const NO_COMPLETION_YET = "none";

/** A completion as a page shows it, sent back with the form: when it was last saved, or that there was none. */
export const completionAsShown = (completion: { updated_at: string } | null | undefined) => completion?.updated_at ?? NO_COMPLETION_YET;

export type CompletionSaved = { ok: true } | { ok: false; now: string };

/**
 * The degree, once awarded, goes on the person's CPD record with the completion, in one transaction. Its
 * title is worded in English and Welsh, so each reader sees their own, whoever recorded it. Only a pass
 * is a degree "completed": a fail, or an outcome taken away, leaves no entry, and one already written for
 * an earlier pass is removed and audited with the completion. It takes the completion's lock, so hours
 * being logged at that moment are either in before the registration or refused, and the completion read
 * under it for the audit (a correction from pass to fail keeps the pass) is the one written over. `shown`
 * is the completion as the page saving it showed it (`completionAsShown`): a colleague's save since is
 * refused, answering the completion as it now is, not written over with values typed against the older
 * one. A save that changes nothing (the form sent again) writes nothing and no event.
 */
export async function saveCompletion(personId: number, values: { gatewayOn: string | null; degreeOutcome: string | null; degreeOn: string | null; registeredOn: string | null; registrationNumber: string | null }, actor: Actor, shown: string): Promise<CompletionSaved> {
  const now = new Date().toISOString();
  const recorded: CompletionValues = { gateway_on: values.gatewayOn, degree_outcome: values.degreeOutcome, degree_on: values.degreeOn, registered_on: values.registeredOn, registration_number: values.registrationNumber };
  const row = { ...recorded, updated_at: now };
  return apprenticeshipDb()
    .transaction()
    .execute(async (trx): Promise<CompletionSaved> => {
      await holdTransactionLock(asHostDb(trx), completionLock(personId));
      const current = await trx.selectFrom("apprenticeship_completions").select([...COMPLETION_COLUMNS, "updated_at"]).where("person_id", "=", personId).executeTakeFirst();
      if (completionAsShown(current) !== shown) return { ok: false, now: completionAsShown(current) };
      const before = current && Object.fromEntries(COMPLETION_COLUMNS.map((column) => [column, current[column]]));
      if (sameCompletion(current, recorded)) return { ok: true };
      await trx.insertInto("apprenticeship_completions").values({ person_id: personId, ...row }).onConflict((oc) => oc.column("person_id").doUpdateSet(row)).execute();
      const events: AuditInput[] = [{ action: "apprenticeship.completion.saved", subjectType: "apprenticeship_completion", subjectId: personId, personId, before, after: row }];
      if (values.degreeOn && isDegreeAwarded(values.degreeOutcome)) {
        await recordDegreeOnCpd(trx, personId, values.degreeOn, now);
      } else {
        const removed = await removeDegreeFromCpd(trx, personId);
        if (removed) events.push({ action: "apprenticeship.completion.cpd_removed", subjectType: "cpd_entry", subjectId: removed.id, personId, before: removed });
      }
      await recordAudit(actor, events, asHostDb(trx));
      return { ok: true };
    });
}
