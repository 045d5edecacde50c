// Applications: eligibility a person can read, the manager's support, panel scores totalled and ranked,
// and the applicant's answer to an offer. The panel's decision, which gives the offer, is decide.server.ts.
import type { Kysely } from "kysely";
import type { Eligibility } from "../../sdk";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { managedOnPortal, managerCanAct } from "../../../app/services/manager-on-portal.server";
import { chunks } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { withdrawUnderLock } from "../../../app/services/enrolment.server";
import { addNotice } from "../../../app/services/notices.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageWindow } from "../../../app/utils/paging.server";
import { CRITERIA, PLUGIN_ID, type ApprenticeshipSettings, type Decision, type QualificationState } from "../programme";
import { holdsPlaceElsewhere } from "./current-place.server";
import { apprenticeshipDb, type ApprenticeshipDatabase } from "./db.server";
import type { Intake } from "./intakes.server";
import { applicationCount, rankedApplicationRows } from "./ranking.server";

export interface ApplicationInput {
  statement: string;
  currentRole: string;
  serviceMonths: number;
  english: QualificationState;
  maths: QualificationState;
}

/**
 * Whether an application meets the rules, and every reason it does not, for the applicant to read. Level 2
 * English and maths are asked for only while the settings say so: the university sets its own entry criteria.
 * Support still to come is worded for `supportBy`, who records it.
 */
export function applicationEligibility(
  application: { service_months: number; english: QualificationState; maths: QualificationState; manager_support: string },
  settings: Pick<ApprenticeshipSettings, "minServiceMonths" | "requireLevel2English" | "requireLevel2Maths">,
  supportBy: SupportRecorder = "manager",
): Eligibility & { reasons: string[] } {
  const reasons: string[] = [];
  if (application.service_months < settings.minServiceMonths) reasons.push("eligibility.service");
  if (settings.requireLevel2English && application.english === "none") reasons.push("eligibility.english");
  if (settings.requireLevel2Maths && application.maths === "none") reasons.push("eligibility.maths");
  if (application.manager_support === "withheld") reasons.push("eligibility.managerWithheld");
  // Support L&D record is waiting for them, not for a manager who cannot act on the portal.
  if (application.manager_support === "pending") reasons.push(supportBy === "manager" ? "eligibility.managerPending" : "eligibility.learningTeamPending");
  return { eligible: reasons.length === 0, reasonKey: reasons[0] ?? "eligibility.met", values: { months: settings.minServiceMonths, count: settings.minServiceMonths }, reasons };
}

export async function applicationOf(intakeId: number, personId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  return executor.selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intakeId).where("person_id", "=", personId).executeTakeFirst();
}

