// Demo and scale data (DEMO.md): most ASYE social workers have a year under way, at months spread
// across it, with reviews, evidence and supervision as they would stand; the demo account
// asye@demo.test is four months in; one of the demo manager's ASYE workers has a supervision gap and an
// overdue review; one is awaiting the decision and, in the demo only, one has passed. A few are waiting
// for L&D to start their year. Every table is filled with batched inserts, so city and national scale fast.
// A year never starts before its worker qualified: the organisation's seed has ASYE workers qualify up to
// 300 days ago, so those whose seeded year starts earlier are given a qualification date before it.
import type { Insertable, Kysely } from "kysely";
import type { SeedContext, SeedScale } from "../../sdk";
import { cpdTitles } from "../../../app/services/cpd.server";
import { londonToday } from "../../../app/utils/london-time";
import { chunks } from "../../../app/services/readiness.server";
import { ASYE_STAGE, DEFAULT_SETTINGS, EVIDENCE_KINDS, PASSED_STAGE, PLUGIN_ID, evidenceRequired, type EvidenceKind } from "../programme";
import type { AsyeDatabase } from "./db.server";
import { daysBetween, monthOfYear, plusDays, plusMonths, supervisionInterval, yearSchedule } from "./schedule";

type Row<T extends keyof AsyeDatabase> = Insertable<AsyeDatabase[T]>;
const BATCH = 500;

/** Months into the year for the n-th ASYE worker: a spread from the first month to past the end. */
const MONTHS = [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 2, 4, 6, 8];

const EVIDENCE_TITLES: Record<EvidenceKind, string> = {
  direct_observation: "Observed home visit with the assessor",
  family_feedback: "Feedback from a parent after a child in need review",
  professional_feedback: "Feedback from the school's designated safeguarding lead",
  written_report: "Child and family assessment",
  reflection_6: "Critical reflection at six months",
  reflection_12: "Critical reflection at twelve months",
};

/** How long before their seeded year starts a worker qualified, when the organisation's seed had them qualify after it. */
const QUALIFIED_MONTHS_BEFORE_START = 1;

async function insertBatched<T extends keyof AsyeDatabase>(db: Kysely<AsyeDatabase>, table: T, rows: Row<T>[]) {
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
}

interface Plan {
  personId: number;
  startsOn: string;
  fte: number;
  assessorId: number;
  supervisorId: number;
  /** The day supervision stopped, for the worker with a gap. */
  supervisionStops?: string;
  missLatestReview?: boolean;
  outcome?: "awaiting" | "passed";
}

/**
 * Moves the qualification date of each planned worker who would otherwise have qualified after their year
 * starts to a month before it. Years start on a handful of dates, so one update per date and batch.
 */
async function qualifyBeforeTheirYears(db: Kysely<AsyeDatabase>, plans: Plan[]) {
  const byStart = new Map<string, number[]>();
  for (const plan of plans) {
    const sameDay = byStart.get(plan.startsOn);
    if (sameDay) sameDay.push(plan.personId);
    else byStart.set(plan.startsOn, [plan.personId]);
  }
  for (const [startsOn, personIds] of byStart) {
    for (const ids of chunks(personIds)) {
      await db.updateTable("people").set({ qualification_date: plusMonths(startsOn, -QUALIFIED_MONTHS_BEFORE_START) }).where("id", "in", ids).where("qualification_date", ">", startsOn).execute();
    }
  }
}

function supervisionDates(plan: Plan, until: string) {
  const dates: string[] = [];
  let day = plan.startsOn;
  const last = plan.supervisionStops ?? until;
  for (;;) {
    day = plusDays(day, supervisionInterval(plan.startsOn, day, DEFAULT_SETTINGS, [], plan.fte));
    if (day > last) return dates;
    dates.push(day);
  }
}

