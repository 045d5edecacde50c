// The core's rows of the authorisation matrix: its own pages, each as every role and as nobody, and the
// status each must answer. ./routes puts them in the order the table is asked.
import { only, signedIn, type RouteCase } from "./cases";
import { cpdIds, placeRequestIds, progressionIds } from "./records";

/** Home, the person's own record and pathway, their team and administration. */
export const CORE_ROUTES: RouteCase[] = [
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
  // Nor what the page showed of the entry, so refused as from a page out of date (409), keeping what was sent.
  { name: "changing the practitioner's CPD entry with nothing filled in", method: "POST", path: () => `/me/cpd/entries/${cpdIds.own}`, expect: { ...only(["practitioner"], 404), practitioner: 409 } },
  { name: "a CPD entry a programme wrote for the practitioner, to reflect on", path: () => `/me/cpd/entries/${cpdIds.programme}`, expect: only(["practitioner"], 404) },
  { name: "reflecting on a CPD entry a programme wrote with nothing filled in", method: "POST", path: () => `/me/cpd/entries/${cpdIds.programme}`, expect: { ...only(["practitioner"], 404), practitioner: 409 } },
  { name: "someone else's CPD entry", path: () => `/me/cpd/entries/${cpdIds.someoneElses}`, expect: signedIn(404) },
  { name: "a CPD year to copy", path: () => `/me/cpd/year/${cpdIds.year}`, expect: signedIn(200) },
  { name: "a CPD year as CSV", path: () => `/me/cpd/export/${cpdIds.year}`, expect: signedIn(200) },
  { name: "a CPD year that is not one", path: () => "/me/cpd/year/2025-2027", expect: signedIn(404) },
  { name: "a CPD year after this one as CSV", path: () => "/me/cpd/export/2999-3000", expect: signedIn(404) },
  { name: "a page that does not exist", path: () => "/no-such-page", expect: signedIn(404, 404) },
  { name: "dismissing a notice that is not yours", method: "POST", path: () => "/me/notices/999999", expect: signedIn(404) },
  { name: "a request in the service manager's line", path: (i) => `/team/requests/${i.request}`, expect: { ...only(["serviceManager"]), manager: 404 } },
];

/** The place requests L&D decide and the jobs they run now. */
export const LEARNING_TEAM_ROUTES: RouteCase[] = [
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
