// The fuzzer's table: every route the production build serves with an action, the demo account the
// action is for, and where its forms are. ../fuzz-actions.test.ts fails if a built action has no entry.
import type { DemoAccount } from "../../support/fixtures";
import type { PageForm } from "../../support/html-forms";

export type Who = DemoAccount | "anonymous" | "freshAdminSession";

export interface ActionCase {
  who: Who;
  /** Real values for the route's parameters. */
  params?: (ids: Ids) => Record<string, string>;
  /** The page holding the route's forms, when it is not the route itself. */
  formsOn?: (ids: Ids) => string;
  /**
   * The form as the route's schema reads it, for a route whose page shows its form only in a state no
   * demo account is in; used only when the page shows none.
   */
  fallback?: { forms: Pick<PageForm, "fields" | "buttons">[]; why: string };
  /** Tables a rejection writes to on purpose, and why. */
  rejectionWrites?: { tables: string[]; why: string };
}

export interface Ids {
  [name: string]: string;
}

export const ACTIONS: Record<string, ActionCase> = {
  "/login": {
    who: "anonymous",
    rejectionWrites: { tables: ["login_attempts", "audit_events"], why: "a failed sign-in is counted, to throttle guessing, and audited" },
  },
  "/logout": { who: "freshAdminSession", formsOn: () => "/me" },
  "/me/cpd": { who: "practitioner" },
  "/me/cpd/entries/:entryId": { who: "practitioner", params: (i) => ({ entryId: i.cpdEntry }) },
  "/me/pathway": { who: "practitioner" },
  "/me/export": { who: "practitioner", formsOn: () => "/me" },
  "/me/notices/:noticeId": { who: "practitioner", params: (i) => ({ noticeId: i.notice }), formsOn: () => "/me" },
  "/team/:personId/export": { who: "admin", params: (i) => ({ personId: i.practitioner }), formsOn: (i) => `/team/${i.practitioner}` },
  "/team/requests/:enrolmentId": { who: "serviceManager", params: (i) => ({ enrolmentId: i.placeRequest }) },
  "/team/progression/:requestId": { who: "manager", params: (i) => ({ requestId: i.progressionInLine }) },
  "/admin/people/import": { who: "ld" },
  "/admin/plugins": { who: "admin" },
  "/admin/jobs/:jobKey": { who: "ld", params: () => ({ jobKey: "research-in-practice:catalogue-sync" }), formsOn: () => "/admin" },
  "/admin/pathway/:stageCode": { who: "admin", params: () => ({ stageCode: "social_worker" }) },
  "/admin/progression/:requestId": { who: "ld", params: (i) => ({ requestId: i.progressionForPanel }) },
  "/admin/requests/:enrolmentId": { who: "ld", params: (i) => ({ enrolmentId: i.placeRequestForLearningTeam }) },
  "/programmes/apprenticeship": {
    who: "practitioner",
    fallback: {
      why: "logging off-the-job hours is for apprentices, answering an offer for applicants with one; no demo account is either",
      forms: [
        { fields: [["weekOf", "2026-01-05"], ["hours", "6"], ["activity", "Reading"]], buttons: [] },
        { fields: [["intent", "respond"], ["application", "1"]], buttons: [["response", "accepted"], ["response", "declined"]] },
      ],
    },
  },
  "/programmes/apprenticeship/apply/:intakeId": { who: "practitioner", params: (i) => ({ intakeId: i.intake }) },
  "/programmes/apprenticeship/applications/:applicationId": { who: "ld", params: (i) => ({ applicationId: i.application }) },
  "/programmes/apprenticeship/applications/:applicationId/support": { who: "manager", params: (i) => ({ applicationId: i.application }) },
  "/programmes/apprenticeship/apprentices/:personId": { who: "ld", params: (i) => ({ personId: i.apprentice }) },
  "/programmes/apprenticeship/funding": { who: "ld" },
  "/programmes/apprenticeship/funding/:entryId/reverse": { who: "ld", params: (i) => ({ entryId: i.ledgerEntry }) },
  "/programmes/apprenticeship/intakes": { who: "ld" },
  "/programmes/apprenticeship/intakes/:intakeId": { who: "ld", params: (i) => ({ intakeId: i.intake }) },
  "/programmes/apprenticeship/places/:enrolmentId/withdraw": { who: "ld", params: (i) => ({ enrolmentId: i.apprenticePlace }) },
  "/programmes/apprenticeship/settings": { who: "ld" },
  "/programmes/asye/caseload/import": { who: "ld" },
  "/programmes/asye/caseload/settings": { who: "ld" },
  "/programmes/asye/settings": { who: "ld" },
  "/programmes/asye/years/new": { who: "ld", formsOn: (i) => `/programmes/asye/years/new?person=${i.asyeWaiting}` },
  "/programmes/asye/years/:yearId": { who: "ld", params: (i) => ({ yearId: i.asyeYear }) },
  // Before the programme's home, whose forms can end the demo manager's own place on Cohort 1.
  "/programmes/leadership/learning": { who: "manager" },
  "/programmes/leadership": { who: "manager" },
  "/programmes/leadership/team": { who: "manager" },
  "/programmes/leadership/settings": { who: "ld" },
  "/programmes/leadership/cohorts/new": { who: "ld" },
  "/programmes/leadership/cohorts/:cohortId": { who: "ld", params: (i) => ({ cohortId: i.cohort }) },
  "/programmes/leadership/cohorts/:cohortId/attendance": { who: "ld", params: (i) => ({ cohortId: i.cohort }) },
  "/programmes/leadership/cohorts/:cohortId/bulk": { who: "ld", params: (i) => ({ cohortId: i.cohort }), formsOn: (i) => `/programmes/leadership/cohorts/${i.cohort}/bulk?preview=1&role=team_manager` },
  "/programmes/leadership/cohorts/:cohortId/learning": { who: "ld", params: (i) => ({ cohortId: i.cohort }) },
  "/programmes/leadership/cohorts/:cohortId/learners/:enrolmentId": { who: "ld", params: (i) => ({ cohortId: i.cohort, enrolmentId: i.learner }) },
  "/programmes/leadership/sessions/:sessionId/edit": { who: "ld", params: (i) => ({ sessionId: i.session }) },
  "/programmes/leadership/sessions/:sessionId/register": { who: "ld", params: (i) => ({ sessionId: i.session }) },
  "/programmes/naas": { who: "practitioner" },
  "/programmes/naas/book": {
    who: "practitioner",
    formsOn: () => "/programmes/naas/book?track=practitioner",
    fallback: { why: "the booking form shows once a manager has endorsed the practitioner", forms: [{ fields: [["window", "2"]], buttons: [] }] },
  },
  "/programmes/naas/statements/:statementId": { who: "practitioner", params: (i) => ({ statementId: i.statement }) },
  "/programmes/naas/people/:personId": { who: "manager", params: (i) => ({ personId: i.practitioner }) },
  "/programmes/naas/people/:personId/statements/:statementId": { who: "manager", params: (i) => ({ personId: i.practitioner, statementId: i.statement }) },
  "/programmes/naas/windows": { who: "ld" },
  "/programmes/naas/settings": { who: "ld" },
  "/programmes/naas/frameworks": { who: "admin" },
  "/programmes/naas/frameworks/:frameworkId": {
    who: "admin",
    params: (i) => ({ frameworkId: i.framework }),
    fallback: { why: "the mapping lists an earlier version's statements, and the demo holds one version of each framework", forms: [{ fields: [["from-1", "1"], ["from-2", "2"]], buttons: [] }] },
  },
  "/programmes/practice-development/audits/new": { who: "ld" },
  "/programmes/practice-development/audits/:auditId": { who: "ld", params: (i) => ({ auditId: i.audit }) },
  "/programmes/practice-development/audits/:auditId/findings/:findingId": { who: "ld", params: (i) => ({ auditId: i.audit, findingId: i.finding }) },
  "/programmes/practice-development/briefings/new": { who: "ld" },
  "/programmes/practice-development/briefings/:briefingId": { who: "practitioner", params: (i) => ({ briefingId: i.briefing }) },
  "/programmes/practice-development/briefings/:briefingId/edit": { who: "ld", params: (i) => ({ briefingId: i.briefing }) },
  "/programmes/practice-development/briefings/sessions/new": { who: "ld" },
  "/programmes/practice-development/briefings/sessions/:cohortId": { who: "ld", params: (i) => ({ cohortId: i.briefingSession }) },
  "/programmes/practice-development/briefings/signs-of-safety": {
    who: "practitioner",
    fallback: { why: "a stage can be booked once the stage before it is done, and no demo account has done one", forms: [{ fields: [["cohort", "8"]], buttons: [] }] },
  },
  "/programmes/practice-development/induction/team": { who: "ld" },
  "/programmes/practice-development/rollouts/:rolloutId": { who: "ld", params: (i) => ({ rolloutId: i.rollout }) },
  "/programmes/practice-development/rollouts/new": { who: "ld" },
  "/programmes/research-in-practice/courses/:courseId": { who: "practitioner", params: () => ({ courseId: "rip-permanence" }) },
  "/programmes/research-in-practice/runs/:runId": { who: "ld", params: () => ({ runId: "perm-past" }) },
  "/programmes/research-in-practice/evaluations/:enrolmentId": { who: "practitioner", params: (i) => ({ enrolmentId: i.evaluation }) },
};
