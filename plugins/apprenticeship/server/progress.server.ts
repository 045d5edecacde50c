// Apprentices and how they are doing, for many at once: off-the-job hours against the weekly minimum,
// practice days, progress reviews (every twelve weeks by default) and completion. A few queries in all.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { chunks } from "../../../app/services/readiness.server";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { peopleKey, readOncePerRequest } from "../../../app/utils/request-memo.server";
import { PLUGIN_ID, PRACTICE_KINDS, type ApprenticeshipSettings, type PracticeKind } from "../programme";
import { apprenticeshipDb, asHostDb, type ApprenticeshipTables } from "./db.server";
import { apprenticeshipSettings } from "./settings.server";

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** The Monday of the week a day falls in. */
export function weekOf(iso: string) {
  const date = new Date(`${iso}T00:00:00Z`);
  return plusDays(iso, -((date.getUTCDay() + 6) % 7));
}

/** Off-the-job minutes a week: the full-time baseline, or a share of contracted hours part-time. */
export function weeklyRequirement(fte: number, settings: Pick<ApprenticeshipSettings, "fullTimeHours" | "otjFullTimeHours" | "otjPartTimePercent">) {
  if (fte >= 1) return settings.otjFullTimeHours * 60;
  return Math.round((fte * settings.fullTimeHours * 60 * settings.otjPartTimePercent) / 100);
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

async function readApprentices(personIds: number[] | undefined, now: Date): Promise<Apprentice[]> {
  const settings = await apprenticeshipSettings();
  // London's date: from midnight to 1am in summer UTC's is still yesterday, so a week just completed
  // went unowed and a review due yesterday was not yet overdue.
  const today = londonToday(now);
  let query = apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["p.id", "p.given_name", "p.family_name", "p.employee_number", "p.line_manager_id", "p.fte", "c.name as cohort", "c.starts_on", "c.ends_on"])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "completed"])
    .where("c.starts_on", "<=", today)
    .orderBy("p.family_name")
    .orderBy("p.given_name");
  const ids = personIds ? [...new Set(personIds)] : undefined;
  if (ids && ids.length === 0) return [];
  const rows = [];
  for (const batch of ids ? chunks(ids) : [undefined]) {
    rows.push(...(await (batch ? query.where("p.id", "in", batch) : query).execute()));
  }
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.id);
  const [otj, reviews, practice, completions] = await Promise.all([
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_otj").select(["person_id", (eb) => eb.fn.sum<number>("minutes").as("minutes")]).where("person_id", "in", b).groupBy("person_id").execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_reviews").select(["person_id", (eb) => eb.fn.max("held_on").as("last")]).where("person_id", "in", b).groupBy("person_id").execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_practice").selectAll().where("person_id", "in", b).execute()),
    inChunks(found, (b) => apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "in", b).execute()),
  ]);
  const minutesOf = new Map(otj.map((o) => [o.person_id, Number(o.minutes)]));
  const lastOf = new Map(reviews.map((r) => [r.person_id, r.last as string]));
  const completionOf = new Map(completions.map((c) => [c.person_id, c]));
  return rows.map((r) => {
    const due = reviewDue(r.starts_on, lastOf.get(r.id) ?? null, settings);
    const completion = completionOf.get(r.id) ?? null;
    return {
      personId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      employeeNumber: r.employee_number,
      lineManagerId: r.line_manager_id,
      cohort: r.cohort,
      startsOn: r.starts_on,
      fte: r.fte,
      // Off-the-job hours stop being owed when the apprenticeship ends: at the degree, or the cohort's end.
      compliance: compliance(r.starts_on, r.fte, minutesOf.get(r.id) ?? 0, [today, r.ends_on, completion?.degree_on ?? today].sort()[0], settings),
      lastReview: lastOf.get(r.id) ?? null,
      reviewDue: due,
      reviewOverdue: due < today && !completion?.registered_on,
      practice: (Object.keys(PRACTICE_KINDS) as PracticeKind[]).map((kind) => {
        const row = practice.find((p) => p.person_id === r.id && p.kind === kind);
        return { kind, done: row?.days_completed ?? 0, required: PRACTICE_KINDS[kind], setting: row?.setting ?? null };
      }),
      completion,
    };
  });
}

