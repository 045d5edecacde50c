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
import { db } from "../../app/utils/db.server";
import { changeCounts, changesBetween, installChangeCounter } from "../support/change-counter";
import { cookieFor, seedDemo } from "../support/fixtures";
import { bodyOf, entriesOf, inputs, type Input } from "../support/hostile-form-input";
import { postForms, type PageForm } from "../support/html-forms";
import { startServer, type RunningServer } from "../support/server";
import { ACTIONS, type ActionCase, type Ids, type Who } from "./fuzz/actions";
import { judge, type Sent } from "./fuzz/judge";
import { recordsAsTheyStand, recordsToActOn } from "./fuzz/records";

const root = path.resolve(__dirname, "../..");
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);

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
// The demo organisation, and the records the routes act on (./fuzz/records).

let server: RunningServer;
let created: Ids;
let ids: Ids;
const cookies = new Map<Who, string>();

beforeAll(async () => {
  await seedDemo();
  created = await recordsToActOn();
  await installChangeCounter();
  server = await startServer();
  for (const who of ["practitioner", "asye", "manager", "serviceManager", "ld", "admin"] as const) cookies.set(who, await cookieFor(who));
});
afterAll(() => server?.close());

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
