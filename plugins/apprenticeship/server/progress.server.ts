// Apprentices and how they are doing, for many at once: off-the-job hours against the weekly minimum,
// practice days, progress reviews (every twelve weeks by default) and completion. A few queries in all.
import { sql } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { chunks } from "../../../app/services/readiness.server";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { pageWindow } from "../../../app/utils/paging.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { peopleKey, readOncePerRequest } from "../../../app/utils/request-memo.server";
import { PLUGIN_ID, PRACTICE_KINDS, type ApprenticeshipSettings, type PracticeKind } from "../programme";
import { completionLock, hasRegistered } from "./completion.server";
import { apprenticeshipDb, asHostDb, type ApprenticeshipTables } from "./db.server";
import { addMonths } from "./ledger.server";
import { offerAcceptedAt, owedFrom, type PlaceHeld } from "./owed-from.server";
import { apprenticeshipSettings } from "./settings.server";

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** The Monday of the week a day falls in. */
export function weekOf(iso: string) {
  const date = new Date(`${iso}T00:00:00Z`);
  return plusDays(iso, -((date.getUTCDay() + 6) % 7));
}

/**
 * Off-the-job minutes a week, by the rules for starts from August 2022: the full-time baseline (6 hours) for
 * anyone contracted `fullTimeFromHours` (30) or more a week, and below that a share (20%) of their contracted
 * hours (FTE times the full-time week, `fullTimeHours`), never more than the baseline: nobody owes more for
 * working fewer hours. With the defaults the two meet at 30 hours (20% of 30 is 6), so the requirement rises
 * smoothly with the hours worked up to the baseline.
 */
export function weeklyRequirement(fte: number, settings: Pick<ApprenticeshipSettings, "fullTimeHours" | "fullTimeFromHours" | "otjFullTimeHours" | "otjPartTimePercent">) {
  const baseline = settings.otjFullTimeHours * 60;
  const contracted = fte * settings.fullTimeHours * 60;
  if (contracted >= settings.fullTimeFromHours * 60) return baseline;
  return Math.min(baseline, Math.round((contracted * settings.otjPartTimePercent) / 100));
}

export interface Compliance {
  requiredPerWeek: number;
  weeks: number;
  expected: number;
  logged: number;
  /** Minutes behind the running requirement; 0 when on track. */
  behind: number;
}

/** The running requirement: completed weeks since the start times the weekly minimum, against what was logged. */
export function compliance(startsOn: string, fte: number, logged: number, today: string, settings: ApprenticeshipSettings): Compliance {
  const requiredPerWeek = weeklyRequirement(fte, settings);
  const weeks = today > startsOn ? Math.floor(days(startsOn, today) / 7) : 0;
  const expected = weeks * requiredPerWeek;
  return { requiredPerWeek, weeks, expected, logged, behind: Math.max(0, expected - logged) };
}

export function reviewDue(startsOn: string, lastReview: string | null, settings: Pick<ApprenticeshipSettings, "reviewWeeks">) {
  return plusDays(lastReview ?? startsOn, settings.reviewWeeks * 7);
}

export interface Apprentice {
  personId: number;
  name: string;
  employeeNumber: string;
  lineManagerId: number | null;
  cohort: string;
  startsOn: string;
  /** When hours and reviews are owed from: the start, or when they were given their place or accepted its offer if later (`owedFrom`). */
  owedFrom: string;
  fte: number;
  compliance: Compliance;
  lastReview: string | null;
  reviewDue: string;
  reviewOverdue: boolean;
  practice: { kind: PracticeKind; done: number; required: number; setting: string | null }[];
  completion: ApprenticeshipTables["apprenticeship_completions"] | null;
}

async function inChunks<T>(ids: number[], read: (batch: number[]) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(chunks(ids).map(read))).flat();
}

/**
 * Current and completed apprentices (on an apprenticeship cohort), optionally only these people. /team
 * asks three times for the same people (its card, readiness and the manager's inbox), so a page request
 * reads them once; callers only read what they are given.
 */