export async function seedAsye(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<AsyeDatabase>;
  const now = ctx.now();
  // London's date, as the pages count "today": seeded just after midnight in summer, UTC's is still yesterday.
  const today = londonToday(now);
  const stamp = now.toISOString();
  const workers = await db.selectFrom("people").select(["id", "email", "team_id", "line_manager_id", "fte"]).where("career_stage", "=", ASYE_STAGE).orderBy("id").execute();
  if (workers.length === 0) return;
  const demoManager = await db.selectFrom("people").select("id").where("email", "=", "manager@demo.test").executeTakeFirst();
  const assessorsByTeam = new Map<number, number>();
  for (const p of ctx.people) if ((p.roleCategory === "practice_supervisor" || p.roleCategory === "senior_practitioner") && !assessorsByTeam.has(p.teamId)) assessorsByTeam.set(p.teamId, p.id);
  const anyAssessor = [...assessorsByTeam.values()][0] ?? workers[0].line_manager_id!;

  const gapWorker = workers.find((w) => w.email !== "asye@demo.test" && w.line_manager_id === demoManager?.id);
  const plans: Plan[] = [];
  workers.forEach((w, i) => {
    // Every eighth worker is waiting for L&D to start their year.
    if (w.email !== "asye@demo.test" && i % 8 === 7) return;
    const assessorId = assessorsByTeam.get(w.team_id) ?? anyAssessor;
    const supervisorId = w.line_manager_id ?? assessorId;
    const months = w.email === "asye@demo.test" ? 4 : w === gapWorker ? 7 : MONTHS[i % MONTHS.length];
    const plan: Plan = { personId: w.id, startsOn: plusMonths(today, -months), fte: w.fte, assessorId, supervisorId };
    if (w === gapWorker) Object.assign(plan, { supervisionStops: plusDays(today, -45), missLatestReview: true });
    plans.push(plan);
  });
  // Two at the end of their year: one awaiting the decision; in the demo, one passed.
  const ending = plans.filter((p) => p.personId !== gapWorker?.id && !workers.some((w) => w.id === p.personId && w.email === "asye@demo.test")).slice(0, scale === "demo" ? 2 : 1);
  ending.forEach((p, i) => Object.assign(p, { startsOn: plusMonths(today, -13), fte: 1, outcome: i === 0 ? "awaiting" : "passed" }));

  await qualifyBeforeTheirYears(db, plans);

  const inserted: { id: number; person_id: number }[] = [];
  const yearRows: Row<"asye_years">[] = plans.map((p) => ({
    person_id: p.personId, starts_on: p.startsOn, assessor_id: p.assessorId, supervisor_id: p.supervisorId, extension_weeks: 0, fte: p.fte, ninth_month_review: DEFAULT_SETTINGS.ninthMonthReview,
    recommendation: p.outcome ? "pass" : null, recommendation_note: p.outcome ? "Consistently good practice; every piece of evidence is in." : null, recommended_by: p.outcome ? p.assessorId : null, recommended_at: p.outcome ? stamp : null,
    decision: p.outcome === "passed" ? "pass" : null, decision_note: p.outcome === "passed" ? "Agreed by the ASYE panel." : null, decided_by: null, decided_on: p.outcome === "passed" ? plusDays(today, -7) : null,
    created_by: null, created_at: stamp, updated_at: stamp,
  }));
  for (let i = 0; i < yearRows.length; i += BATCH) inserted.push(...(await db.insertInto("asye_years").values(yearRows.slice(i, i + BATCH) as never).returning(["id", "person_id"]).execute()));
  const yearOf = new Map(inserted.map((r) => [r.person_id, r.id]));

  const reviews: Row<"asye_reviews">[] = [];
  const evidence: Row<"asye_evidence">[] = [];
  const supervision: Row<"asye_supervision">[] = [];
  const required = evidenceRequired(DEFAULT_SETTINGS);
  plans.forEach((plan, n) => {
    const yearId = yearOf.get(plan.personId)!;
    const schedule = yearSchedule({ startsOn: plan.startsOn, fte: plan.fte, leave: [], extensionWeeks: 0 }, DEFAULT_SETTINGS);
    const finished = plan.outcome !== undefined;
    const until = finished ? schedule.endsOn : today;
    const due = schedule.reviews.filter((r) => r.dueOn <= until);
    for (const [i, review] of due.entries()) {
      if (plan.missLatestReview && i === due.length - 1) continue;
      const concerns = n % 5 === 4 && review.month === 3;
      reviews.push({ year_id: yearId, review_month: review.month, held_on: review.dueOn, outcome: concerns ? "concerns" : "on_track", note: concerns ? "Recording is behind; agreed protected time each week to catch up." : "Making good progress against the PCF.", recorded_by: plan.supervisorId, created_at: stamp });
    }
    const month = finished ? 12 : monthOfYear(plan.startsOn, schedule, today);
    const elapsed = Math.max(0, daysBetween(plan.startsOn, until));
    for (const kind of EVIDENCE_KINDS) {
      const count = kind === "reflection_6" ? (month > 6 ? 1 : 0) : kind === "reflection_12" ? (finished ? 1 : 0) : Math.min(required[kind], Math.floor((required[kind] * month) / 12));
      for (let k = 0; k < count; k += 1) evidence.push({ year_id: yearId, kind, occurred_on: plusDays(plan.startsOn, Math.floor((elapsed * (k + 1)) / (count + 1))), title: EVIDENCE_TITLES[kind], recorded_by: plan.assessorId, created_at: stamp });
    }
    for (const held of supervisionDates(plan, until)) supervision.push({ year_id: yearId, held_on: held, recorded_by: plan.supervisorId, created_at: stamp });
  });
  await insertBatched(db, "asye_reviews", reviews);
  await insertBatched(db, "asye_evidence", evidence);
  await insertBatched(db, "asye_supervision", supervision);
  ctx.progress("years", plans.length, plans.length);

  for (const plan of plans.filter((p) => p.outcome === "passed")) {
    const decidedOn = plusDays(today, -7);
    await ctx.moveToStage({ personId: plan.personId, stageCode: PASSED_STAGE, startedOn: decidedOn, note: "ASYE passed" });
    await db.insertInto("cpd_entries").values({ person_id: plan.personId, source: "asye", source_ref: "asye-passed", ...cpdTitles(PLUGIN_ID, (t) => t("decision.cpdTitle")), occurred_on: decidedOn, hours: 0, reflection: null, created_at: stamp }).execute();
  }
}