export async function applicationById(id: number) {
  return apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("people as p", "p.id", "a.person_id")
    .selectAll("a")
    .select(["p.given_name", "p.family_name", "p.line_manager_id", "p.employee_number"])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

export async function applicationsOfPerson(personId: number) {
  return apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
    .innerJoin("cohorts as c", "c.id", "i.cohort_id")
    .leftJoin("enrolments as e", "e.id", "a.enrolment_id")
    .selectAll("a")
    .select(["c.name as intake_name", "c.starts_on", "i.university", "e.status as enrolment_status"])
    .where("a.person_id", "=", personId)
    .orderBy("c.starts_on", "desc")
    .execute();
}

/** Whether the applicant may still change their application: not once the panel has shortlisted or decided it. */
export const openToChange = (application: { decision: Decision | null; shortlisted: number }) => !application.decision && !application.shortlisted;

export type ApplyResult = { ok: true; supportBy: SupportRecorder } | { ok: false; error: "apply.errors.decided" | "apply.errors.holdsPlace" };

/**
 * Takes a new application or a change to one, and answers whether it could: not once it is shortlisted or
 * decided, nor from someone who already holds a place on another intake. The intake's lock is held as
 * shortlisting and decisions hold it, from reading whether the application is still open to change to
 * writing it, so one shortlisted or decided meanwhile (or a second submit at once) is seen and refused, not
 * written over. The place is read under the person's lock too, as another intake's panel takes it to give
 * them a place (`holdsPlaceElsewhere`): a place given at the same moment is either seen, and the application
 * refused, or given after the application is written, never between the check and the write. It answers who
 * will record the manager's support, decided under the same lock as the application is written and audited
 * with it (as the core's place requests answer their decider), so the applicant is told what was decided,
 * not what a second look finds.
 */
export async function apply(intake: Intake, personId: number, input: ApplicationInput, actor: Actor): Promise<ApplyResult> {
  const now = new Date().toISOString();
  const values = { statement: input.statement, current_role: input.currentRole, service_months: input.serviceMonths, english: input.english, maths: input.maths, updated_at: now };
  // A changed application is a new one to the manager: their earlier answer was about the old one.
  const fresh = { manager_support: "pending" as const, manager_reason: null, manager_id: null, manager_decided_at: null };
  return withCohortLock(intake.cohort_id, async (trx): Promise<ApplyResult> => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const before = await applicationOf(intake.id, personId, tables);
    if (before && !openToChange(before)) return { ok: false, error: "apply.errors.decided" };
    if (await holdsPlaceElsewhere(tables, personId, intake.cohort_id)) return { ok: false, error: "apply.errors.holdsPlace" };
    const supportBy: SupportRecorder = (await managerCanAct(personId, trx)) ? "manager" : "learning_development";
    await tables
      .insertInto("apprenticeship_applications")
      .values({ intake_id: intake.id, person_id: personId, ...values, ...fresh, shortlisted: 0, created_at: now })
      .onConflict((oc) => oc.columns(["intake_id", "person_id"]).doUpdateSet({ ...values, ...fresh }))
      .execute();
    // As the core's place requests do, the entry says when the support is L&D's to record.
    const after = supportBy === "learning_development" ? { ...values, supportBy } : values;
    await recordAudit(actor, { action: before ? "apprenticeship.application.updated" : "apprenticeship.application.submitted", subjectType: "apprenticeship_intake", subjectId: intake.id, personId, before, after }, trx);
    return { ok: true, supportBy };
  });
}

/** Whether the manager's answer may still change: not once the panel has shortlisted or decided the application. */
export const openToSupport = (application: { decision: Decision | null; shortlisted: number }) => !application.decision && !application.shortlisted;

/** Who records the manager's support: the manager, or L&D when nobody on the applicant's line can act on the portal. */
export type SupportRecorder = "manager" | "learning_development";

/**
 * Of these applicants, those whose support L&D record: nobody on their line can act on the portal. Asked a
 * chunk of people at a time, never once a person, so a list of applications costs the same few queries.
 */
export async function supportByLearningTeam(personIds: number[]): Promise<Set<number>> {
  const managed = new Set<number>();
  for (const ids of chunks([...new Set(personIds)])) {
    for (const row of await managedOnPortal(db(), ids).execute()) managed.add(row.person_id);
  }
  return new Set(personIds.filter((id) => !managed.has(id)));
}

/** The manager's support as an application holds it: what recording it writes over. */
const SUPPORT_COLUMNS = ["manager_support", "manager_reason", "manager_id", "manager_decided_at"] as const;

/** A manager's answer, and the application as the page they answered on showed it (its `updated_at`). */
export interface SupportAnswer {
  support: "given" | "withheld";
  reason: string | null;
  shown: string;
}

export type SupportResult =
  | { ok: true }
  | { ok: false; error: "support.errors.decided" | "support.errors.managerDecides" }
  | { ok: false; error: "support.errors.changedMeanwhile"; now: string };

/**
 * The manager's support given or withheld, and whether it could be: not once the panel has shortlisted or
 * decided the application, nor by L&D once a manager on the line can act, nor when the applicant has changed
 * it since the page was shown (`shown`, its `updated_at` then): support is for the statement the manager
 * read, and a change makes it a new application. The intake's lock is held as shortlisting, decisions and
 * the applicant's changes hold it, from those checks to writing it, so any of them made meanwhile is seen
 * and the support refused, not written over. The same answer and reason sent again (a second click) is
 * taken as saved and changes nothing: no second event or notice.
 */
