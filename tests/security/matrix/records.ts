// The records the authorisation matrix's rows ask about, found in the demo seed or made on it. The test
// calls these once the demo is seeded, in this order; the rows read the ids they fill in.
import { sql } from "kysely";
import { registrationYearOf } from "../../../app/services/cpd-standing.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { apprenticeshipDb } from "../../../plugins/apprenticeship/server/db.server";
import { apprentices } from "../../../plugins/apprenticeship/server/progress.server";
import { naasDb } from "../../../plugins/naas/server/db.server";
import { DEMO_EMAILS, personIdOf, personOutsideLineOf, type DemoAccount } from "../../support/fixtures";
import { placeRequestForLearningTeam } from "../../support/unmanaged-request";
import type { Ids } from "./cases";

/** The ids the rows' paths are given. */
export async function matrixIds(): Promise<Ids> {
  const manager = await personIdOf("manager");
  const max = await db().selectFrom("people").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
  const cohort = await db().selectFrom("cohorts").select("id").where("name", "=", "Cohort 1").executeTakeFirstOrThrow();
  const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort.id).orderBy("sequence").executeTakeFirstOrThrow();
  const request = await db().selectFrom("enrolments").select("id").where("status", "=", "requested").orderBy("id").executeTakeFirstOrThrow();
  const learner = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort.id).where("status", "=", "enrolled").orderBy("id").executeTakeFirstOrThrow();
  const framework = await naasDb().selectFrom("naas_frameworks").select("id").where("code", "=", "kss-practitioner").executeTakeFirstOrThrow();
  const statement = await naasDb().selectFrom("naas_statements").select("id").where("framework_id", "=", framework.id).orderBy("number").executeTakeFirstOrThrow();
  const window = await naasDb().selectFrom("naas_windows").select("id").orderBy("id").executeTakeFirstOrThrow();
  const apprenticeships = await apprenticeshipIds(manager);
  const demoPeople = await Promise.all((Object.keys(DEMO_EMAILS) as DemoAccount[]).map((a) => personIdOf(a)));
  const someones = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.id").where("c.programme_id", "=", "research-in-practice").where("e.person_id", "not in", demoPeople).executeTakeFirstOrThrow();
  return { ...apprenticeships, someonesEvaluation: someones.id, report: await personIdOf("practitioner"), other: await personOutsideLineOf(manager), unknown: Number(max.max) + 1000, cohort: cohort.id, session: session.id, request: request.id, learner: learner.id, statement: statement.id, framework: framework.id, window: window.id };
}

/**
 * The open intake; applications made here by the demo manager's report and by someone outside the
 * North locality altogether; an apprentice in the manager's team and that outsider as an apprentice.
 */
