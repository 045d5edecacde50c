// Every route, as every role and as nobody, against the production build: the status each must answer.
// "report" is someone in the demo manager's line; "other" is someone outside it.
import { createRequestHandler } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { londonToday, registrationYearOf } from "../../app/services/cpd.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { apprenticeshipDb } from "../../plugins/apprenticeship/server/db.server";
import { apprentices } from "../../plugins/apprenticeship/server/progress.server";
import { naasDb } from "../../plugins/naas/server/db.server";
import { cookieFor, DEMO_EMAILS, personIdOf, personOutsideLineOf, seedDemo, type DemoAccount } from "../support/fixtures";
import { loadBuild } from "../../scripts/http-app";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";
import { placeRequestForLearningTeam } from "../support/unmanaged-request";

type Who = DemoAccount | "anonymous";
const EVERYONE: Who[] = ["anonymous", "practitioner", "asye", "manager", "serviceManager", "ld", "admin"];

interface RouteCase {
  name: string;
  method?: "GET" | "POST";
  path: (ids: Ids) => string;
  expect: Record<Who, number>;
}

interface Ids {
  report: number;
  other: number;
  unknown: number;
  // A NAAS assessment window, whose page lists who is booked on it.
  window: number;
  cohort: number;
  session: number;
  request: number;
  learner: number;
  statement: number;
  framework: number;
  intake: number;
  application: number;
  supportable: number;
  apprentice: number;
  apprenticeElsewhere: number;
  someonesEvaluation: number;
}

const signedIn = (status: number, anonymous = 302) => ({ anonymous, practitioner: status, asye: status, manager: status, serviceManager: status, ld: status, admin: status });
const only = (allowed: Who[], otherwise = 403): Record<Who, number> =>
  Object.fromEntries(EVERYONE.map((w) => [w, w === "anonymous" ? 302 : allowed.includes(w) ? 200 : otherwise])) as Record<Who, number>;