export async function recordSupport(applicationId: number, personId: number, answer: SupportAnswer, actor: Actor, by: SupportRecorder = "manager"): Promise<SupportResult> {
  const { support, reason } = answer;
  const cohortId = await cohortOfApplication(applicationId);
  if (cohortId === undefined) return { ok: false, error: "support.errors.decided" };
  const values = { manager_support: support, manager_reason: reason, manager_id: actor.personId, manager_decided_at: new Date().toISOString() };
  return withCohortLock(cohortId, async (trx): Promise<SupportResult> => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const current = await tables.selectFrom("apprenticeship_applications").select(["decision", "shortlisted", "updated_at", ...SUPPORT_COLUMNS]).where("id", "=", applicationId).executeTakeFirst();
    if (!current || !openToSupport(current)) return { ok: false, error: "support.errors.decided" };
    if (by === "learning_development" && (await managerCanAct(personId, trx))) return { ok: false, error: "support.errors.managerDecides" };
    if (current.updated_at !== answer.shown) return { ok: false, error: "support.errors.changedMeanwhile", now: current.updated_at };
    if (current.manager_support === support && current.manager_reason === reason) return { ok: true };
    await tables.updateTable("apprenticeship_applications").set(values).where("id", "=", applicationId).execute();
    // The answer replaced is kept in the entry: a manager changing their mind loses nothing they said.
    const before = { manager_support: current.manager_support, manager_reason: current.manager_reason, manager_id: current.manager_id, manager_decided_at: current.manager_decided_at };
    // L&D's entry says why it was theirs to record, as the core's place requests do.
    const after = by === "learning_development" ? { ...values, decider: by, why: "no_manager_on_portal" } : values;
    await recordAudit(actor, { action: `apprenticeship.support.${support}`, subjectType: "apprenticeship_application", subjectId: applicationId, personId, before, after }, trx);
    const messageKey = `notices.${by === "learning_development" ? "learningTeamSupport" : "support"}.${support}`;
    await addNotice({ personId, source: PLUGIN_ID, messageKey, values: { reason: reason ?? "" }, href: `/programmes/${PLUGIN_ID}` }, trx);
    return { ok: true };
  });
}

/** The cohort behind an application's intake, whose lock guards its changes; an application never moves intake. */
async function cohortOfApplication(applicationId: number) {
  const row = await apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
    .select("i.cohort_id")
    .where("a.id", "=", applicationId)
    .executeTakeFirst();
  return row?.cohort_id;
}

/**
 * Whether shortlisting was done (`changed` false when the application was already where it was asked to be),
 * or refused as decided, or as no longer eligible.
 */
export type ShortlistResult = { ok: true; changed: boolean } | { ok: false; reason: "decided" | "notEligible" };

/**
 * Puts an application on the shortlist or takes it off, and answers whether it could: not once it is
 * decided, when the decision has already used the shortlist, nor onto it (given `rules`) once it no longer
 * meets them, say support withheld since the page was shown. The intake's lock is held as decide and the
 * manager's support hold it, so a decision cannot be made on a shortlist place taken away at the same
 * moment, nor support withdrawn unseen. Asking for what is already so (a resend, or two of L&D at once) is
 * done all the same: nothing is written, no second event.
 */
export async function setShortlisted(application: { id: number; personId: number }, cohortId: number, shortlisted: boolean, actor: Actor, rules?: ApprenticeshipSettings): Promise<ShortlistResult> {
  const value = shortlisted ? 1 : 0;
  return withCohortLock(cohortId, async (trx): Promise<ShortlistResult> => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const current = await tables.selectFrom("apprenticeship_applications").select(["decision", "shortlisted", "service_months", "english", "maths", "manager_support"]).where("id", "=", application.id).executeTakeFirst();
    if (!current || current.decision) return { ok: false, reason: "decided" };
    if (shortlisted && current.shortlisted !== 1 && rules && !applicationEligibility(current, rules).eligible) return { ok: false, reason: "notEligible" };
    const changed = await tables
      .updateTable("apprenticeship_applications")
      .set({ shortlisted: value })
      .where("id", "=", application.id)
      .where("decision", "is", null)
      .where("shortlisted", "=", 1 - value)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return { ok: true, changed: false };
    const event = { subjectType: "apprenticeship_application", subjectId: application.id, personId: application.personId, before: { shortlisted: current.shortlisted }, after: { shortlisted: value } };
    await recordAudit(actor, { action: shortlisted ? "apprenticeship.shortlisted" : "apprenticeship.unshortlisted", ...event }, trx);
    return { ok: true, changed: true };
  });
}

