// The assessor's recommendation on an ASYE year and the panel's decision on it: when the assessor can
// recommend, and what a pass, an extension or a fail changes. Each is audited in the same transaction as the
// change, the decision with the notice telling the worker; each takes the year's row first, as the changes
// to its record do (year-lock.server.ts), and lands only on the year as it was read.
import type { Transaction, Updateable } from "kysely";
import type { PluginContext } from "../../sdk";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { addNotice, type NoticeInput } from "../../../app/services/notices.server";
import { londonToday, utcToLondon } from "../../../app/utils/london-time";
import { PASSED_STAGE, PLUGIN_ID, type Decision, type Recommendation } from "../programme";
import { asyeDb, type AsyeDatabase } from "./db.server";
import { asHost, isOpen, lockedYear, stamp, withAudit, type ChangeResult } from "./year-lock.server";
import type { YearPicture } from "./years.server";

/** Why the assessor cannot recommend yet: the year has not reached its end, or its final review is not recorded. */
export type RecommendationWait = "yearNotEnded" | "finalReviewMissing";

/**
 * The recommendation ends the year, so it waits for the year's full length (stretched for part-time work
 * and long leave, and moved on by an extension, which asks for a fresh recommendation at the new end)
 * and for the final review; otherwise a pass could cut the year short with its evidence outstanding.
 * Null once the assessor can recommend.
 */
export function recommendationWait(picture: YearPicture, today = londonToday()): RecommendationWait | null {
  if (today < picture.schedule.endsOn) return "yearNotEnded";
  const finalReview = picture.reviews[picture.reviews.length - 1];
  if (!finalReview?.recorded) return "finalReviewMissing";
  return null;
}

type RecommendationError = "recommendation.errors.notAssessor" | "recommendation.errors.closed" | "recommendation.errors.notYet" | "recommendation.errors.changed";
/** A recommendation made too early is refused at the recommendation's field, for the form to show there. */
export type RecommendationResult = ChangeResult<RecommendationError> & { fieldErrors?: { recommendation: string[] } };

/**
 * The year's end the recommendation was checked against rests on the decision, the extension and the leave
 * as read. L&D extending at the same moment (which clears the recommendation and moves the end), deciding,
 * or leave recorded meanwhile changes one of them, and the update then misses rather than land on a year
 * it was never checked against.
 */