export function apprentices(personIds?: number[], now = new Date()): Promise<Apprentice[]> {
  return readOncePerRequest(`${PLUGIN_ID}:apprentices:${personIds ? peopleKey(personIds) : "all"}`, () => readApprentices(personIds, now));
}

/** The places that make someone an apprentice: held now, or completed. */
const HELD_PLACES = ["enrolled", "completed"] as const;

/**
 * Whether the place `enrolmentId` names is an offer its applicant has not accepted: the panel's offer (or a
 * place come free to a reserve) holds the place for them, but they are not an apprentice until they accept
 * it, however long after the start. A place L&D gave on the cohort's page has no application to answer.
 * Who left the apprenticeship (payees.server.ts) is told apart by it too.
 */
export const unansweredOffer = (enrolmentId: "e.id" | "later.id") =>
  sql<boolean>`exists (select 1 from apprenticeship_applications as offer where offer.enrolment_id = ${sql.ref(enrolmentId)} and offer.response is null)`;

/**
 * Apprentices: holding (an offer accepted, or a place L&D gave) or completed a place on an apprenticeship
 * cohort that has started, one row a person. Someone holding places on two intakes (moved to a new intake,
 * still holding the old one's place) is one apprentice, on the intake that started most recently (the later
 * place on the same day), as `currentApprenticeship` picks: counted, listed and asked for hours and reviews
 * once, not once a place.
 */
export function enrolledApprentices(today: string) {
  return apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("apprenticeship_completions as done", "done.person_id", "p.id")
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", HELD_PLACES)
    .where("c.starts_on", "<=", today)
    .where(({ not }) => not(unansweredOffer("e.id")))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("enrolments as later")
            .innerJoin("cohorts as lc", "lc.id", "later.cohort_id")
            .select("later.id")
            .whereRef("later.person_id", "=", "e.person_id")
            .where("lc.programme_id", "=", PLUGIN_ID)
            .where("later.status", "in", HELD_PLACES)
            .where("lc.starts_on", "<=", today)
            .where(({ not }) => not(unansweredOffer("later.id")))
            .where((eb) => eb.or([eb("lc.starts_on", ">", eb.ref("c.starts_on")), eb.and([eb("lc.starts_on", "=", eb.ref("c.starts_on")), eb("later.id", ">", eb.ref("e.id"))])])),
        ),
      ),
    );
}

export type EnrolledQuery = ReturnType<typeof enrolledApprentices>;

const APPRENTICE_COLUMNS = ["p.id", "p.given_name", "p.family_name", "p.employee_number", "p.line_manager_id", "p.fte", "c.name as cohort", "c.starts_on", "c.ends_on", "e.status as place_status", "e.updated_at as place_changed_at"] as const;

/** What an apprentice's row shows: `APPRENTICE_COLUMNS`, and when the offer that gave their place was accepted, for `owedFrom`. */
const apprenticeColumns = (query: EnrolledQuery) => query.select(APPRENTICE_COLUMNS).select(offerAcceptedAt.as("offer_accepted_at"));

/** Current apprentices are those not yet registered as social workers, the apprenticeship's end here. */
export type ApprenticeStanding = "current" | "completed";

const onlyThose = (standing: ApprenticeStanding) => (query: EnrolledQuery) => query.where("done.registered_on", standing === "current" ? "is" : "is not", null);

const byName = (query: EnrolledQuery) => query.orderBy("p.family_name").orderBy("p.given_name");

async function readApprentices(personIds: number[] | undefined, now: Date): Promise<Apprentice[]> {
  // London's date: from midnight to 1am in summer UTC's is still yesterday, so a week just completed
  // went unowed and a review due yesterday was not yet overdue.
  const today = londonToday(now);
  const query = enrolledApprentices(today).$call(byName).$call(apprenticeColumns);
  const ids = personIds ? [...new Set(personIds)] : undefined;
  if (ids && ids.length === 0) return [];
  const rows = [];
  for (const batch of ids ? chunks(ids) : [undefined]) {
    rows.push(...(await (batch ? query.where("p.id", "in", batch) : query).execute()));
  }
  return withProgress(rows, today);
}

