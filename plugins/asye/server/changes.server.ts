// The changes L&D, managers, assessors and supervisors make to an ASYE year. Each is audited in the
// same transaction as the change, as are the notices telling the worker their year started (and its assessor
// and supervisor that they hold it) or was decided; each checks the state it needs, and nobody records
// anything on their own year.
import type { Kysely, Transaction, Updateable } from "kysely";
import type { PluginContext } from "../../sdk";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { addNotice, addNotices, type NoticeInput } from "../../../app/services/notices.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { londonToday, utcToLondon } from "../../../app/utils/london-time";
import type { Database } from "../../../app/utils/db.server";
import { isPostgres } from "../../sdk/migrations";
import { ASYE_STAGE, PASSED_STAGE, PLUGIN_ID, type Decision, type EvidenceKind, type Recommendation, type ReviewOutcome } from "../programme";
import { asyeDb, type AsyeDatabase } from "./db.server";
import { newHolderNotices } from "./reassign-notices.server";
import { namesTheWorker, refusedRoles } from "./roles.server";
import { reviewOpensOn } from "./schedule";
import { asyeSettings } from "./settings.server";
import type { YearPicture } from "./years.server";

const stamp = () => new Date().toISOString();

/** The plugin's transaction as the host's services take it: the same connection, typed without our tables. */
const asHost = (trx: Transaction<AsyeDatabase>) => trx as unknown as Kysely<Database>;

/**
 * Runs a change and its audit event in one transaction, so a failure between them (the audit insert
 * refused, the process stopping) cannot leave a change nobody can trace.
 */
const withAudit = <T>(work: (trx: Transaction<AsyeDatabase>) => Promise<T>) => asyeDb().transaction().execute(work);

export type ChangeResult<E extends string> = { ok: true; id?: number } | { ok: false; error: E };

export interface StartInput {
  personId: number;
  startsOn: string;
  assessorId: number;
  supervisorId: number;
}

type StartError = "start.errors.notAsye" | "start.errors.already" | "start.errors.self" | "start.errors.inAsye" | "start.errors.beforeQualified";
type StartField = "startsOn" | "assessor" | "supervisor";
/** A refusal that concerns the start date, assessor or supervisor given carries its errors by field, for the form to show there. */
export type StartResult = ChangeResult<StartError> & { fieldErrors?: Partial<Record<StartField, string[]>> };

/**
 * Starts the year of someone at the ASYE stage who has none yet, on or after the day they qualified (when
 * that is recorded): the ASYE is the newly qualified's first year. Their assessor and supervisor are others,
 * neither still in their own ASYE.
 */
