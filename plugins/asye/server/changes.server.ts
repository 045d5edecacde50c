// The changes L&D, managers, assessors and supervisors make to an ASYE year's record: its start, reviews,
// evidence, supervision and leave. Each is audited in the same transaction as the change, as are the
// notices telling the worker their year started (and its assessor and supervisor that they hold it); each
// checks the state it needs, and nobody records anything on their own year. The recommendation and the
// decision are in decisions.server.ts; the year's lock, which both take first, in year-lock.server.ts.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { addNotices } from "../../../app/services/notices.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { londonToday } from "../../../app/utils/london-time";
import { ASYE_STAGE, PLUGIN_ID, type EvidenceKind, type ReviewOutcome } from "../programme";
import { asyeDb } from "./db.server";
import { newHolderNotices } from "./reassign-notices.server";
import { refusedRoles, roleRefusal, type RoleRefusal } from "./roles.server";
import { reviewOpensOn } from "./schedule";
import { asyeSettings, settingsKeptByAYear } from "./settings.server";
import { asHost, stamp, stillOpen, withAudit, type ChangeResult } from "./year-lock.server";
import type { YearPicture } from "./years.server";

// The recommendation and decision were made here before; their callers may still import them from here.
export { decide, recommend } from "./decisions.server";

export interface StartInput {
  personId: number;
  startsOn: string;
  assessorId: number;
  supervisorId: number;
}

type StartError = "start.errors.notAsye" | "start.errors.already" | `start.errors.${RoleRefusal}` | "start.errors.beforeQualified";
type StartField = "startsOn" | "assessor" | "supervisor";
/** A refusal that concerns the start date, assessor or supervisor given carries its errors by field, for the form to show there. */
export type StartResult = ChangeResult<StartError> & { fieldErrors?: Partial<Record<StartField, string[]>> };

/**
 * Starts the year of someone at the ASYE stage who has none yet, on or after the day they qualified (when
 * that is recorded): the ASYE is the newly qualified's first year. Their assessor and supervisor are
 * qualified social workers other than the worker, neither still in their own ASYE.
 */
export async function startYear(input: StartInput, actor: Actor): Promise<StartResult> {
  const person = await asyeDb().selectFrom("people").select(["career_stage", "fte", "qualification_date", "given_name", "family_name"]).where("id", "=", input.personId).executeTakeFirst();
  if (person?.career_stage !== ASYE_STAGE) return { ok: false, error: "start.errors.notAsye" };
  if (person.qualification_date && input.startsOn < person.qualification_date) return { ok: false, error: "start.errors.beforeQualified", fieldErrors: { startsOn: ["start.errors.beforeQualified"] } };
  const roleErrors = await refusedRoles({ workerId: input.personId, assessorId: input.assessorId, supervisorId: input.supervisorId });
  if (Object.keys(roleErrors).length > 0) return { ok: false, error: `start.errors.${roleRefusal(roleErrors)}`, fieldErrors: roleErrors };
  if (actor.personId === input.personId) return { ok: false, error: "start.errors.self" };
  // The year keeps the rules it starts with (its review months, evidence counts, supervision cadence and
  // long-leave threshold): L&D changing them later changes the years started from then on, not this one.
  const settings = await asyeSettings();
  const ninthMonthReview = settings.ninthMonthReview ? 1 : 0;
  const kept = settingsKeptByAYear(settings);
  const now = stamp();
  const row = await withAudit(async (trx) => {
    const [inserted] = await trx
      .insertInto("asye_years")
      .values({ person_id: input.personId, starts_on: input.startsOn, assessor_id: input.assessorId, supervisor_id: input.supervisorId, fte: person.fte, ninth_month_review: ninthMonthReview, settings_json: JSON.stringify(kept), created_by: actor.personId, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column("person_id").doNothing())
      .returning("id")
      .execute();
    if (!inserted) return undefined;
    await recordAudit(actor, { action: "asye.year.started", subjectType: "asye_year", subjectId: inserted.id, personId: input.personId, after: { ...input, settings: { ...kept, ninthMonthReview } } }, asHost(trx));
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

const isFinalReview = (picture: YearPicture, month: number) => month === picture.schedule.reviews[picture.schedule.reviews.length - 1].month;

/**
 * Which length of the year a review is of: the weeks of extension the year had as its form read it. An
 * extension asks for a fresh final review, of the extended year, so the final review is kept once for each
 * extension (each adds a week or more); the other reviews are of months before the first end, kept once.
 * Read from the page's year, not the locked row: the date was checked against that year, and a review
 * sent from a page read before an extension is the unextended year's, refused if that one is recorded.
 */
const extensionOf = (picture: YearPicture, month: number) => (isFinalReview(picture, month) ? picture.year.extension_weeks : 0);

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
  const final = isFinalReview(picture, input.month);
  if (final && year.decision === "extend" && year.decided_on && input.heldOn < year.decided_on) return "review.errors.beforeExtension";
  if (input.heldOn < reviewOpensOn(year.starts_on, schedule, input.month)) return final ? "review.errors.finalTooEarly" : "review.errors.tooEarly";
  return null;
}

export async function recordReview(picture: YearPicture, input: ReviewInput, actor: Actor): Promise<FieldResult<ReviewError, "month" | "heldOn">> {
  if (!picture.reviews.some((r) => r.month === input.month)) return refusedAt("month", "review.errors.month");
  const dateError = reviewDateError(picture, input);
  if (dateError) return refusedAt("heldOn", dateError);
  const extensionWeeks = extensionOf(picture, input.month);
  const row = await withAudit(async (trx) => {
    if (!(await stillOpen(trx, picture.year.id))) return decidedMeanwhile;
    // A review already recorded of this month (of this length of the year, for the final one) is kept, and this one refused.
    const [inserted] = await trx
      .insertInto("asye_reviews")
      .values({ year_id: picture.year.id, review_month: input.month, extension_weeks: extensionWeeks, held_on: input.heldOn, outcome: input.outcome, note: input.note, recorded_by: actor.personId, created_at: stamp() })
      .onConflict((oc) => oc.columns(["year_id", "review_month", "extension_weeks"]).doNothing())
      .returning("id")
      .execute();
    if (inserted) await recordAudit(actor, { action: "asye.review.recorded", subjectType: "asye_year", subjectId: picture.year.id, personId: picture.year.person_id, after: { ...input, extensionWeeks } }, asHost(trx));
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