export async function weeklyLog(personId: number, weeks = 8, now = new Date()) {
  // London's week: just after midnight on a summer Monday, UTC's date is still Sunday, a week earlier.
  const since = plusDays(weekOf(londonToday(now)), -7 * (weeks - 1));
  const rows = await apprenticeshipDb().selectFrom("apprenticeship_otj").selectAll().where("person_id", "=", personId).where("week_of", ">=", since).orderBy("week_of", "desc").orderBy("id", "desc").execute();
  return { since, rows };
}

export async function logOffTheJob(personId: number, entry: { weekOf: string; minutes: number; activity: string }, actor: Actor) {
  const values = { person_id: personId, week_of: weekOf(entry.weekOf), minutes: entry.minutes, activity: entry.activity, created_at: new Date().toISOString() };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      const [row] = await trx.insertInto("apprenticeship_otj").values(values).returning("id").execute();
      await recordAudit(actor, { action: "apprenticeship.otj.logged", subjectType: "apprenticeship_otj", subjectId: row.id, personId, after: values }, asHostDb(trx));
    });
}

export async function practiceOf(personId: number) {
  return apprenticeshipDb().selectFrom("apprenticeship_practice").selectAll().where("person_id", "=", personId).execute();
}

export async function savePractice(personId: number, kind: PracticeKind, values: { startsOn: string; endsOn: string; setting: string; practiceEducator: string; daysCompleted: number }, actor: Actor) {
  const row = { starts_on: values.startsOn, ends_on: values.endsOn, setting: values.setting, practice_educator: values.practiceEducator, days_completed: values.daysCompleted };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("apprenticeship_practice")
        .values({ person_id: personId, kind, ...row })
        .onConflict((oc) => oc.columns(["person_id", "kind"]).doUpdateSet(row))
        .execute();
      await recordAudit(actor, { action: "apprenticeship.practice.saved", subjectType: "apprenticeship_practice", subjectId: `${personId}:${kind}`, personId, after: row }, asHostDb(trx));
    });
}

export async function reviewsOf(personId: number) {
  return apprenticeshipDb().selectFrom("apprenticeship_reviews").selectAll().where("person_id", "=", personId).orderBy("held_on", "desc").execute();
}

export async function recordReview(personId: number, review: { heldOn: string; outcome: "on_track" | "some_concerns" | "at_risk"; actions: string }, actor: Actor) {
  const values = { person_id: personId, held_on: review.heldOn, outcome: review.outcome, actions: review.actions, recorded_by: actor.personId, created_at: new Date().toISOString() };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      const [row] = await trx.insertInto("apprenticeship_reviews").values(values).returning("id").execute();
      await recordAudit(actor, { action: "apprenticeship.review.recorded", subjectType: "apprenticeship_review", subjectId: row.id, personId, after: values }, asHostDb(trx));
    });
}

/**
 * The degree, once awarded, goes on the person's CPD record with the completion, in one transaction. Its
 * title is worded in English and Welsh, so each reader sees their own, whoever recorded it.
 */
export async function saveCompletion(personId: number, values: { gatewayOn: string | null; degreeOutcome: string | null; degreeOn: string | null; registeredOn: string | null; registrationNumber: string | null }, actor: Actor) {
  const now = new Date().toISOString();
  const row = { gateway_on: values.gatewayOn, degree_outcome: values.degreeOutcome, degree_on: values.degreeOn, registered_on: values.registeredOn, registration_number: values.registrationNumber, updated_at: now };
  await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto("apprenticeship_completions").values({ person_id: personId, ...row }).onConflict((oc) => oc.column("person_id").doUpdateSet(row)).execute();
      const degreeOn = values.degreeOn;
      if (degreeOn) {
        const titles = cpdTitles(PLUGIN_ID, (t) => t("completion.cpdTitle"));
        await trx
          .insertInto("cpd_entries")
          .values({ person_id: personId, source: PLUGIN_ID, source_ref: "degree", ...titles, occurred_on: degreeOn, hours: 0, reflection: null, created_at: now })
          .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doUpdateSet({ occurred_on: degreeOn, ...titles }))
          .execute();
      }
      await recordAudit(actor, { action: "apprenticeship.completion.saved", subjectType: "apprenticeship_completion", subjectId: personId, personId, after: row }, asHostDb(trx));
    });
}
