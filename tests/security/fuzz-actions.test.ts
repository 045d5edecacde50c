// Property-based fuzzing of every action the production build serves, through the real server, as a
// user the action is for. Each route's own page gives the forms it posts (field names, values, buttons);
// fast-check then sends them mutated: fields dropped, repeated, or set to empty, blank, 100,000-character,
// control, right-to-left, emoji, out-of-range or impossible values, with unexpected names added, as
// URL-encoded, multipart, JSON, plain text or no body at all, to real ids and to ids that are not ids.
//
// Properties, for every request:
//   1. never a 5xx, and nothing logged as an error by the server (React's warnings included);
//   2. a refusal says what was wrong. A 400 or 422 page shows an error summary, and its title starts
//      "Error:" (only such a page's does, and every page has one title); when the request is one
//      a person could send from the page (only the fields they see changed, sent as the form sends
//      them, to a real record), the summary links to those fields and every link leads to an element
//      on the page. A 403, 404, 405, 409 or 413 is the matching error page, or such a summary. Routes
//      without a page (resource routes) answer their refusals as plain text;
//   3. a refusal (any 4xx, or any page showing an error summary) stores nothing: no row of any table is
//      inserted, changed or deleted (counted by triggers, see ../support/change-counter.ts).
//
// Runs are reproducible: every route has a fixed seed, printed by fast-check with the failing input.
// FUZZ_SEED=<n> changes the base seed, FUZZ_RUNS=<n> the runs per route, FUZZ_SHRINK=1 shrinks a failure,
// FUZZ_DUMP=1 keeps each route's last answer in .tmp/.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { londonToday } from "../../app/services/cpd.server";
import { db } from "../../app/utils/db.server";
import { changeCounts, changesBetween, installChangeCounter } from "../support/change-counter";
import { cookieFor, personIdOf, seedDemo, type DemoAccount } from "../support/fixtures";
import { bodyOf, entriesOf, inputs, type Input } from "../support/hostile-form-input";
import { errorSummaryTargets, firstHeading, hasElementWithId, hasErrorSummary, postForms, titles, type PageForm } from "../support/html-forms";
import { startServer, type RunningServer } from "../support/server";
import { placeRequestForLearningTeam } from "../support/unmanaged-request";

const root = path.resolve(__dirname, "../..");
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

type Who = DemoAccount | "anonymous" | "freshAdminSession";