type ApprenticeRow = PlaceHeld & { id: number; given_name: string; family_name: string; employee_number: string; line_manager_id: number | null; fte: number; cohort: string; ends_on: string };

/** Hours, reviews, practice and completion for these apprentices: four queries, however many there are. */
async function withProgress(rows: ApprenticeRow[], today: string): Promise<Apprentice[]> {
  if (rows.length === 0) return [];
  const settings = await apprenticeshipSettings();
  const found = [...new Set(rows.map((r) => r.id))];
  const [otj, reviews, practice, completions] = await Promise.all([
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_otj").select(["person_id", (eb) => eb.fn.sum<number>("minutes").as("minutes")]).where("person_id", "in", b).groupBy("person_id").execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_reviews").select(["person_id", (eb) => eb.fn.max("held_on").as("last")]).where("person_id", "in", b).groupBy("person_id").execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_practice").selectAll().where("person_id", "in", b).execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "in", b).execute()),
  ]);
  const minutesOf = new Map(otj.map((o) => [o.person_id, Number(o.minutes)]));
  const lastOf = new Map(reviews.map((r) => [r.person_id, r.last as string]));
  const completionOf = new Map(completions.map((c) => [c.person_id, c]));
  // Keyed by person and kind: searching every practice row for each apprentice grew with their square.
  const practiceOf = new Map(practice.map((p) => [`${p.person_id}:${p.kind}`, p]));
  return rows.map((r) => {
    const from = owedFrom(r);
    const due = reviewDue(from, lastOf.get(r.id) ?? null, settings);
    const completion = completionOf.get(r.id) ?? null;
    return {
      personId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      employeeNumber: r.employee_number,
      lineManagerId: r.line_manager_id,
      cohort: r.cohort,
      startsOn: r.starts_on,
      owedFrom: from,
      fte: r.fte,
      // Off-the-job hours stop being owed when the apprenticeship ends: at the degree, or the cohort's end.
      compliance: compliance(from, r.fte, minutesOf.get(r.id) ?? 0, [today, r.ends_on, completion?.degree_on ?? today].sort()[0], settings),
      lastReview: lastOf.get(r.id) ?? null,
      reviewDue: due,
      reviewOverdue: due < today && !completion?.registered_on,
      practice: (Object.keys(PRACTICE_KINDS) as PracticeKind[]).map((kind) => {
        const row = practiceOf.get(`${r.id}:${kind}`);
        return { kind, done: row?.days_completed ?? 0, required: PRACTICE_KINDS[kind], setting: row?.setting ?? null };
      }),
      completion,
    };
  });
}

/**
 * Of one person's rows from `apprentices()`, the apprenticeship they are on now: the intake that started most
 * recently, as their applications are listed. `apprentices()` already gives each person once, on that intake
 * (`enrolledApprentices`), so this picks the one row there is, or none.
 */
export function currentApprenticeship(rows: Apprentice[]): Apprentice | undefined {
  return rows.reduce<Apprentice | undefined>((latest, row) => (!latest || row.startsOn > latest.startsOn ? row : latest), undefined);
}

/** Apprentices shown a page at a time on /apprentices: completed ones are kept for good, so the list only grows. */
export const APPRENTICE_PAGE_SIZE = 25;

/** How many apprentices are current and how many have completed. */
export async function apprenticeCounts(now = new Date()): Promise<Record<ApprenticeStanding, number>> {
  const row = await enrolledApprentices(londonToday(now))
    .select((eb) => [eb.fn.countAll<number>().as("all"), eb.fn.count<number>("done.registered_on").as("completed")])
    .executeTakeFirstOrThrow();
  return { current: Number(row.all) - Number(row.completed), completed: Number(row.completed) };
}