async function recommendOnTheYearAsRead(trx: Transaction<AsyeDatabase>, picture: YearPicture, values: Updateable<AsyeDatabase["asye_years"]>) {
  const { id, decision, extension_weeks } = picture.year;
  const updated = await trx
    .updateTable("asye_years")
    .set(values)
    .where("id", "=", id)
    .where((eb) => (decision === null ? eb("decision", "is", null) : eb("decision", "=", decision)))
    .where("extension_weeks", "=", extension_weeks)
    .where((eb) => eb(eb.selectFrom("asye_leave").select((l) => l.fn.countAll().as("n")).where("year_id", "=", id), "=", picture.leave.length))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** The assessor's final recommendation; only the year's assessor makes it, on an open year that has reached its end. */
export async function recommend(picture: YearPicture, input: { recommendation: Recommendation; note: string }, actor: Actor): Promise<RecommendationResult> {
  if (actor.personId !== picture.year.assessor_id || actor.personId === picture.year.person_id) return { ok: false, error: "recommendation.errors.notAssessor" };
  if (!isOpen(picture)) return { ok: false, error: "recommendation.errors.closed" };
  if (recommendationWait(picture)) return { ok: false, error: "recommendation.errors.notYet", fieldErrors: { recommendation: ["recommendation.errors.notYet"] } };
  const values = { recommendation: input.recommendation, recommendation_note: input.note, recommended_by: actor.personId, recommended_at: stamp(), updated_at: stamp() };
  const landed = await withAudit(async (trx) => {
    // Locked first, so leave being recorded commits before the update below reads its count.
    await lockedYear(trx, picture.year.id);
    if (!(await recommendOnTheYearAsRead(trx, picture, values))) return false;
    await recordAudit(actor, { action: "asye.recommendation.recorded", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, before: { recommendation: picture.year.recommendation }, after: { recommendation: input.recommendation, note: input.note } }, asHost(trx));
    return true;
  });
  if (!landed) return { ok: false, error: "recommendation.errors.changed" };
  return { ok: true };
}

export interface DecisionInput {
  decision: Decision;
  decidedOn: string;
  note: string;
  extensionWeeks?: number;
  /** When the recommendation the panel read on the page was made; none when it showed none. */
  recommendedAt?: string;
}

/**
 * What the worker is told of the decision. The notice is worded when the person reads it, so the count its
 * English agrees with ("1 week", "8 weeks") is stored with it.
 */
function decisionNotice(personId: number, input: DecisionInput): NoticeInput {
  const weeks = input.extensionWeeks ?? 0;
  return { personId, source: PLUGIN_ID, messageKey: `notices.${input.decision}`, values: { weeks, count: weeks }, href: `/programmes/${PLUGIN_ID}` };
}

type DecisionDateError = "decision.errors.beforeStart" | "decision.errors.beforeRecommendation";
export type DecisionError = "decision.errors.noRecommendation" | "decision.errors.own" | "decision.errors.assessor" | "decision.errors.closed" | "decision.errors.recommendationChanged" | "decision.errors.notEnded" | "decision.errors.yearChanged" | DecisionDateError;
/** A decision dated before the year or its recommendation is refused at the date's field. */
export type DecisionResult = ChangeResult<DecisionError> & { fieldErrors?: { decidedOn: string[] } };

/** What is wrong with the decision's date, if anything: it cannot come before the year, nor before the recommendation it decides on. */
function decisionDateError(year: YearPicture["year"], decidedOn: string): DecisionDateError | null {
  if (decidedOn < year.starts_on) return "decision.errors.beforeStart";
  // The recommendation's time is stored in UTC; the date the panel gives is London's.
  if (year.recommended_at && decidedOn < utcToLondon(year.recommended_at).date) return "decision.errors.beforeRecommendation";
  return null;
}

/** Why the panel cannot decide on the year as read, or null when they can. */
function decisionRefusal(picture: YearPicture, input: DecisionInput, actor: Actor): DecisionResult | null {
  const year = picture.year;
  if (actor.personId === year.person_id || actor.personId === year.recommended_by) return { ok: false, error: "decision.errors.own" };
  // The panel moderates the assessor's recommendation, so the year's assessor does not decide it: not even
  // one named since the recommendation was made (by the assessor before them), who may replace it instead.
  if (actor.personId === year.assessor_id) return { ok: false, error: "decision.errors.assessor" };
  if (!isOpen(picture)) return { ok: false, error: "decision.errors.closed" };
  if (!year.recommendation) return { ok: false, error: "decision.errors.noRecommendation" };
  // The panel decides on the recommendation their page showed: one made or replaced since is read first.
  if ((input.recommendedAt ?? null) !== year.recommended_at) return { ok: false, error: "decision.errors.recommendationChanged" };
  // Long leave recorded since the recommendation can move the year's end past today: what the assessor
  // recommended on was not the whole year, and the panel cannot pass it short.
  if (recommendationWait(picture)) return { ok: false, error: "decision.errors.notEnded" };
  const dateError = decisionDateError(year, input.decidedOn);
  if (dateError) return { ok: false, error: dateError, fieldErrors: { decidedOn: [dateError] } };
  return null;
}

function decisionValues(year: YearPicture["year"], input: DecisionInput, actor: Actor, now: string) {
  const extend = input.decision === "extend";
  return {
    decision: input.decision,
    decision_note: input.note,
    decided_by: actor.personId,
    decided_on: input.decidedOn,
    updated_at: now,
    ...(extend ? { extension_weeks: year.extension_weeks + (input.extensionWeeks ?? 0), recommendation: null, recommendation_note: null, recommended_by: null, recommended_at: null } : {}),
  };
}

/**
 * The decision's audit event, with what it replaces: the recommendation decided on and, when the year was
 * extended before, that decision (its date, note and decider are overwritten). An extension also clears the
 * recommendation and adds to the weeks held, so those are kept too, or no event would say what they were.
 * The weeks are counted as the year's total, before and after; `extensionWeeks` is the weeks this one adds.
 */
function decisionAudit(year: YearPicture["year"], input: DecisionInput) {
  const earlierDecision = year.decision === null ? {} : { decidedOn: year.decided_on, note: year.decision_note, decidedBy: year.decided_by };
  const before = { recommendation: year.recommendation, decision: year.decision, ...earlierDecision };
  const after = { decision: input.decision, decidedOn: input.decidedOn, note: input.note, extensionWeeks: input.extensionWeeks ?? null };
  if (input.decision !== "extend") return { before, after };
  const clearedRecommendation = { recommendationNote: year.recommendation_note, recommendedBy: year.recommended_by, recommendedAt: year.recommended_at };
  return {
    before: { ...before, ...clearedRecommendation, totalExtensionWeeks: year.extension_weeks },
    after: { ...after, recommendation: null, totalExtensionWeeks: year.extension_weeks + (input.extensionWeeks ?? 0) },
  };
}

/**
 * The year must still be undecided, and its recommendation the one the panel read, when the decision lands:
 * a second panel member's decision loses, and so does one on a recommendation the assessor replaced or an
 * extension cleared meanwhile. The leave must be as read too, since leave recorded meanwhile can move the
 * year's end past today, which was checked against the leave as read.
 */
async function decideOnTheYearAsRead(trx: Transaction<AsyeDatabase>, picture: YearPicture, values: Updateable<AsyeDatabase["asye_years"]>) {
  const { year } = picture;
  const recommendedAt = year.recommended_at;
  const updated = await trx
    .updateTable("asye_years")
    .set(values)
    .where("id", "=", year.id)
    .where((eb) => eb.or([eb("decision", "is", null), eb("decision", "=", "extend")]))
    .where("recommendation", "is not", null)
    .where((eb) => (recommendedAt === null ? eb("recommended_at", "is", null) : eb("recommended_at", "=", recommendedAt)))
    .where((eb) => eb(eb.selectFrom("asye_leave").select((l) => l.fn.countAll().as("n")).where("year_id", "=", year.id), "=", picture.leave.length))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Why a decision's update missed: the year was decided meanwhile, its recommendation changed, or leave was recorded. */
async function whyTheDecisionMissed(year: YearPicture["year"]): Promise<DecisionError> {
  const now = await asyeDb().selectFrom("asye_years").select(["decision", "recommended_at"]).where("id", "=", year.id).executeTakeFirst();
  if (now?.decision === "pass" || now?.decision === "fail") return "decision.errors.closed";
  return now?.recommended_at === year.recommended_at ? "decision.errors.yearChanged" : "decision.errors.recommendationChanged";
}

/**
 * L&D's (or the panel's) decision on the assessor's recommendation. A pass moves the person to the
 * social worker stage and puts the year on their CPD record, in one transaction with the decision, its
 * audit event and the worker's notice; an
 * extension adds weeks to the year and asks the assessor for a fresh recommendation at its new end.
 * Neither the worker, the assessor who recommended nor the year's assessor now decides.
 */
export async function decide(ctx: PluginContext, picture: YearPicture, input: DecisionInput, actor: Actor): Promise<DecisionResult> {
  const refusal = decisionRefusal(picture, input, actor);
  if (refusal) return refusal;
  const year = picture.year;
  const now = stamp();
  const landed = await asyeDb()
    .transaction()
    .execute(async (trx) => {
      // Locked first: a change being recorded commits before the update below reads the leave, and one
      // sent after waits for the decision and then finds the year decided.
      await lockedYear(trx, year.id);
      if (!(await decideOnTheYearAsRead(trx, picture, decisionValues(year, input, actor, now)))) return false;
      if (input.decision === "pass") {
        // Worded in English and Welsh: the record shows the reader's, whoever recorded the pass.
        const titles = cpdTitles(PLUGIN_ID, (t) => t("decision.cpdTitle"));
        await ctx.moveToStage({ personId: year.person_id, stageCode: PASSED_STAGE, startedOn: input.decidedOn, note: input.note }, trx);
        await trx
          .insertInto("cpd_entries")
          .values({ person_id: year.person_id, source: PLUGIN_ID, source_ref: "asye-passed", ...titles, occurred_on: input.decidedOn, hours: 0, reflection: null, created_at: now })
          .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doUpdateSet({ occurred_on: input.decidedOn, ...titles }))
          .execute();
      }
      await recordAudit(actor, { action: `asye.decision.${input.decision}`, subjectType: "asye_year", subjectId: year.id, personId: year.person_id, ...decisionAudit(year, input) }, asHost(trx));
      // Told in the same transaction, so a decision is never stored without the worker hearing of it.
      await addNotice(decisionNotice(year.person_id, input), asHost(trx));
      return true;
    });
  if (!landed) return { ok: false, error: await whyTheDecisionMissed(year) };
  return { ok: true };
}
