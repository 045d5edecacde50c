// One learner's record on a cohort, as L&D keep it: assessed unit results, and completion with its
// certificate, which also writes the learner's CPD entry.
import type { Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { holdCohortLock } from "../../../app/services/cohort-lock.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { offerEvidence } from "../../../app/services/evidence.server";
import { addNotice } from "../../../app/services/notices.server";
import { readSettingsIn } from "../../../app/services/settings.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { isPostgres } from "../../sdk/migrations";
import { unitTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { taughtMinutes } from "./guided-learning.server";
import { leadershipDb, progressOf, type LeadershipTables } from "./progress.server";
import { DEFAULT_SETTINGS } from "./settings.server";
import { holdUnitsLock } from "./units.server";

/** Statuses of a place a learner holds, whose results and completion L&D record. */
export const LEARNER_STATUSES = ["enrolled", "completed", "not_completed"] as const;

/**
 * A learner on the cohort: holding a place, or (with `withdrawn`) one who held a place and has been
 * withdrawn, whose record L&D still read.
 */
export async function learnerOnCohort(cohortId: number, enrolmentId: number, options: { withdrawn?: boolean } = {}) {
  return leadershipDb()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "e.person_id", "p.given_name", "p.family_name", "p.employee_number", "c.id as cohort_id", "c.name as cohort_name"])
    .where("e.id", "=", enrolmentId)
    .where("e.cohort_id", "=", cohortId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", options.withdrawn ? [...LEARNER_STATUSES, "withdrawn"] : [...LEARNER_STATUSES])
    .executeTakeFirst();
}

/**
 * Where a learner reads their own unit results and their assessor's feedback, on their programme home: a
 * unit's notice sends them there, since the cohort's learner page is L&D's.
 */
export const OWN_UNITS_HREF = `/programmes/${PLUGIN_ID}#units`;

export async function unitResultsOf(enrolmentId: number) {
  return leadershipDb().selectFrom("leadership_unit_results").selectAll().where("enrolment_id", "=", enrolmentId).execute();
}

export async function completionOf(enrolmentId: number) {
  return leadershipDb().selectFrom("leadership_completions").selectAll().where("enrolment_id", "=", enrolmentId).executeTakeFirst();
}

/**
 * The unit's title in both languages for its notice, which is worded when read: "notices.unitResult" reads
 * `unit` in English and `unitCy` in Welsh. Notices sent before carry only `unit`, under "notices.unit".
 */
const unitNoticeTitles = (title: string) => ({ unit: unitTitleIn(fixedT("en-GB", PLUGIN_ID), title), unitCy: unitTitleIn(fixedT("cy", PLUGIN_ID), title) });

export type UnitResultOutcome = "recorded" | "noUnit" | "noPlace";

/**
 * A learner's result for a unit. Read and written under the units' lock, which a unit's removal also
 * holds: a unit removed at the same moment is either gone when read here (`noUnit`), or still there, and
 * then its removal finds this result and refuses. Then under the cohort's lock (the order a completion
 * takes them in), which a withdrawal holds: a place withdrawn meanwhile is refused (`noPlace`).
 */
export async function recordUnitResult(learner: { id: number; person_id: number; cohort_id: number }, unitId: number, result: { submittedOn: string; result: "pass" | "refer" | "fail"; feedback: string | null }, actor: Actor): Promise<UnitResultOutcome> {
  const values = { submitted_on: result.submittedOn, result: result.result, feedback: result.feedback, assessed_by: actor.personId, assessed_at: new Date().toISOString() };
  // The result, its audit event and the learner's notice are written together or not at all.
  return leadershipDb()
    .transaction()
    .execute(async (trx) => {
      await holdUnitsLock(trx);
      const unit = await trx.selectFrom("leadership_units").select(["id", "title"]).where("id", "=", unitId).executeTakeFirst();
      if (!unit) return "noUnit";
      const host = trx as unknown as Kysely<Database>;
      await holdCohortLock(host, learner.cohort_id);
      if (!(HOLDING_STATUSES as readonly string[]).includes((await placeBefore(trx, learner.id)).status)) return "noPlace";
      const before = await trx.selectFrom("leadership_unit_results").selectAll().where("enrolment_id", "=", learner.id).where("unit_id", "=", unitId).executeTakeFirst();
      await trx
        .insertInto("leadership_unit_results")
        .values({ enrolment_id: learner.id, unit_id: unitId, ...values })
        .onConflict((oc) => oc.columns(["enrolment_id", "unit_id"]).doUpdateSet(values))
        .execute();
      await recordAudit(actor, { action: "leadership.unit_result.recorded", subjectType: "enrolment", subjectId: learner.id, personId: learner.person_id, before, after: { unit: unit.title, ...values } }, host);
      await addNotice({ personId: learner.person_id, source: PLUGIN_ID, messageKey: `notices.unitResult.${result.result}`, values: unitNoticeTitles(unit.title), href: OWN_UNITS_HREF }, host);
      return "recorded";
    });
}

/**
 * The completion's CPD entry and evidence offer title, in English and Welsh: each reader sees their own,
 * whoever recorded it. Migration 0003 words those written before this the same way.
 */
export const completionTitles = (cohortName: string) => cpdTitles(PLUGIN_ID, (t) => t("learner.cpdTitle", { cohort: cohortName }));

/** What the completion's CPD entry and evidence offers are keyed by: the enrolment completed. */
export const completionRef = (enrolmentId: number) => `enrolment:${enrolmentId}`;

export type CompletionOutcome = { ok: true } | { ok: false; error: "learner.errors.notComplete" | "learner.errors.already" | "learner.errors.certificateTaken" | "learner.errors.noPlace" };

/**
 * Why a completion cannot be stored: one already recorded for the enrolment, or the certificate number
 * already someone else's. Read inside the completion's transaction, under its lock, so a second "Record
 * completion" sent at once waits for the first and is refused here rather than failing on a unique key.
 */
async function completionClash(trx: Kysely<Database & LeadershipTables>, enrolmentId: number, certificateNumber: string): Promise<CompletionOutcome | undefined> {
  const already = await trx.selectFrom("leadership_completions").select("enrolment_id").where("enrolment_id", "=", enrolmentId).executeTakeFirst();
  if (already) return { ok: false, error: "learner.errors.already" };
  const taken = await trx.selectFrom("leadership_completions").select("enrolment_id").where("certificate_number", "=", certificateNumber).executeTakeFirst();
  if (taken) return { ok: false, error: "learner.errors.certificateTaken" };
  return undefined;
}

/**
 * The enrolment as it stands in the completion's transaction, its row locked on PostgreSQL so that a
 * withdrawal cannot change it between this read and the completion's write: its status is the audit's
 * "before", and a place no longer held (withdrawn since the page was read) is not completed.
 */
async function placeBefore(trx: Kysely<Database & LeadershipTables>, enrolmentId: number) {
  return trx.selectFrom("enrolments").select("status").where("id", "=", enrolmentId).$if(isPostgres(trx), (qb) => qb.forUpdate()).executeTakeFirstOrThrow();
}

/**
 * Records completion when the rule is met; writes the completion, the CPD entry and the notice together.
 * The CPD and evidence titles are worded in English and Welsh, so each reader sees their own. The rule is
 * checked in the completion's transaction, under the units' lock that a unit result, a unit's change and
 * the programme's rules also take: a result turned to "refer" at the same moment is recorded after the
 * completion, never between its check and its write. It holds the cohort's lock too, which registers and
 * withdrawals take, so a mark changed or a place withdrawn at the same moment lands wholly before the check
 * or after the write. The locks are taken in one order, `leadership-completion`, `leadership-units`, the
 * cohort's row, the enrolment's row, and no other change takes any two of them the other way round: a
 * withdrawal takes the cohort's row before the enrolment's, and nothing that holds the cohort's row waits
 * for the completion's or the units' lock (PostgreSQL would end one of two transactions waiting on each other).
 */
export async function recordCompletion(learner: { id: number; person_id: number; cohort_id: number; cohort_name: string }, details: { ilmRegistration: string; certificateNumber: string }, actor: Actor): Promise<CompletionOutcome> {
  if (await completionOf(learner.id)) return { ok: false, error: "learner.errors.already" };
  const now = new Date();
  // The completion date on the learner's record, CPD entry and evidence is the council's day: just after
  // midnight in summer, UTC's date is still yesterday.
  const today = londonToday(now);
  const titles = completionTitles(learner.cohort_name);
  return leadershipDb()
    .transaction()
    .execute(async (trx): Promise<CompletionOutcome> => {
      const host = trx as unknown as Kysely<Database>;
      // Every completion takes the same lock: certificate numbers are unique across all cohorts.
      await holdTransactionLock(host, "leadership-completion");
      await holdUnitsLock(trx);
      await holdCohortLock(host, learner.cohort_id);
      const clash = await completionClash(trx, learner.id, details.certificateNumber);
      if (clash) return clash;
      const before = await placeBefore(trx, learner.id);
      if (!(HOLDING_STATUSES as readonly string[]).includes(before.status)) return { ok: false, error: "learner.errors.noPlace" };
      const progress = (await progressOf([learner.id], now, trx)).get(learner.id)!;
      if (!progress.complete) return { ok: false, error: "learner.errors.notComplete" };
      const taught = (await taughtMinutes([learner.id], now, host)).get(learner.id) ?? 0;
      // The statements as the rules say now; offers made before a change keep theirs.
      const { supervisorStatements } = await readSettingsIn(host, PLUGIN_ID, { ...DEFAULT_SETTINGS });
      await trx.insertInto("leadership_completions").values({ enrolment_id: learner.id, completed_on: today, ilm_registration: details.ilmRegistration, certificate_number: details.certificateNumber, recorded_by: actor.personId }).execute();
      await trx.updateTable("enrolments").set({ status: "completed", updated_at: now.toISOString() }).where("id", "=", learner.id).execute();
      await trx
        .insertInto("cpd_entries")
        .values({ person_id: learner.person_id, source: PLUGIN_ID, source_ref: completionRef(learner.id), ...titles, occurred_on: today, hours: Math.round(((taught + progress.guidedMinutes) / 60) * 10) / 10, reflection: null, created_at: now.toISOString() })
        .execute();
      await offerEvidence({ personId: learner.person_id, source: PLUGIN_ID, sourceRef: completionRef(learner.id), statementRefs: supervisorStatements, title: titles.title, titleCy: titles.title_cy, occurredOn: today }, host);
      await recordAudit(actor, { action: "leadership.completed", subjectType: "enrolment", subjectId: learner.id, personId: learner.person_id, before: { status: before.status }, after: { ...details, completed_on: today, status: "completed" } }, host);
      await addNotice({ personId: learner.person_id, source: PLUGIN_ID, messageKey: "notices.completed", values: { certificate: details.certificateNumber }, href: `/programmes/${PLUGIN_ID}` }, host);
      return { ok: true };
    });
}