const ROUTES: RouteCase[] = [
  { name: "home", path: () => "/", expect: signedIn(302, 302) },
  { name: "accessibility statement", path: () => "/accessibility", expect: signedIn(200, 200) },
  { name: "health check", path: () => "/healthz", expect: signedIn(200, 200) },
  { name: "my record", path: () => "/me", expect: signedIn(200) },
  { name: "programmes", path: () => "/programmes", expect: signedIn(200) },
  { name: "team", path: () => "/team", expect: only(["manager", "serviceManager"]) },
  { name: "team CSV", path: () => "/team/export.csv", expect: only(["manager", "serviceManager"]) },
  { name: "a person in the manager's line", path: (i) => `/team/${i.report}`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "a person outside the manager's line", path: (i) => `/team/${i.other}`, expect: { ...only(["ld", "admin"]), manager: 404, serviceManager: 404 } },
  { name: "an unknown person", path: (i) => `/team/${i.unknown}`, expect: { ...only([]), manager: 404, serviceManager: 404, ld: 404, admin: 404 } },
  { name: "administration", path: () => "/admin", expect: only(["ld", "admin"]) },
  { name: "people", path: () => "/admin/people", expect: only(["ld", "admin"]) },
  { name: "staff import", path: () => "/admin/people/import", expect: only(["ld", "admin"]) },
  { name: "programme plugins", path: () => "/admin/plugins", expect: only(["admin"]) },
  { name: "audit trail", path: () => "/admin/audit", expect: only(["admin"]) },
  { name: "readiness reports", path: () => "/admin/reports", expect: only(["ld", "admin"]) },
  { name: "quarterly key metrics", path: () => "/admin/reports/metrics?quarter=2026-Q3", expect: only(["ld", "admin"]) },
  { name: "find learning", path: () => "/learning?q=permanence", expect: signedIn(200) },
  { name: "quarterly key metrics as CSV", path: () => "/admin/reports/metrics.csv", expect: only(["ld", "admin"]) },
  { name: "download my data", method: "POST", path: () => "/me/export", expect: signedIn(200) },
  { name: "subject access export of a person", method: "POST", path: (i) => `/team/${i.report}/export`, expect: only(["admin"]) },
  { name: "my career pathway", path: () => "/me/pathway", expect: signedIn(200) },
  { name: "my career pathway, exploring a stage", path: () => "/me/pathway?stage=team_manager", expect: signedIn(200) },
  { name: "asking to progress with nothing filled in", method: "POST", path: () => "/me/pathway", expect: signedIn(400) },
  { name: "a progression request in the manager's line", path: () => `/team/progression/${progressionIds.inLine}`, expect: only(["manager", "serviceManager"]) },
  { name: "a progression request outside the manager's line", path: () => `/team/progression/${progressionIds.outside}`, expect: { ...only([]), manager: 404, serviceManager: 404 } },
  { name: "progression panel", path: () => "/admin/progression?view=decided", expect: only(["ld", "admin"]) },
  { name: "a request for the progression panel", path: () => `/admin/progression/${progressionIds.forPanel}`, expect: only(["ld", "admin"]) },
  { name: "a panel member's own progression request", path: () => `/admin/progression/${progressionIds.ldOwn}`, expect: { ...only(["admin"]), ld: 404 } },
  { name: "an unknown progression request", path: (i) => `/admin/progression/${i.unknown}`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "career stages", path: () => "/admin/pathway", expect: only(["admin"]) },
  { name: "change a career stage", path: () => "/admin/pathway/social_worker", expect: only(["admin"]) },
  { name: "an unknown career stage", path: () => "/admin/pathway/no_such_stage", expect: { ...only([]), admin: 404 } },
  { name: "my CPD record", path: () => "/me/cpd?year=2023-2024&page=2", expect: signedIn(200) },
  { name: "adding a CPD entry with nothing filled in", method: "POST", path: () => "/me/cpd", expect: signedIn(400) },
  { name: "a CPD entry of the practitioner's own", path: () => `/me/cpd/entries/${cpdIds.own}`, expect: only(["practitioner"], 404) },
  { name: "changing the practitioner's CPD entry with nothing filled in", method: "POST", path: () => `/me/cpd/entries/${cpdIds.own}`, expect: { ...only(["practitioner"], 404), practitioner: 400 } },
  { name: "a CPD entry a programme wrote for the practitioner, to reflect on", path: () => `/me/cpd/entries/${cpdIds.programme}`, expect: only(["practitioner"], 404) },
  { name: "reflecting on a CPD entry a programme wrote with nothing filled in", method: "POST", path: () => `/me/cpd/entries/${cpdIds.programme}`, expect: { ...only(["practitioner"], 404), practitioner: 400 } },
  { name: "someone else's CPD entry", path: () => `/me/cpd/entries/${cpdIds.someoneElses}`, expect: signedIn(404) },
  { name: "a CPD year to copy", path: () => `/me/cpd/year/${cpdIds.year}`, expect: signedIn(200) },
  { name: "a CPD year as CSV", path: () => `/me/cpd/export/${cpdIds.year}`, expect: signedIn(200) },
  { name: "a CPD year that is not one", path: () => "/me/cpd/year/2025-2027", expect: signedIn(404) },
  { name: "a CPD year after this one as CSV", path: () => "/me/cpd/export/2999-3000", expect: signedIn(404) },
  { name: "a page that does not exist", path: () => "/no-such-page", expect: signedIn(404, 404) },
  { name: "dismissing a notice that is not yours", method: "POST", path: () => "/me/notices/999999", expect: signedIn(404) },
  { name: "a request in the service manager's line", path: (i) => `/team/requests/${i.request}`, expect: { ...only(["serviceManager"]), manager: 404 } },
  { name: "Level 5 programme page", path: () => "/programmes/leadership", expect: signedIn(200) },
  { name: "Level 5 new cohort", path: () => "/programmes/leadership/cohorts/new", expect: only(["ld", "admin"]) },
  { name: "Level 5 cohort page", path: (i) => `/programmes/leadership/cohorts/${i.cohort}`, expect: only(["ld", "admin"]) },
  { name: "Level 5 unknown cohort", path: (i) => `/programmes/leadership/cohorts/${i.unknown}`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "Level 5 register", path: (i) => `/programmes/leadership/sessions/${i.session}/register`, expect: only(["ld", "admin"]) },
  { name: "Level 5 bulk enrolment", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/bulk?preview=1&role=team_manager`, expect: only(["ld", "admin"]) },
  { name: "Level 5 cohort report", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/report`, expect: only(["ld", "admin"]) },
  { name: "Level 5 learners CSV", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/report/learners`, expect: only(["ld", "admin"]) },
  { name: "Level 5 sessions CSV", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/report/sessions`, expect: only(["ld", "admin"]) },
  { name: "Level 5 take-up", path: () => "/programmes/leadership/reports", expect: only(["ld", "admin"]) },
  { name: "Level 5 take-up CSV", path: () => "/programmes/leadership/reports/export", expect: only(["ld", "admin"]) },
  { name: "Level 5 attendance import", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/attendance`, expect: only(["ld", "admin"]) },
  { name: "Level 5 my guided learning", path: () => "/programmes/leadership/learning", expect: signedIn(200) },
  { name: "Level 5 confirm guided learning", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/learning`, expect: only(["ld", "admin"]) },
  { name: "Level 5 learner record", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/learners/${i.learner}`, expect: only(["ld", "admin"]) },
  { name: "Level 5 learner on another cohort", path: (i) => `/programmes/leadership/cohorts/${i.cohort + 1}/learners/${i.learner}`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "Level 5 a manager's team", path: () => "/programmes/leadership/team", expect: only(["manager", "serviceManager"]) },
  { name: "Level 5 programme rules", path: () => "/programmes/leadership/settings", expect: only(["ld", "admin"]) },
  { name: "Level 5 change a session", path: (i) => `/programmes/leadership/sessions/${i.session}/edit`, expect: only(["ld", "admin"]) },
  { name: "Level 5 cohort calendar", path: (i) => `/programmes/leadership/cohorts/${i.cohort}/calendar`, expect: signedIn(200) },
  { name: "Level 5 session calendar", path: (i) => `/programmes/leadership/sessions/${i.session}/calendar`, expect: signedIn(200) },
  { name: "NAAS my readiness", path: () => "/programmes/naas", expect: signedIn(200) },
  { name: "NAAS my statement", path: (i) => `/programmes/naas/statements/${i.statement}`, expect: { ...only(["practitioner"], 404) } },
  { name: "NAAS a person in the manager's line", path: (i) => `/programmes/naas/people/${i.report}`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "NAAS a person outside the manager's line", path: (i) => `/programmes/naas/people/${i.other}`, expect: { ...only(["ld", "admin"]), manager: 404, serviceManager: 404 } },
  { name: "NAAS review a statement", path: (i) => `/programmes/naas/people/${i.report}/statements/${i.statement}`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "NAAS review outside the line", path: (i) => `/programmes/naas/people/${i.other}/statements/${i.statement}`, expect: { ...only([]), manager: 404, serviceManager: 404, ld: 404, admin: 404 } },
  { name: "NAAS endorse outside the line", method: "POST", path: (i) => `/programmes/naas/people/${i.other}`, expect: { ...only([]), manager: 404, serviceManager: 404 } },
  { name: "NAAS book an assessment", path: () => "/programmes/naas/book?track=practitioner", expect: signedIn(200) },
  { name: "NAAS assessment windows", path: () => "/programmes/naas/windows", expect: only(["ld", "admin"]) },
  { name: "NAAS who is booked on a window", path: (i) => `/programmes/naas/windows/${i.window}`, expect: only(["ld", "admin"]) },
  { name: "NAAS an unknown window", path: () => "/programmes/naas/windows/999999", expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "NAAS eligibility settings", path: () => "/programmes/naas/settings", expect: only(["ld", "admin"]) },
  { name: "NAAS frameworks", path: () => "/programmes/naas/frameworks", expect: only(["admin"]) },
  { name: "NAAS framework mapping", path: (i) => `/programmes/naas/frameworks/${i.framework}`, expect: only(["admin"]) },
  { name: "apprenticeship home", path: () => "/programmes/apprenticeship", expect: signedIn(200) },
  { name: "apprenticeship apply to an open intake", path: (i) => `/programmes/apprenticeship/apply/${i.intake}`, expect: signedIn(200) },
  { name: "apprenticeship apply to an unknown intake", path: (i) => `/programmes/apprenticeship/apply/${i.unknown}`, expect: signedIn(404) },
  { name: "apprenticeship intakes", path: () => "/programmes/apprenticeship/intakes", expect: only(["ld", "admin"]) },
  { name: "apprenticeship an intake's applications", path: (i) => `/programmes/apprenticeship/intakes/${i.intake}`, expect: only(["ld", "admin"]) },
  { name: "apprenticeship an application and its scores", path: (i) => `/programmes/apprenticeship/applications/${i.application}`, expect: only(["ld", "admin"]) },
  // L&D record the manager's support only where nobody on the applicant's line can act on the portal.
  { name: "apprenticeship support an application in the line", path: (i) => `/programmes/apprenticeship/applications/${i.supportable}/support`, expect: { ...only(["manager", "serviceManager"]), ld: 404, admin: 404 } },
  { name: "apprenticeship support an application outside the line, with no manager on the portal", path: (i) => `/programmes/apprenticeship/applications/${i.application}/support`, expect: { ...only(["ld", "admin"]), manager: 404, serviceManager: 404 } },
  { name: "apprenticeship levy account", path: () => "/programmes/apprenticeship/funding", expect: only(["ld", "admin"]) },
  { name: "apprenticeship apprentices", path: () => "/programmes/apprenticeship/apprentices", expect: only(["ld", "admin"]) },
  { name: "apprenticeship an apprentice in the line", path: (i) => `/programmes/apprenticeship/apprentices/${i.apprentice}`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "apprenticeship an apprentice outside the line", path: (i) => `/programmes/apprenticeship/apprentices/${i.apprenticeElsewhere}`, expect: { ...only(["ld", "admin"]), manager: 404, serviceManager: 404 } },
  { name: "apprenticeship someone who is not an apprentice", path: (i) => `/programmes/apprenticeship/apprentices/${i.report}`, expect: { ...only([]), manager: 404, serviceManager: 404, ld: 404, admin: 404 } },
  { name: "apprenticeship rules and rates", path: () => "/programmes/apprenticeship/settings", expect: only(["ld", "admin"]) },
  { name: "ASYE caseload check", path: () => "/programmes/asye/caseload", expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "ASYE caseload check for a week without figures", path: () => "/programmes/asye/caseload?week=2000-01-03", expect: { ...only([]), manager: 404, serviceManager: 404, ld: 404, admin: 404 } },
  { name: "ASYE highest caseloads", path: () => "/programmes/asye/caseload/highest", expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "ASYE caseload trend", path: () => "/programmes/asye/caseload/trend", expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "ASYE caseload import", path: () => "/programmes/asye/caseload/import", expect: only(["ld", "admin"]) },
  { name: "ASYE caseload import without a file", method: "POST", path: () => "/programmes/asye/caseload/import", expect: { ...only(["ld", "admin"]), ld: 400, admin: 400 } },
  { name: "ASYE caseload settings", path: () => "/programmes/asye/caseload/settings", expect: only(["ld", "admin"]) },
  { name: "ASYE my year", path: () => "/programmes/asye", expect: signedIn(200) },
  { name: "ASYE years in scope", path: () => "/programmes/asye/years?status=in_progress&q=a&page=2", expect: signedIn(200) },
  { name: "ASYE start a year", path: () => "/programmes/asye/years/new", expect: only(["ld", "admin"]) },
  { name: "ASYE start a year for someone not waiting", path: (i) => `/programmes/asye/years/new?person=${i.report}`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "ASYE a year in the manager's line", path: () => `/programmes/asye/years/${asyeYearIds.inLine}`, expect: { ...only(["manager", "serviceManager", "ld", "admin"], 404), asye: 302 } },
  { name: "ASYE a year outside the manager's line", path: () => `/programmes/asye/years/${asyeYearIds.outside}`, expect: { ...only(["ld", "admin"], 404) } },
  { name: "ASYE recording on a year outside the line", method: "POST", path: () => `/programmes/asye/years/${asyeYearIds.outside}`, expect: { ...only([], 404), ld: 400, admin: 400 } },
  { name: "ASYE an unknown year", path: (i) => `/programmes/asye/years/${i.unknown}`, expect: signedIn(404) },
  { name: "ASYE rules", path: () => "/programmes/asye/settings", expect: only(["ld", "admin"]) },
  { name: "Research in Practice catalogue", path: () => "/programmes/research-in-practice?q=permanence", expect: signedIn(200) },
  { name: "Research in Practice a course", path: () => "/programmes/research-in-practice/courses/rip-permanence", expect: signedIn(200) },
  { name: "Research in Practice an unknown course", path: () => "/programmes/research-in-practice/courses/no-such-course", expect: signedIn(404) },
  { name: "Research in Practice a run's learners", path: () => "/programmes/research-in-practice/runs/perm-past", expect: only(["ld", "admin"]) },
  { name: "Research in Practice someone else's evaluation", path: (i) => `/programmes/research-in-practice/evaluations/${i.someonesEvaluation}`, expect: signedIn(404) },
  { name: "Research in Practice impact report", path: () => "/programmes/research-in-practice/impact", expect: only(["ld", "admin"]) },
  { name: "Research in Practice impact CSV", path: () => "/programmes/research-in-practice/impact/export", expect: only(["ld", "admin"]) },
  { name: "Research in Practice sample feed outside demo mode", path: () => "/programmes/research-in-practice/sample-feed", expect: signedIn(404, 404) },
  { name: "practice development home", path: () => "/programmes/practice-development", expect: signedIn(200) },
  { name: "practice development new briefing", path: () => "/programmes/practice-development/briefings/new", expect: only(["ld", "admin"]) },
  { name: "practice development a briefing", path: () => `/programmes/practice-development/briefings/${pdIds.briefing}`, expect: signedIn(200) },
  { name: "practice development an unknown briefing", path: () => "/programmes/practice-development/briefings/999999", expect: signedIn(404) },
  { name: "practice development confirming with no version", method: "POST", path: () => `/programmes/practice-development/briefings/${pdIds.briefing}`, expect: signedIn(400) },
  { name: "practice development edit a briefing", path: () => `/programmes/practice-development/briefings/${pdIds.briefing}/edit`, expect: only(["ld", "admin"]) },
  { name: "practice development new session", path: () => "/programmes/practice-development/briefings/sessions/new", expect: only(["ld", "admin"]) },
  { name: "practice development a session's register", path: () => `/programmes/practice-development/briefings/sessions/${pdIds.cohort}`, expect: only(["ld", "admin"]) },
  { name: "practice development an unknown session", path: () => "/programmes/practice-development/briefings/sessions/999999", expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "practice development session calendar", path: () => `/programmes/practice-development/briefings/sessions/${pdIds.cohort}/calendar`, expect: signedIn(200) },
  { name: "practice development Signs of Safety", path: () => "/programmes/practice-development/briefings/signs-of-safety", expect: signedIn(200) },
  { name: "practice development rollouts", path: () => "/programmes/practice-development/rollouts", expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "practice development new rollout", path: () => "/programmes/practice-development/rollouts/new", expect: only(["ld", "admin"]) },
  { name: "practice development a rollout's progress", path: () => `/programmes/practice-development/rollouts/${pdIds.rollout}`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "practice development a rollout's CSV", path: () => `/programmes/practice-development/rollouts/${pdIds.rollout}/export`, expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "practice development closing a rollout with no intent", method: "POST", path: () => `/programmes/practice-development/rollouts/${pdIds.rollout}`, expect: { ...only([]), ld: 400, admin: 400 } },
  { name: "practice development an unknown rollout", path: () => "/programmes/practice-development/rollouts/999999", expect: { ...only([]), manager: 404, serviceManager: 404, ld: 404, admin: 404 } },
  { name: "practice development my induction", path: () => "/programmes/practice-development/induction", expect: signedIn(200) },
  { name: "practice development new starters", path: () => "/programmes/practice-development/induction/team", expect: only(["manager", "serviceManager", "ld", "admin"]) },
  { name: "practice development induction setting with nothing filled in", method: "POST", path: () => "/programmes/practice-development/induction/team", expect: { ...only([]), ld: 400, admin: 400 } },
  { name: "practice development audits", path: () => "/programmes/practice-development/audits", expect: only(["ld", "admin"]) },
  { name: "practice development open learning actions", path: () => "/programmes/practice-development/audits/actions", expect: only(["ld", "admin"]) },
  { name: "practice development new audit", path: () => "/programmes/practice-development/audits/new", expect: only(["ld", "admin"]) },
  { name: "practice development new audit with nothing filled in", method: "POST", path: () => "/programmes/practice-development/audits/new", expect: { ...only([]), ld: 400, admin: 400 } },
  { name: "practice development an audit", path: () => `/programmes/practice-development/audits/${pdIds.audit}`, expect: only(["ld", "admin"]) },
  { name: "practice development a finding with nothing filled in", method: "POST", path: () => `/programmes/practice-development/audits/${pdIds.audit}`, expect: { ...only([]), ld: 400, admin: 400 } },
  { name: "practice development an unknown audit", path: () => "/programmes/practice-development/audits/999999", expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "practice development an audit finding", path: () => `/programmes/practice-development/audits/${pdIds.audit}/findings/${pdIds.finding}`, expect: only(["ld", "admin"]) },
  { name: "practice development a learning action with nothing filled in", method: "POST", path: () => `/programmes/practice-development/audits/${pdIds.audit}/findings/${pdIds.finding}`, expect: { ...only([]), ld: 400, admin: 400 } },
  { name: "practice development an unknown finding", path: () => `/programmes/practice-development/audits/${pdIds.audit}/findings/999999`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "place requests with no manager on the portal", path: () => "/admin/requests?decided=declined", expect: only(["ld", "admin"]) },
  { name: "a place request waiting for L&D", path: () => `/admin/requests/${placeRequestIds.forLearningTeam}`, expect: only(["ld", "admin"]) },
  { name: "deciding a place request for L&D with nothing filled in", method: "POST", path: () => `/admin/requests/${placeRequestIds.forLearningTeam}`, expect: { ...only([]), ld: 400, admin: 400 } },
  // Shown, saying the manager decides it: those who run cohorts may read any request but their own.
  { name: "a place request its manager decides, for L&D", path: (i) => `/admin/requests/${i.request}`, expect: only(["ld", "admin"]) },
  { name: "an L&D member's own place request, for L&D", path: () => `/admin/requests/${placeRequestIds.ldOwn}`, expect: { ...only(["admin"]), ld: 404 } },
  { name: "an unknown place request, for L&D", path: (i) => `/admin/requests/${i.unknown}`, expect: { ...only([]), ld: 404, admin: 404 } },
  { name: "run a scheduled job now", method: "POST", path: () => "/admin/jobs/research-in-practice:catalogue-sync", expect: { ...only(["ld", "admin"]), ld: 302, admin: 302 } },
  { name: "run an unknown job", method: "POST", path: () => "/admin/jobs/no:such-job", expect: { ...only([]), ld: 404, admin: 404 } },
];

let server: RunningServer;
let ids: Ids;
const cookies = new Map<Who, string>();

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
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
  ids = { ...apprenticeships, someonesEvaluation: someones.id, report: await personIdOf("practitioner"), other: await personOutsideLineOf(manager), unknown: Number(max.max) + 1000, cohort: cohort.id, session: session.id, request: request.id, learner: learner.id, statement: statement.id, framework: framework.id, window: window.id };
  for (const who of EVERYONE) if (who !== "anonymous") cookies.set(who, await signInOverHttp(server.url, DEMO_EMAILS[who]));
});

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
  await db().insertInto("enrolments").values({ cohort_id: current.id, person_id: elsewhere.id, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).execute();
  if (!inLine) throw new Error("The demo seed should put an apprentice in the demo manager's team");
  return { intake: intake.id, application: outside.id, supportable: supportable.id, apprentice: inLine.personId, apprenticeElsewhere: elsewhere.id };
}

/** Progression requests: one in the demo manager's line, one outside it, one for the panel and one of L&D's own. */
const progressionIds = { inLine: 0, outside: 0, forPanel: 0, ldOwn: 0 };
beforeAll(async () => {
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
});

/** Place requests for L&D: one from someone with no manager on the portal, and one of the demo L&D member's own. */
const placeRequestIds = { forLearningTeam: 0, ldOwn: 0 };
beforeAll(async () => {
  placeRequestIds.forLearningTeam = await placeRequestForLearningTeam();
  const cohort = await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").where("name", "=", "Cohort 2").executeTakeFirstOrThrow();
  const ld = await personIdOf("ld");
  const asked = await requestPlace({ cohortId: cohort.id, personId: ld, actor: { userId: null, personId: ld } });
  if (!asked.ok || asked.status !== "requested") throw new Error(`L&D's own place request was not made: ${JSON.stringify(asked)}`);
  placeRequestIds.ldOwn = asked.enrolmentId;
});