export async function startYear(input: StartInput, actor: Actor): Promise<StartResult> {
  const person = await asyeDb().selectFrom("people").select(["career_stage", "fte", "qualification_date", "given_name", "family_name"]).where("id", "=", input.personId).executeTakeFirst();
  if (person?.career_stage !== ASYE_STAGE) return { ok: false, error: "start.errors.notAsye" };
  if (person.qualification_date && input.startsOn < person.qualification_date) return { ok: false, error: "start.errors.beforeQualified", fieldErrors: { startsOn: ["start.errors.beforeQualified"] } };
  const roleErrors = await refusedRoles({ workerId: input.personId, assessorId: input.assessorId, supervisorId: input.supervisorId });
  if (Object.keys(roleErrors).length > 0) return { ok: false, error: namesTheWorker(roleErrors) ? "start.errors.self" : "start.errors.inAsye", fieldErrors: roleErrors };
  if (actor.personId === input.personId) return { ok: false, error: "start.errors.self" };
  // The year keeps the review months it starts with: L&D switching the nine-month review on or off later
  // changes the years started from then on, not this one's reviews under way.
  const ninthMonthReview = (await asyeSettings()).ninthMonthReview ? 1 : 0;
  const now = stamp();
  const row = await withAudit(async (trx) => {
    const [inserted] = await trx
      .insertInto("asye_years")
      .values({ person_id: input.personId, starts_on: input.startsOn, assessor_id: input.assessorId, supervisor_id: input.supervisorId, fte: person.fte, ninth_month_review: ninthMonthReview, created_by: actor.personId, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column("person_id").doNothing())
      .returning("id")
      .execute();
    if (!inserted) return undefined;
    await recordAudit(actor, { action: "asye.year.started", subjectType: "asye_year", subjectId: inserted.id, personId: input.personId, after: input }, asHost(trx));
    // In the same transaction: a notice that cannot be written leaves no year the worker was never told of.
    // A year starting after London's today "starts on" its date; it has not started yet.
    const messageKey = input.startsOn > londonToday() ? "notices.starts" : "notices.started";
    const told = { personId: input.personId, source: PLUGIN_ID, messageKey, values: { date: input.startsOn }, href: `/programmes/${PLUGIN_ID}` };
    // The assessor and the supervisor find the year from theirs, as when a running year is reassigned to them.
    await addNotices([told, ...newHolderNotices({ id: inserted.id, ...person }, input, { assessor: true, supervisor: true })], asHost(trx));
    return inserted;
  });
  if (!row) return { ok: false, error: "start.errors.already" };
  return { ok: true, id: row.id };
}

/** A refusal that concerns one field of the form carries it, for the form to show it there. */
export type FieldResult<E extends string, F extends string> = { ok: true; id?: number } | { ok: false; error: E; fieldErrors: Partial<Record<F, E[]>> };
const refusedAt = <E extends string, F extends string>(field: F, error: E) => ({ ok: false as const, error, fieldErrors: { [field]: [error] } as Partial<Record<F, E[]>> });

/**
 * Whether a day falls before the year began. Nothing recorded then belongs to the year: the schedule
 * ignores it (a session before the start closes no gap), so it is refused at its date rather than
 * counted, as a mistyped year (2024 for 2025) would otherwise be.
 */
const beforeTheYear = (picture: YearPicture, day: string) => day < picture.year.starts_on;

/**
 * Takes the year's row for the rest of the transaction: PostgreSQL locks it (SQLite's transactions begin
 * IMMEDIATE and hold its one write lock already). The changes below and the recommendation and decision
 * all take it first, so each waits for the other to commit and then reads what it committed.
 */
const lockedYear = (trx: Transaction<AsyeDatabase>, yearId: number) =>
  trx
    .selectFrom("asye_years")
    .select("decision")
    .where("id", "=", yearId)
    .$if(isPostgres(trx), (qb) => qb.forUpdate())
    .executeTakeFirst();

/**
 * Whether the year is still open to reviews, evidence, supervision and leave as the change lands. The page
 * checked it as read, but a panel deciding at the same moment may have passed or failed it since: a review
 * or leave added then would change a record already decided (leave would even move its end).
 */
async function stillOpen(trx: Transaction<AsyeDatabase>, yearId: number) {
  const year = await lockedYear(trx, yearId);
  return year !== undefined && (year.decision === null || year.decision === "extend");
}

/** A change refused because the year was decided while its form was being filled in (409 on the page). */
const DECIDED_MEANWHILE = "year.errors.decidedMeanwhile";
const decidedMeanwhile = Symbol("decided meanwhile");

export interface ReviewInput {
  month: number;
  heldOn: string;
  outcome: ReviewOutcome;
  note: string;
}

type ReviewDateError = "review.errors.beforeStart" | "review.errors.beforeExtension" | "review.errors.finalTooEarly" | "review.errors.tooEarly";
type ReviewError = "review.errors.month" | "review.errors.already" | ReviewDateError | typeof DECIDED_MEANWHILE;

/**
 * What is wrong with a review's date, if anything. A review is held no earlier than the one before it fell
 * due, and the final one in the year's last month (`reviewOpensOn`); after an extension, the final review is
 * of the extended year, so on or after the extension was decided. The recommendation waits only for the
 * final review, so one recorded early by mistake (a "12-month review" in month 1) would otherwise let the
 * assessor recommend with no real final review.
 */
function reviewDateError(picture: YearPicture, input: ReviewInput): ReviewDateError | null {
  const { year, schedule } = picture;
  if (beforeTheYear(picture, input.heldOn)) return "review.errors.beforeStart";
  const final = input.month === schedule.reviews[schedule.reviews.length - 1].month;
  if (final && year.decision === "extend" && year.decided_on && input.heldOn < year.decided_on) return "review.errors.beforeExtension";
  if (input.heldOn < reviewOpensOn(year.starts_on, schedule, input.month)) return final ? "review.errors.finalTooEarly" : "review.errors.tooEarly";
  return null;
}

export async function recordReview(picture: YearPicture, input: ReviewInput, actor: Actor): Promise<FieldResult<ReviewError, "month" | "heldOn">> {
  if (!picture.reviews.some((r) => r.month === input.month)) return refusedAt("month", "review.errors.month");
  const dateError = reviewDateError(picture, input);
  if (dateError) return refusedAt("heldOn", dateError);
  const row = await withAudit(async (trx) => {
    if (!(await stillOpen(trx, picture.year.id))) return decidedMeanwhile;
    const [inserted] = await trx
      .insertInto("asye_reviews")
      .values({ year_id: picture.year.id, review_month: input.month, held_on: input.heldOn, outcome: input.outcome, note: input.note, recorded_by: actor.personId, created_at: stamp() })
      .onConflict((oc) => oc.columns(["year_id", "review_month"]).doNothing())
      .returning("id")
      .execute();
    if (inserted) await recordAudit(actor, { action: "asye.review.recorded", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, after: input }, asHost(trx));
    return inserted;
  });
  if (row === decidedMeanwhile) return refusedAt("month", DECIDED_MEANWHILE);
  if (!row) return refusedAt("month", "review.errors.already");
  return { ok: true, id: row.id };
}

export interface EvidenceInput {
  kind: EvidenceKind;
  occurredOn: string;
  title: string;
}

/**
 * Evidence counts towards the year's checklist ("3 direct observations"), and has no key of its own: the
 * form's one-time token, claimed before the insert, keeps a second send of the same form (a double click, a
 * resend) from counting twice. That send adds nothing and is answered as saved, without an id.
 */
export async function addEvidence(picture: YearPicture, input: EvidenceInput, actor: Actor, formToken: string | null = null): Promise<FieldResult<"evidence.errors.beforeStart" | typeof DECIDED_MEANWHILE, "occurredOn" | "kind">> {
  if (beforeTheYear(picture, input.occurredOn)) return refusedAt("occurredOn", "evidence.errors.beforeStart");
  const id = await withAudit(async (trx) => {
    // Before the token is claimed: a refused form sent again is refused again, not answered as saved.
    if (!(await stillOpen(trx, picture.year.id))) return decidedMeanwhile;
    if (!(await claimFormToken(asHost(trx), formToken))) return undefined;
    const [row] = await trx
      .insertInto("asye_evidence")
      .values({ year_id: picture.year.id, kind: input.kind, occurred_on: input.occurredOn, title: input.title, recorded_by: actor.personId, created_at: stamp() })
      .returning("id")
      .execute();
    await recordAudit(actor, { action: "asye.evidence.added", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, after: input }, asHost(trx));
    return row.id;
  });
  if (id === decidedMeanwhile) return refusedAt("kind", DECIDED_MEANWHILE);
  return { ok: true, id };
}

type SupervisionError = "supervision.errors.already" | "supervision.errors.beforeStart" | typeof DECIDED_MEANWHILE;

export async function recordSupervision(picture: YearPicture, heldOn: string, actor: Actor): Promise<FieldResult<SupervisionError, "heldOn">> {
  if (beforeTheYear(picture, heldOn)) return refusedAt("heldOn", "supervision.errors.beforeStart");
  const row = await withAudit(async (trx) => {
    if (!(await stillOpen(trx, picture.year.id))) return decidedMeanwhile;
    const [inserted] = await trx
      .insertInto("asye_supervision")
      .values({ year_id: picture.year.id, held_on: heldOn, recorded_by: actor.personId, created_at: stamp() })
      .onConflict((oc) => oc.columns(["year_id", "held_on"]).doNothing())
      .returning("id")
      .execute();
    if (inserted) await recordAudit(actor, { action: "asye.supervision.recorded", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, after: { heldOn } }, asHost(trx));
    return inserted;
  });
  if (row === decidedMeanwhile) return refusedAt("heldOn", DECIDED_MEANWHILE);
  if (!row) return refusedAt("heldOn", "supervision.errors.already");
  return { ok: true, id: row.id };
}

export interface LeaveInput {
  startsOn: string;
  endsOn: string;
  reason: string;
}

/**
 * Long leave stretches the year, and has no key of its own (a longer absence is recorded as further
 * periods): like evidence, a second send of the same form finds its token claimed, adds nothing and is
 * answered as saved.
 */
export async function recordLeave(picture: YearPicture, input: LeaveInput, actor: Actor, formToken: string | null = null): Promise<FieldResult<"leave.errors.beforeStart" | typeof DECIDED_MEANWHILE, "startsOn">> {
  // Leave before the year began does not extend it.
  if (beforeTheYear(picture, input.startsOn)) return refusedAt("startsOn", "leave.errors.beforeStart");
  const id = await withAudit(async (trx) => {
    // Before the token is claimed, as for evidence. Leave on a decided year would move the end it was decided at.
    if (!(await stillOpen(trx, picture.year.id))) return decidedMeanwhile;
    if (!(await claimFormToken(asHost(trx), formToken))) return undefined;
    const [row] = await trx
      .insertInto("asye_leave")
      .values({ year_id: picture.year.id, starts_on: input.startsOn, ends_on: input.endsOn, reason: input.reason, recorded_by: actor.personId, created_at: stamp() })
      .returning("id")
      .execute();
    await recordAudit(actor, { action: "asye.leave.recorded", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, after: input }, asHost(trx));
    return row.id;
  });
  if (id === decidedMeanwhile) return refusedAt("startsOn", DECIDED_MEANWHILE);
  return { ok: true, id };
}

export const isOpen = (picture: YearPicture) => picture.status === "in_progress" || picture.status === "awaiting_decision";

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
