// Every route, as every role and as nobody, against the production build: the status each must answer.
// The table is in ./matrix: the core's rows, the programmes' rows, and the records they ask about.
import { createRequestHandler } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cookieFor, DEMO_EMAILS, seedDemo } from "../support/fixtures";
import { loadBuild } from "../../scripts/http-app";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";
import { EVERYONE, type Ids, type RouteCase, type Who } from "./matrix/cases";
import { findAsyeYears, findPracticeDevelopmentRecords, matrixIds, openProgressionRequests, requestPlacesForLearningTeam, writeCpdEntries } from "./matrix/records";
import { ROUTES } from "./matrix/routes";

let server: RunningServer;
let ids: Ids;
const cookies = new Map<Who, string>();

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  ids = await matrixIds();
  for (const who of EVERYONE) if (who !== "anonymous") cookies.set(who, await signInOverHttp(server.url, DEMO_EMAILS[who]));
});
beforeAll(openProgressionRequests);
beforeAll(requestPlacesForLearningTeam);
beforeAll(writeCpdEntries);
beforeAll(findPracticeDevelopmentRecords);
beforeAll(findAsyeYears);

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
// its row in the matrix says may not see it. Nobody is sent to sign in (or refused); someone without the
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
    if (!url) throw new Error(`${pattern} has no row in the matrix (./matrix) and is not a public route`);
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
