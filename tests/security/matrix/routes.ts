// The authorisation matrix: every route, as every role and as nobody, and the status each must answer.
// ../authorization-matrix.test.ts asks it over HTTP; ../route-coverage.test.ts checks every built route has a row.
import type { RouteCase } from "./cases";
import { CORE_ROUTES, LEARNING_TEAM_ROUTES } from "./core-routes";
import { PROGRAMME_ROUTES } from "./programme-routes";

// In the order the table has always been asked: L&D's decisions and jobs last, since running a job now
// starts work in the background that could change what a programme's page shows.
export const ROUTES: RouteCase[] = [...CORE_ROUTES, ...PROGRAMME_ROUTES, ...LEARNING_TEAM_ROUTES];