interface ActionCase {
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

interface Ids {
  [name: string]: string;
}

const ACTIONS: Record<string, ActionCase> = {
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
  "/programmes/apprenticeship/intakes": { who: "ld" },
  "/programmes/apprenticeship/intakes/:intakeId": { who: "ld", params: (i) => ({ intakeId: i.intake }) },
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

interface BuiltRoute {
  path?: string;
  parentId?: string;
  module: { action?: unknown; default?: unknown };
}

/** Every route with an action, and whether it is a resource route (no page: its errors are plain text). */
async function builtActions(): Promise<Map<string, { resource: boolean }>> {
  const build = (await import(path.join(root, "build/server/index.js"))) as { routes: Record<string, BuiltRoute> };
  const fullPath = (id: string): string => {
    const route = build.routes[id];
    return [route.parentId ? fullPath(route.parentId) : "", route.path ?? ""].filter(Boolean).join("/");
  };
  return new Map(
    Object.entries(build.routes)
      .filter(([, route]) => route.module.action)
      .map(([id, route]) => [`/${fullPath(id)}`, { resource: !route.module.default }]),
  );
}

// ---------------------------------------------------------------------------------------------------
// The demo organisation, and the records the routes act on.

let server: RunningServer;
let created: Ids;
let ids: Ids;
const cookies = new Map<Who, string>();

const COMMON = JSON.parse(fs.readFileSync(path.join(root, "app/locales/en-GB/common.json"), "utf8")) as { errors: Record<string, { title: string }> };
const ERROR_PAGE_TITLES: Record<number, string> = {
  403: COMMON.errors.forbidden.title,
  404: COMMON.errors.notFound.title,
  405: COMMON.errors.methodNotAllowed.title,
  409: COMMON.errors.conflict.title,
  413: COMMON.errors.tooLarge.title,
};

beforeAll(async () => {
  await seedDemo();
  created = await recordsToActOn();
  await installChangeCounter();
  server = await startServer();
  for (const who of ["practitioner", "asye", "manager", "serviceManager", "ld", "admin"] as const) cookies.set(who, await cookieFor(who));
});
afterAll(() => server?.close());

const first = async (query: ReturnType<typeof sql<{ id: number | string }>>) => {
  const row = (await query.execute(db())).rows[0];
  if (!row) throw new Error(`Nothing found for ${query.compile(db()).sql}`);
  return String(row.id);
};

/** Records created for the routes to act on, once. */
async function recordsToActOn(): Promise<Ids> {
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
async function recordsAsTheyStand(): Promise<Ids> {
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

// ---------------------------------------------------------------------------------------------------
// Sending, and judging the answer.

const fill = (pattern: string, params: Record<string, string>) => pattern.replace(/:(\w+)/g, (_, name: string) => params[name]);

async function cookieOf(who: Who): Promise<string | undefined> {
  if (who === "anonymous") return undefined;
  // Signing out ends the session it is sent with, so each run signs out of a session of its own.
  if (who === "freshAdminSession") return cookieFor("admin");
  return cookies.get(who);
}

/** Jobs started from /admin run after the answer; the next request waits until they have finished. */
async function jobsSettled() {
  for (;;) {
    const running = await sql<{ n: number }>`select count(*) as n from job_runs where status = 'running'`.execute(db());
    if (Number(running.rows[0].n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Sent {
  url: string;
  status: number;
  html: string;
  location: string | null;
  changed: Record<string, number>;
  serverErrors: string[];
  /** The page's own form, with only what a person can type changed: a refusal must then name a field. */
  typedOnly: boolean;
  /** Sent to a real record with no unexpected names: the user is one the action is for, so never a 403. */
  asTheUserItIsFor: boolean;
}

/** Whether the input changed only fields a person fills in, and sent them as the form would. */
function changesOnlyTypedFields(form: PageForm | undefined, input: Input, realParams: Record<string, string>) {
  if (!form || form.visible.size === 0 || input.extras.length > 0) return false;
  if (input.encoding !== "form" && input.encoding !== "multipart") return false;
  if (Object.entries(realParams).some(([name, value]) => input.params[name] !== value)) return false;
  return form.fields.every(([name], index) => form.visible.has(name) || (input.changes[index] ?? { kind: "keep" }).kind === "keep");
}

async function send(pattern: string, action: ActionCase, forms: PageForm[], input: Input): Promise<Sent> {
  const form = forms.length > 0 ? forms[input.formIndex % forms.length] : undefined;
  const query = form ? new URL(form.action, server.url).search : "";
  const url = `${server.url}${fill(pattern, input.params)}${query}`;
  const fileFields = new Set(form?.fields.filter(([name]) => name === "file").map(([name]) => name));
  const { body, type } = bodyOf(entriesOf(form, input), input.encoding, fileFields);
  const headers: Record<string, string> = { Origin: server.url };
  const cookie = await cookieOf(action.who);
  if (cookie) headers.Cookie = cookie;
  if (type) headers["Content-Type"] = type;

  const logged: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  const before = await changeCounts();
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual" });
    const html = await response.text();
    await jobsSettled();
    const changed = changesBetween(before, await changeCounts());
    // A job started on purpose records its own failure (no catalogue feed in tests); that is not the request's.
    const serverErrors = logged.filter((line) => !(pattern === "/admin/jobs/:jobKey" && line.startsWith("Job ")));
    const realParams = action.params?.(ids) ?? {};
    const typedOnly = changesOnlyTypedFields(form, input, realParams);
    const asTheUserItIsFor = input.extras.length === 0 && Object.entries(realParams).every(([name, value]) => input.params[name] === value);
    return { url, status: response.status, html, location: response.headers.get("Location"), changed, serverErrors, typedOnly, asTheUserItIsFor };
  } finally {
    spy.mockRestore();
  }
}

function describeSent(sent: Sent) {
  return `${sent.status} from ${sent.url.slice(0, 300)} (heading "${firstHeading(sent.html).slice(0, 80)}", error summary links ${JSON.stringify(errorSummaryTargets(sent.html))}, changed ${JSON.stringify(sent.changed)})`;
}

/**
 * The page says what was wrong: an error summary; and when the request is one a person could send
 * from the page (only typed fields changed), links in it to the fields, each leading to an element on
 * the page. A request with its hidden fields, names, encoding or ids tampered with has no typed field
 * to point at, so the summary's message is enough.
 */
function namesWhatWasWrong(sent: Sent) {
  if (!hasErrorSummary(sent.html)) return false;
  if (!sent.typedOnly) return true;
  const targets = errorSummaryTargets(sent.html);
  return targets.length > 0 && targets.every((id) => hasElementWithId(sent.html, id));
}

function judge(sent: Sent, action: ActionCase, resource: boolean) {
  const what = describeSent(sent);
  expect(sent.status, what).toBeLessThan(500);
  expect(sent.serverErrors.map((e) => e.slice(0, 2000)), `the server logged an error: ${what}`).toEqual([]);
  if (sent.asTheUserItIsFor) expect(sent.status, `the action is for this user, so it must run: ${what}`).not.toBe(403);
  if (!resource && (sent.status === 400 || sent.status === 422)) expect(namesWhatWasWrong(sent), `a refusal must say what was wrong, by field where one was typed: ${what}`).toBe(true);
  if (!resource && sent.html) {
    // GOV.UK: a page showing a refused form starts its one title with "Error:", heard first on reload.
    const [title, ...more] = titles(sent.html);
    expect(more, `a page has one <title>: ${what}`).toEqual([]);
    if (hasErrorSummary(sent.html)) expect(title, `a refused form's page title must start "Error:": ${what}`).toMatch(/^Error: \S/);
    else expect(title, `only a refused form's page title starts "Error:": ${what}`).not.toMatch(/^Error:/);
  }
  if (!resource && ERROR_PAGE_TITLES[sent.status]) {
    const pageOrField = firstHeading(sent.html) === ERROR_PAGE_TITLES[sent.status] || namesWhatWasWrong(sent);
    expect(pageOrField, `a ${sent.status} must be its error page or say what was wrong: ${what}`).toBe(true);
  }
  if (sent.status >= 300 && sent.status < 400 && action.who !== "anonymous" && action.who !== "freshAdminSession") {
    expect(sent.location ?? "", `the session must still hold: ${what}`).not.toMatch(/^\/login/);
  }
  const rejected = sent.status >= 400 || hasErrorSummary(sent.html);
  if (rejected) {
    const allowed = new Set(action.rejectionWrites?.tables ?? []);
    const stored = Object.keys(sent.changed).filter((table) => !allowed.has(table));
    expect(stored, `a refusal must store nothing: ${what}`).toEqual([]);
  }
}

/** A seed of the route's own, so adding a route does not change every other route's inputs. */
function seedFor(pattern: string) {
  let hash = BASE_SEED;
  for (const c of pattern) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  return hash;
}

/** The forms on the route's page posting to it; after a change, possibly none (then only unexpected names are sent). */
async function formsFor(pattern: string, action: ActionCase, afterChange = false): Promise<PageForm[]> {
  const page = action.formsOn ? action.formsOn(ids) : fill(pattern, action.params?.(ids) ?? {});
  const cookie = await cookieOf(action.who);
  const response = await fetch(`${server.url}${page}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  if (afterChange && response.status !== 200) return [];
  expect(response.status, `GET ${page} as ${action.who}`).toBe(200);
  const target = new RegExp(`^${pattern.replace(/:\w+/g, "[^/]+")}$`);
  const shown = postForms(await response.text(), `${server.url}${page}`).filter((f) => target.test(new URL(f.action, server.url).pathname));
  if (shown.length > 0 || !action.fallback || afterChange) return shown;
  const action_ = fill(pattern, action.params?.(ids) ?? {});
  // Not on the page, so nothing on it can be linked to, and no field counts as typed.
  return action.fallback.forms.map((f) => ({ ...f, action: action_, multipart: false, visible: new Set<string>() }));
}

let served: Map<string, { resource: boolean }>;

describe("fuzzing every action", () => {
  beforeAll(async () => {
    served = await builtActions();
  });

  it("covers every route the build serves with an action", () => {
    expect(served.size).toBeGreaterThan(50);
    expect([...served.keys()].sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  describe.each(Object.entries(ACTIONS))("%s", (pattern, action) => {
    it("answers hostile forms without a server error, says what it refuses, and stores nothing when it refuses", async () => {
      ids = { ...(await recordsAsTheyStand()), ...created };
      let forms = await formsFor(pattern, action);
      expect(forms.length, `the page should hold a form posting to ${pattern}`).toBeGreaterThan(0);
      const resource = served.get(pattern)?.resource ?? false;
      await fc.assert(
        fc.asyncProperty(inputs(forms, action.params?.(ids) ?? {}), async (input) => {
          const sent = await send(pattern, action, forms, input);
          if (process.env.FUZZ_DUMP) fs.writeFileSync(path.join(root, ".tmp", `fuzz-${pattern.replace(/\W+/g, "_")}.html`), sent.html);
          judge(sent, action, resource);
          // What was stored can change what the page offers (a request made is no longer offered): start
          // the next input from the page as it is now, as a person would.
          if (Object.keys(sent.changed).length > 0) forms = await formsFor(pattern, action, true);
        }),
        { seed: seedFor(pattern), numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== "1" },
      );
      // Switching a programme off is a success that would hide the next routes: switch them all back on.
      await sql`update programmes set enabled = 1 where enabled = 0`.execute(db());
    });
  });
});