async function apprenticeshipIds(manager: number) {
  const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const [supportable] = await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values({ intake_id: intake.id, person_id: await personIdOf("practitioner"), statement: "I want to train.", current_role: "Family support worker", service_months: 24, english: "held", maths: "held", manager_support: "pending", shortlisted: 0, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  const list = await apprentices();
  const inLine = list.find((a) => a.lineManagerId === manager);
  const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
  const elsewhere = await db().selectFrom("people").innerJoin("org_units as t", "t.id", "people.team_id").select("people.id").where("t.parent_id", "!=", north.id).where("people.role_category", "=", "social_care_officer")
    .where("people.id", "not in", (qb) => qb.selectFrom("enrolments").select("person_id"))
    .where("people.id", "not in", apprenticeshipDb().selectFrom("apprenticeship_applications").select("person_id"))
    .orderBy("people.id")
    .executeTakeFirstOrThrow();
  const [outside] = await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values({ intake_id: intake.id, person_id: elsewhere.id, statement: "I want to train.", current_role: "Social care officer", service_months: 24, english: "held", maths: "held", manager_support: "pending", shortlisted: 0, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  // Make them an apprentice too, on the current intake's cohort.
  const current = await apprenticeshipDb().selectFrom("cohorts").select("id").where("programme_id", "=", "apprenticeship").where("name", "=", "Intake 1").executeTakeFirstOrThrow();
  const [place] = await db().insertInto("enrolments").values({ cohort_id: current.id, person_id: elsewhere.id, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
  if (!inLine) throw new Error("The demo seed should put an apprentice in the demo manager's team");
  const payment = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", "payment").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  return { intake: intake.id, application: outside.id, supportable: supportable.id, apprentice: inLine.personId, apprenticeElsewhere: elsewhere.id, apprenticePlace: place.id, ledgerEntry: payment.id };
}

/** Progression requests: one in the demo manager's line, one outside it, one for the panel and one of L&D's own. */
export const progressionIds = { inLine: 0, outside: 0, forPanel: 0, ldOwn: 0 };
export async function openProgressionRequests() {
  const now = new Date().toISOString();
  const open = async (account: DemoAccount | number, status: "awaiting_manager" | "awaiting_panel") => {
    const personId = typeof account === "number" ? account : await personIdOf(account);
    const [row] = await db()
      .insertInto("progression_requests")
      .values({ person_id: personId, from_stage: null, to_stage: "senior_practitioner", statement: "Ready.", status, manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    return row.id;
  };
  progressionIds.inLine = await open("practitioner", "awaiting_manager");
  progressionIds.outside = await open(await personOutsideLineOf(await personIdOf("manager")), "awaiting_manager");
  progressionIds.forPanel = await open("asye", "awaiting_panel");
  progressionIds.ldOwn = await open("ld", "awaiting_panel");
}

/** Place requests for L&D: one from someone with no manager on the portal, and one of the demo L&D member's own. */
export const placeRequestIds = { forLearningTeam: 0, ldOwn: 0 };
export async function requestPlacesForLearningTeam() {
  placeRequestIds.forLearningTeam = await placeRequestForLearningTeam();
  const cohort = await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").where("name", "=", "Cohort 2").executeTakeFirstOrThrow();
  const ld = await personIdOf("ld");
  const asked = await requestPlace({ cohortId: cohort.id, personId: ld, actor: { userId: null, personId: ld } });
  if (!asked.ok || asked.status !== "requested") throw new Error(`L&D's own place request was not made: ${JSON.stringify(asked)}`);
  placeRequestIds.ldOwn = asked.enrolmentId;
}

/** CPD entries: the practitioner's own, one a programme wrote for them, and one of someone outside the demo accounts. */
export const cpdIds = { own: 0, programme: 0, someoneElses: 0, year: registrationYearOf(londonToday(new Date())).id };
export async function writeCpdEntries() {
  const now = new Date().toISOString();
  const entry = async (personId: number, source: string) => {
    const [row] = await db()
      .insertInto("cpd_entries")
      .values({ person_id: personId, source, source_ref: source === "own" ? null : `matrix:${personId}`, title: "Matrix entry", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "Learnt", practice_impact: "Changed", peer_reflection: 1, created_at: now })
      .returning("id")
      .execute();
    return row.id;
  };
  const stranger = await db().selectFrom("people").select("id").where("email", "not in", Object.values(DEMO_EMAILS)).orderBy("id").executeTakeFirstOrThrow();
  cpdIds.own = await entry(await personIdOf("practitioner"), "own");
  cpdIds.programme = await entry(await personIdOf("practitioner"), "research-in-practice");
  cpdIds.someoneElses = await entry(stranger.id, "own");
}

/** Practice development: a seeded briefing, its rollout and a session cohort. */
export const pdIds = { briefing: 0, rollout: 0, cohort: 0, audit: 0, finding: 0 };
export async function findPracticeDevelopmentRecords() {
  const first = async (table: string, column: string) => Number((await sql<{ id: number }>`select min(${sql.ref(column)}) as id from ${sql.table(table)}`.execute(db())).rows[0].id);
  pdIds.briefing = await first("practice_development_briefings", "id");
  pdIds.rollout = await first("practice_development_rollouts", "id");
  pdIds.cohort = await first("practice_development_cohorts", "cohort_id");
  pdIds.audit = await first("practice_development_audits", "id");
  pdIds.finding = Number((await sql<{ id: number }>`select min(id) as id from practice_development_audit_findings where audit_id = ${pdIds.audit}`.execute(db())).rows[0].id);
}

/** ASYE years: the demo ASYE worker's (in the demo manager's line) and one in another locality, assessed and supervised by neither. */
export const asyeYearIds = { inLine: 0, outside: 0 };
export async function findAsyeYears() {
  const year = (personId: number) => db().selectFrom("asye_years" as never).select("id" as never).where("person_id" as never, "=", personId as never).executeTakeFirstOrThrow() as Promise<{ id: number }>;
  asyeYearIds.inLine = (await year(await personIdOf("asye"))).id;
  const demoPeople = await Promise.all((Object.keys(DEMO_EMAILS) as DemoAccount[]).map((a) => personIdOf(a)));
  const outside = await sql<{ id: number }>`
    with recursive reports(id) as (
      select id from people where line_manager_id = ${await personIdOf("serviceManager")}
      union select p.id from people p join reports r on p.line_manager_id = r.id)
    select y.id from asye_years y
    where y.person_id not in (select id from reports)
      and y.assessor_id not in (${sql.join(demoPeople)}) and y.supervisor_id not in (${sql.join(demoPeople)})
    order by y.id limit 1`.execute(db());
  asyeYearIds.outside = outside.rows[0].id;
}
