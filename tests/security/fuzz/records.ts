// The records the fuzzed routes act on, made on the demo seed or found in it.
import { sql } from "kysely";
import { londonToday } from "../../../app/utils/london-time";
import { db } from "../../../app/utils/db.server";
import { personIdOf } from "../../support/fixtures";
import { placeRequestForLearningTeam } from "../../support/unmanaged-request";
import type { Ids } from "./actions";

const first = async (query: ReturnType<typeof sql<{ id: number | string }>>) => {
  const row = (await query.execute(db())).rows[0];
  if (!row) throw new Error(`Nothing found for ${query.compile(db()).sql}`);
  return String(row.id);
};

/** Records created for the routes to act on, once. */
export async function recordsToActOn(): Promise<Ids> {
  const now = new Date().toISOString();
  const practitioner = await personIdOf("practitioner");
  // The practitioner's own place on a finished run with no evaluation yet, so its questions are due.
  const ripPast = await first(sql`select cohort_id as id from research_in_practice_runs where id = 'voice-past'`);
  const evaluation = await db()
    .insertInto("enrolments")
    .values({ cohort_id: Number(ripPast), person_id: practitioner, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: practitioner, override_reason: null, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [notice] = await db().insertInto("notices").values({ person_id: practitioner, source: "fuzz", message_key: "notices.test", values_json: "{}", href: null, created_at: now, dismissed_at: null }).returning("id").execute();
  const [cpdEntry] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: practitioner, source: "own", source_ref: null, title: "Fuzzed entry", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "Learnt", practice_impact: "Changed", peer_reflection: 1, created_at: now })
    .returning("id")
    .execute();
  const intake = await first(sql`select i.id from apprenticeship_intakes i join cohorts c on c.id = i.cohort_id where c.name = 'Intake 2'`);
  const application = String(
    (
      await db()
        .insertInto("apprenticeship_applications" as never)
        .values({ intake_id: Number(intake), person_id: practitioner, statement: "I want to train.", current_role: "Family support worker", service_months: 24, english: "held", maths: "held", manager_support: "pending", shortlisted: 0, created_at: now, updated_at: now } as never)
        .returning("id" as never)
        .executeTakeFirstOrThrow()
    ).id as number,
  );
  return {
    practitioner: String(practitioner),
    cpdEntry: String(cpdEntry.id),
    notice: String(notice.id),
    intake,
    application,
    evaluation: String(evaluation.id),
  };
}

/**
 * Records looked up afresh before each route, since fuzzing one route can change what another finds
 * (a learner withdrawn from a cohort is no longer its learner).
 */
export async function recordsAsTheyStand(): Promise<Ids> {
  const now = new Date().toISOString();
  // A request waiting at the given step, made afresh when an earlier route decided or withdrew it.
  const progression = async (personId: number, status: "awaiting_manager" | "awaiting_panel") => {
    const open = await db().selectFrom("progression_requests").select("id").where("person_id", "=", personId).where("status", "=", status).executeTakeFirst();
    const row =
      open ??
      (await db()
        .insertInto("progression_requests")
        .values({ person_id: personId, from_stage: null, to_stage: "senior_practitioner", statement: "Ready.", status, manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow());
    return String(row.id);
  };
  const cohort = await first(sql`select id from cohorts where name = 'Cohort 1' and programme_id = 'leadership'`);
  const audit = await first(sql`select min(id) as id from practice_development_audits`);
  return {
    progressionInLine: await progression(await personIdOf("practitioner"), "awaiting_manager"),
    progressionForPanel: await progression(await personIdOf("asye"), "awaiting_panel"),
    cohort,
    session: await first(sql`select id from cohort_sessions where cohort_id = ${Number(cohort)} order by sequence`),
    learner: await first(sql`select id from enrolments where cohort_id = ${Number(cohort)} and status = 'enrolled' order by id`),
    placeRequest: await first(sql`select id from enrolments where status = 'requested' order by id`),
    placeRequestForLearningTeam: String(await placeRequestForLearningTeam()),
    apprentice: await first(sql`select e.person_id as id from enrolments e join cohorts c on c.id = e.cohort_id where c.name = 'Intake 1' and c.programme_id = 'apprenticeship' and e.status = 'enrolled' order by e.id`),
    apprenticePlace: await first(sql`select e.id from enrolments e join cohorts c on c.id = e.cohort_id where c.name = 'Intake 1' and c.programme_id = 'apprenticeship' and e.status = 'enrolled' order by e.id`),
    ledgerEntry: await first(sql`select max(id) as id from apprenticeship_ledger where kind = 'payment' and reverses_id is null`),
    asyeYear: await first(sql`select id from asye_years where person_id = ${await personIdOf("asye")}`),
    asyeWaiting: await first(sql`select id from people where career_stage = 'asye_social_worker' and id not in (select person_id from asye_years) order by id`),
    statement: await first(sql`select s.id from naas_statements s join naas_frameworks f on f.id = s.framework_id where f.code = 'kss-practitioner' order by s.number`),
    framework: await first(sql`select id from naas_frameworks where code = 'kss-practitioner'`),
    briefing: await first(sql`select min(id) as id from practice_development_briefings`),
    briefingSession: await first(sql`select min(cohort_id) as id from practice_development_cohorts`),
    rollout: await first(sql`select min(id) as id from practice_development_rollouts`),
    audit,
    finding: await first(sql`select min(id) as id from practice_development_audit_findings where audit_id = ${Number(audit)}`),
  };
}
