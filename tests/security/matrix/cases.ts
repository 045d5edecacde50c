// The authorisation matrix's vocabulary: who asks, what a row says, and the ids its paths are built from.
// "report" is someone in the demo manager's line; "other" is someone outside it.
import type { DemoAccount } from "../../support/fixtures";

export type Who = DemoAccount | "anonymous";
export const EVERYONE: Who[] = ["anonymous", "practitioner", "asye", "manager", "serviceManager", "ld", "admin"];

export interface RouteCase {
  name: string;
  method?: "GET" | "POST";
  path: (ids: Ids) => string;
  expect: Record<Who, number>;
}

export interface Ids {
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
  /** An apprentice's place (an enrolment), for L&D to withdraw. */
  apprenticePlace: number;
  /** A payment on the levy ledger, for L&D to correct. */
  ledgerEntry: number;
  someonesEvaluation: number;
}

/** Every signed-in account is answered `status`, and nobody `anonymous` (by default, sent to sign in). */
export const signedIn = (status: number, anonymous = 302) => ({ anonymous, practitioner: status, asye: status, manager: status, serviceManager: status, ld: status, admin: status });
/** The `allowed` accounts see the page and other signed-in ones are answered `otherwise`; nobody is sent to sign in. */
export const only = (allowed: Who[], otherwise = 403): Record<Who, number> =>
  Object.fromEntries(EVERYONE.map((w) => [w, w === "anonymous" ? 302 : allowed.includes(w) ? 200 : otherwise])) as Record<Who, number>;