/** One page of current or completed apprentices by name, with both counts (a page past the end shows the last). */
export async function apprenticePage(standing: ApprenticeStanding, page: number, now = new Date()) {
  const today = londonToday(now);
  const counts = await apprenticeCounts(now);
  const shown = pageWindow(counts[standing], page, APPRENTICE_PAGE_SIZE);
  const rows = await enrolledApprentices(today)
    .$call(onlyThose(standing))
    .$call(byName)
    // Enrolment id last, so people with the same name keep their places from page to page.
    .orderBy("p.id")
    .orderBy("e.id")
    .$call(apprenticeColumns)
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  return { apprentices: await withProgress(rows, today), page: shown.page, pageCount: shown.pageCount, counts };
}

/** Whether this person is an apprentice, current or completed: what a payment from the levy may be for. */
export async function isApprentice(personId: number, now = new Date()) {
  return Boolean(await enrolledApprentices(londonToday(now)).select("p.id").where("p.id", "=", personId).executeTakeFirst());
}

/** How long after registering an apprentice may still be paid for: a completion payment follows the end. */
export const PAYABLE_MONTHS_AFTER_REGISTRATION = 12;

/**
 * Who a payment can be recorded for on /funding: current apprentices, and those registered within the last
 * year, whose completion payment may still be due. Both are bounded by the intakes' places.
 */
export async function payableApprentices(now = new Date()) {
  const today = londonToday(now);
  const since = addMonths(today, -PAYABLE_MONTHS_AFTER_REGISTRATION);
  const rows = await enrolledApprentices(today)
    .where((eb) => eb.or([eb("done.registered_on", "is", null), eb("done.registered_on", ">=", since)]))
    .$call(byName)
    .orderBy("p.id")
    .select(["p.id", "p.given_name", "p.family_name", "done.registered_on"])
    .distinct()
    .execute();
  return rows.map((r) => ({ personId: r.id, name: `${r.given_name} ${r.family_name}`, completed: r.registered_on !== null }));
}

/** Apprentices' names by id, for the ledger's payments: only the people asked about. */
export async function apprenticeNames(personIds: number[]) {
  const ids = [...new Set(personIds)];
  const rows = await inChunks(ids, (b) => apprenticeshipDb().selectFrom("people").select(["id", "given_name", "family_name"]).where("id", "in", b).execute());
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

export async function weeklyLog(personId: number, weeks = 8, now = new Date()) {
  // London's week: just after midnight on a summer Monday, UTC's date is still Sunday, a week earlier.
  const since = plusDays(weekOf(londonToday(now)), -7 * (weeks - 1));
  const rows = await apprenticeshipDb().selectFrom("apprenticeship_otj").selectAll().where("person_id", "=", personId).where("week_of", ">=", since).orderBy("week_of", "desc").orderBy("id", "desc").execute();
  return { since, rows };
}

/**
 * Logs hours, unless the apprentice has registered as a social worker and so finished. The check and the
 * insert are one transaction under the completion's lock: checked before it, a registration recorded in
 * between would let hours be logged after the apprenticeship had ended. The form carrying `formToken`
 * sent again (a second click, a resend) logs nothing more, and is answered as logged.
 */
export async function logOffTheJob(personId: number, entry: { weekOf: string; minutes: number; activity: string }, actor: Actor, formToken: string | null = null): Promise<{ ok: true } | { ok: false; error: "otj.errors.finished" }> {
  const values = { person_id: personId, week_of: weekOf(entry.weekOf), minutes: entry.minutes, activity: entry.activity, created_at: new Date().toISOString() };
  return apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await holdTransactionLock(asHostDb(trx), completionLock(personId));
      if (await hasRegistered(personId, trx)) return { ok: false as const, error: "otj.errors.finished" as const };
      // Claimed once the form is taken: one refused as finished keeps its token, as a refused field does.
      if (!(await claimFormToken(asHostDb(trx), formToken))) return { ok: true as const };
      const [row] = await trx.insertInto("apprenticeship_otj").values(values).returning("id").execute();
      await recordAudit(actor, { action: "apprenticeship.otj.logged", subjectType: "apprenticeship_otj", subjectId: row.id, personId, after: values }, asHostDb(trx));
      return { ok: true as const };
    });
}