/** CPD entries: the practitioner's own, one a programme wrote for them, and one of someone outside the demo accounts. */
const cpdIds = { own: 0, programme: 0, someoneElses: 0, year: registrationYearOf(londonToday(new Date())).id };
beforeAll(async () => {
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
});

/** Practice development: a seeded briefing, its rollout and a session cohort. */
const pdIds = { briefing: 0, rollout: 0, cohort: 0, audit: 0, finding: 0 };
beforeAll(async () => {
  const first = async (table: string, column: string) => Number((await sql<{ id: number }>`select min(${sql.ref(column)}) as id from ${sql.table(table)}`.execute(db())).rows[0].id);
  pdIds.briefing = await first("practice_development_briefings", "id");
  pdIds.rollout = await first("practice_development_rollouts", "id");
  pdIds.cohort = await first("practice_development_cohorts", "cohort_id");
  pdIds.audit = await first("practice_development_audits", "id");
  pdIds.finding = Number((await sql<{ id: number }>`select min(id) as id from practice_development_audit_findings where audit_id = ${pdIds.audit}`.execute(db())).rows[0].id);
});

/** ASYE years: the demo ASYE worker's (in the demo manager's line) and one in another locality, assessed and supervised by neither. */
const asyeYearIds = { inLine: 0, outside: 0 };
beforeAll(async () => {
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
});