export interface ScoreInput {
  values: number;
  experience: number;
  potential: number;
  comment: string | null;
}

export type ScoreResult = { ok: true } | { ok: false; error: "panel.errors.notShortlisted" | "panel.errors.decided" };

/**
 * A panel member's score for a shortlisted application, and whether it could be taken: not once the
 * application is decided, when the scores have done their work, nor off the shortlist. The intake's lock is
 * held as decisions and shortlisting hold it, from reading the application to writing the score, so a
 * decision made while the score was typed is seen and the score refused, not added after it.
 */
export async function recordScore(applicationId: number, personId: number, score: ScoreInput, actor: Actor): Promise<ScoreResult> {
  const cohortId = await cohortOfApplication(applicationId);
  if (cohortId === undefined) return { ok: false, error: "panel.errors.notShortlisted" };
  const values = { values_score: score.values, experience_score: score.experience, potential_score: score.potential, comment: score.comment, scored_at: new Date().toISOString() };
  return withCohortLock(cohortId, async (trx): Promise<ScoreResult> => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const current = await tables.selectFrom("apprenticeship_applications").select(["decision", "shortlisted"]).where("id", "=", applicationId).executeTakeFirstOrThrow();
    if (current.decision) return { ok: false, error: "panel.errors.decided" };
    if (current.shortlisted !== 1) return { ok: false, error: "panel.errors.notShortlisted" };
    // The panel member's earlier score, which this one replaces, is kept in the entry.
    const before = await tables
      .selectFrom("apprenticeship_scores")
      .select(["values_score", "experience_score", "potential_score", "comment", "scored_at"])
      .where("application_id", "=", applicationId)
      .where("panel_member_id", "=", actor.personId!)
      .executeTakeFirst();
    await tables
      .insertInto("apprenticeship_scores")
      .values({ application_id: applicationId, panel_member_id: actor.personId!, ...values })
      .onConflict((oc) => oc.columns(["application_id", "panel_member_id"]).doUpdateSet(values))
      .execute();
    await recordAudit(actor, { action: "apprenticeship.scored", subjectType: "apprenticeship_application", subjectId: applicationId, personId, before, after: values }, trx);
    return { ok: true };
  });
}

export interface RankedApplication {
  id: number;
  personId: number;
  name: string;
  shortlisted: boolean;
  panelists: number;
  /** The mean of each panel member's total across the criteria (out of 5 per criterion). */
  total: number | null;
  perCriterion: Record<(typeof CRITERIA)[number], number | null>;
  rank: number | null;
  decision: Decision | null;
  /** The place the decision gave (an offer or a reserve's), which L&D may withdraw. */
  enrolmentId: number | null;
  enrolmentStatus: string | null;
  response: "accepted" | "declined" | null;
  managerSupport: string;
  eligible: boolean;
}

/** Applications a page of the intake's list shows: an intake gathers hundreds. */
export const APPLICATIONS_PAGE_SIZE = 25;

type RankedRow = Awaited<ReturnType<ReturnType<typeof rankedApplicationRows>["execute"]>>[number];

/** A mean kept in tenths by the database, as the page shows it (one decimal place). */
const fromTenths = (tenths: number | string | null) => (tenths === null ? null : Number(tenths) / 10);

function asRanked(a: RankedRow, settings: ApprenticeshipSettings): RankedApplication {
  return {
    id: a.id,
    personId: a.person_id,
    name: `${a.given_name} ${a.family_name}`,
    shortlisted: a.shortlisted === 1,
    panelists: Number(a.panelists ?? 0),
    total: fromTenths(a.total_tenths),
    perCriterion: { values: fromTenths(a.values_tenths), experience: fromTenths(a.experience_tenths), potential: fromTenths(a.potential_tenths) },
    rank: a.rank === null ? null : Number(a.rank),
    decision: a.decision,
    enrolmentId: a.enrolment_id,
    enrolmentStatus: a.enrolment_status,
    response: a.response,
    managerSupport: a.manager_support,
    eligible: applicationEligibility(a, settings).eligible,
  };
}