export async function practiceOf(personId: number) {
  return apprenticeshipDb().selectFrom("apprenticeship_practice").selectAll().where("person_id", "=", personId).execute();
}

/** Saving one kind of a person's practice learning takes this lock, so the entry read for the audit is the one written over. */
const practiceLock = (personId: number, kind: PracticeKind) => `apprenticeship-practice:${personId}:${kind}`;

/** What practice learning records, the columns a save writes over. */
const PRACTICE_COLUMNS = ["starts_on", "ends_on", "setting", "practice_educator", "days_completed"] as const;
type PracticeValues = Pick<ApprenticeshipTables["apprenticeship_practice"], (typeof PRACTICE_COLUMNS)[number]>;

/** Whether a save would change nothing: the entry recorded for this kind holds these values already. */
const samePractice = (before: PracticeValues | undefined, after: PracticeValues) => before !== undefined && PRACTICE_COLUMNS.every((column) => before[column] === after[column]);

/**
 * Records one kind of practice learning, replacing what was recorded for it. What it replaces is read
 * under the lock and kept in the audit event, so a date or educator corrected by mistake can be put back.
 * A save that changes nothing (the form sent again) writes nothing and no event, as a completion's does.
 */
export async function savePractice(personId: number, kind: PracticeKind, values: { startsOn: string; endsOn: string; setting: string; practiceEducator: string; daysCompleted: number }, actor: Actor) {
  const row: PracticeValues = { starts_on: values.startsOn, ends_on: values.endsOn, setting: values.setting, practice_educator: values.practiceEducator, days_completed: values.daysCompleted };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await holdTransactionLock(asHostDb(trx), practiceLock(personId, kind));
      const before = await trx.selectFrom("apprenticeship_practice").select(PRACTICE_COLUMNS).where("person_id", "=", personId).where("kind", "=", kind).executeTakeFirst();
      if (samePractice(before, row)) return;
      await trx
        .insertInto("apprenticeship_practice")
        .values({ person_id: personId, kind, ...row })
        .onConflict((oc) => oc.columns(["person_id", "kind"]).doUpdateSet(row))
        .execute();
      await recordAudit(actor, { action: "apprenticeship.practice.saved", subjectType: "apprenticeship_practice", subjectId: `${personId}:${kind}`, personId, before, after: row }, asHostDb(trx));
    });
}

export async function reviewsOf(personId: number) {
  return apprenticeshipDb().selectFrom("apprenticeship_reviews").selectAll().where("person_id", "=", personId).orderBy("held_on", "desc").execute();
}

/**
 * Adds a tripartite review. Reviews are kept as a history, with no key of their own to meet on, so the
 * form carrying `formToken` sent again (a second click, a resend) adds nothing more.
 */
export async function recordReview(personId: number, review: { heldOn: string; outcome: "on_track" | "some_concerns" | "at_risk"; actions: string }, actor: Actor, formToken: string | null = null) {
  const values = { person_id: personId, held_on: review.heldOn, outcome: review.outcome, actions: review.actions, recorded_by: actor.personId, created_at: new Date().toISOString() };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await claimFormToken(asHostDb(trx), formToken))) return;
      const [row] = await trx.insertInto("apprenticeship_reviews").values(values).returning("id").execute();
      await recordAudit(actor, { action: "apprenticeship.review.recorded", subjectType: "apprenticeship_review", subjectId: row.id, personId, after: values }, asHostDb(trx));
    });
}