afterAll(() => server?.close());

describe.each(ROUTES)("$name", (route) => {
  it.each(EVERYONE)("answers as expected for %s", async (who) => {
    const headers: Record<string, string> = { Origin: server.url };
    const cookie = cookies.get(who);
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(`${server.url}${route.path(ids)}`, { method: route.method ?? "GET", headers, redirect: "manual" });
    expect(response.status).toBe(route.expect[who]);
    if (response.status === 302 && who === "anonymous" && route.path(ids) !== "/") {
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});

// ---- Every built route, every method ----------------------------------------------------------------
// Read from the build, so a new route is covered with no new line here. Each route is asked with every
// method, in this process through Remix's own request handler (fast, no HTTP), as nobody and as someone
// its row above says may not see it. Nobody is sent to sign in (or refused); someone without the
// permission is refused or told it is not there; a method the route has no handler for is 405; and
// nothing is ever a server error.
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
/** Routes anyone may use, asked with these sample values; they are held only to "no server error" and 405. */
const PUBLIC_URLS: Record<string, string> = {
  "/": "/",
  "/*": "/no-such-page",
  "/login": "/login",
  "/logout": "/logout",
  "/locales/:lng/:ns": "/locales/cy/common",
  "/accessibility": "/accessibility",
  "/healthz": "/healthz",
  "/programmes/research-in-practice/sample-feed": "/programmes/research-in-practice/sample-feed",
};

interface BuiltRoute {
  path?: string;
  parentId?: string;
  module: { loader?: unknown; action?: unknown; default?: unknown };
}

const build = await loadBuild();
const builtRoutes = build.routes as unknown as Record<string, BuiltRoute>;
const fullPath = (id: string): string => {
  const route = builtRoutes[id];
  return [route.parentId ? fullPath(route.parentId) : "", route.path ?? ""].filter(Boolean).join("/");
};
const SERVED = Object.entries(builtRoutes)
  .filter(([id, route]) => id !== "root" && (route.module.loader || route.module.action))
  .map(([id, route]) => ({ pattern: `/${fullPath(id)}`, module: route.module }));

const matcherFor = (pattern: string) => new RegExp(`^${pattern.replace(/\/\*$/, "(/.*)?").replace(/:[^/]+/g, "[^/]+").replace(/\./g, "\\.")}/?$`);

/** How loosely a pattern matches: Remix prefers static segments over parameters, and both over a splat. */
const looseness = (pattern: string) => pattern.split("/").reduce((sum, segment) => sum + (segment === "*" ? 100 : segment.startsWith(":") ? 1 : 0), 0);

/** The served pattern a URL is routed to: of those that match it, the tightest. */
function routedPattern(url: string): string | undefined {
  const matching = SERVED.map((s) => s.pattern).filter((pattern) => matcherFor(pattern).test(url.split("?")[0]));
  return matching.sort((a, b) => looseness(a) - looseness(b))[0];
}

/** The matrix row that asks for this route, a GET row first. */
function rowFor(pattern: string): RouteCase | undefined {
  const rows = ROUTES.filter((r) => routedPattern(r.path(ids)) === pattern);
  return rows.find((r) => !r.method) ?? rows[0];
}

/** The first signed-in account the row refuses, if any. */
const unprivilegedFor = (row: RouteCase | undefined) => (row ? EVERYONE.find((w) => w !== "anonymous" && [403, 404].includes(row.expect[w])) : undefined);

const handles = (module: BuiltRoute["module"], method: Method) => (method === "GET" || method === "HEAD" ? Boolean(module.loader || module.default) : Boolean(module.action));

async function ask(url: string, method: Method, cookie: string | undefined) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  const body = method === "GET" || method === "HEAD" ? undefined : "";
  const response = await handleRequest(new Request(`http://localhost${url}`, { method, headers, body }));
  await response.arrayBuffer();
  return response;
}

let handleRequest: (request: Request) => Promise<Response>;
/** What the server logged as an error, other than Remix noting a method a route has no handler for. */
const loggedErrors: string[] = [];
beforeAll(() => {
  handleRequest = createRequestHandler(build, "production");
});

describe("every built route, with every method", () => {
  beforeAll(() => {
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
      if (!/^You made a [A-Z]+ request to ".*" but did not provide an `action`/.test(text)) loggedErrors.push(text);
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
    expect(loggedErrors).toEqual([]);
  });

  it("finds the routes the build serves, most with someone who may not use them", () => {
    expect(SERVED.length).toBeGreaterThan(80);
    expect(SERVED.filter((s) => unprivilegedFor(rowFor(s.pattern))).length).toBeGreaterThan(60);
  });

  it.each(SERVED.map((s) => [s.pattern, s] as const))("%s", async (pattern, { module }) => {
    const row = rowFor(pattern);
    const url = PUBLIC_URLS[pattern] ?? row?.path(ids);
    if (!url) throw new Error(`${pattern} has no row in the matrix above and is not a public route`);
    const isPublic = pattern in PUBLIC_URLS;
    const unprivileged = unprivilegedFor(row);
    const askers: { who: Who; role: "anonymous" | "unprivileged" | "allowed" }[] = [
      { who: "anonymous", role: "anonymous" },
      unprivileged ? { who: unprivileged, role: "unprivileged" } : { who: "practitioner", role: "allowed" },
    ];
    const wrong: string[] = [];
    for (const { who, role } of askers) {
      // A session of its own, so a sign-out asked for here ends nobody else's.
      const cookie = who === "anonymous" ? undefined : await cookieFor(who);
      for (const method of METHODS) {
        const response = await ask(url, method, cookie);
        const status = response.status;
        const said = `${method} ${url} as ${who}: ${status}`;
        if (status >= 500) wrong.push(`${said} (a server error)`);
        else if (!handles(module, method)) {
          if (status !== 405) wrong.push(`${said} (no handler: expected 405)`);
        } else if (isPublic || role === "allowed") continue;
        else if (role === "anonymous") {
          if (![302, 401, 403, 404, 405].includes(status)) wrong.push(`${said} (expected a sign-in redirect or a refusal)`);
          else if (status === 302 && !response.headers.get("Location")?.startsWith("/login?redirectTo=")) wrong.push(`${said} (redirected to ${response.headers.get("Location")}, not to sign in)`);
        } else if (![403, 404, 405].includes(status)) wrong.push(`${said} (expected 403 or 404 for someone without the permission)`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