/** Every application to an intake, scored and ranked: highest total first, shortlisted and scored only. */
export async function rankedApplications(intakeId: number, settings: ApprenticeshipSettings): Promise<RankedApplication[]> {
  return (await rankedApplicationRows(intakeId).execute()).map((a) => asRanked(a, settings));
}

/**
 * One application as the intake's list ranks it, reading only that one: the intake's ranked rows
 * (`rankedApplicationRows`, so the rank is the one the list shows) as a subquery filtered by id, not every
 * application of the intake handed back to pick it out. The rank is worked out over the whole intake inside
 * the database before the filter (a window's rows are never narrowed by a filter outside it).
 */
export async function rankedApplication(intakeId: number, applicationId: number, settings: ApprenticeshipSettings): Promise<RankedApplication | undefined> {
  const row = await apprenticeshipDb().selectFrom(rankedApplicationRows(intakeId).clearOrderBy().as("r")).selectAll().where("r.id", "=", applicationId).executeTakeFirst();
  return row && asRanked(row, settings);
}

/** One page of an intake's applications in the same order, with how many there are (a page past the end shows the last). */
export async function rankedApplicationsPage(intakeId: number, settings: ApprenticeshipSettings, page: number) {
  const total = await applicationCount(intakeId);
  const shown = pageWindow(total, page, APPLICATIONS_PAGE_SIZE);
  const rows = await rankedApplicationRows(intakeId).limit(shown.limit).offset(shown.offset).execute();
  return { applications: rows.map((a) => asRanked(a, settings)), total, page: shown.page, pageCount: shown.pageCount };
}

/**
 * Whether the intake's degree has begun (London's date): a place declined from then on is not offered to
 * the first reserve, who would join a programme already running. The reserve list stays as it is for L&D
 * to decide.
 */
async function intakeStarted(tables: Kysely<ApprenticeshipDatabase>, cohortId: number) {
  const cohort = await tables.selectFrom("cohorts").select("starts_on").where("id", "=", cohortId).executeTakeFirstOrThrow();
  return cohort.starts_on <= londonToday();
}

/**
 * The applicant accepts or declines their offer; declining before the intake starts frees the place for
 * the first reserve. The intake's lock is held from reading the response to writing it, so an accept and
 * a decline sent at once (two tabs) cannot both be taken. An offer is not accepted while the person holds
 * a place on another intake (`holdsPlaceElsewhere`, under their lock, as a decision reads it): the engine
 * gives a freed place to the first reserve without asking the plugin, so a reserve here who was offered a
 * place elsewhere can come to hold both, and accepting both would make them two apprentices owing hours
 * twice. They decline the one they do not want, then accept the other. Declining is always taken.
 */
export async function respond(application: { id: number; person_id: number; enrolment_id: number | null }, accept: boolean, actor: Actor) {
  const enrolmentId = application.enrolment_id;
  if (!enrolmentId) return { ok: false as const, error: "offer.errors.none" };
  const place = await apprenticeshipDb().selectFrom("enrolments").select("cohort_id").where("id", "=", enrolmentId).executeTakeFirst();
  if (!place) return { ok: false as const, error: "offer.errors.none" };
  return withCohortLock(place.cohort_id, async (trx) => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const current = await tables.selectFrom("apprenticeship_applications").select("response").where("id", "=", application.id).executeTakeFirstOrThrow();
    const enrolment = await tables.selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow();
    if (current.response || enrolment.status !== "enrolled") return { ok: false as const, error: "offer.errors.none" };
    if (accept && (await holdsPlaceElsewhere(tables, application.person_id, place.cohort_id))) return { ok: false as const, error: "offer.errors.holdsPlace" };
    // No reason stored on the place: a fixed English sentence would reach a Welsh person's download as it
    // is, and the application's response and its audit event already say the offer was declined.
    if (!accept) await withdrawUnderLock(trx, enrolmentId, null, actor, { promote: !(await intakeStarted(tables, place.cohort_id)) });
    const response = accept ? "accepted" : "declined";
    await tables.updateTable("apprenticeship_applications").set({ response, updated_at: new Date().toISOString() }).where("id", "=", application.id).execute();
    await recordAudit(actor, { action: `apprenticeship.offer.${response}`, subjectType: "apprenticeship_application", subjectId: application.id, personId: application.person_id }, trx);
    return { ok: true as const };
  });
}
