// Nothing a user can type or send makes the server answer 500.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionAsShown } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let admin: string;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  admin = await signInOverHttp(server.url, "admin@demo.test");
});
afterAll(() => server?.close());

const long = "a".repeat(5000);

const GETS = [
  "/%E0%A4%A", "/team/%00", "/team/1e3", "/team/-1", "/team/99999999999999999999", "/admin/people?q=%00%27%22%5C%25_",
  `/admin/people?q=${long}`, "/admin/people?page=99999999", "/admin/people?page=abc&sort=%3Cscript%3E&dir=%00",
  "/admin/audit?from=2026-02-30&to=yesterday&person=1%20or%201=1&actor=-5", "/locales/cy/..%2f..%2fpackage",
  "/locales/xx/common", "/me?lng=%00", "/admin/audit?person=%00&actor=E1%00", "/team?q=%00", "/me?lng=cy-GB", "/programmes/no-such-plugin", "/login?redirectTo=%0d%0aSet-Cookie:x=1",
];

const POSTS: { path: string; type?: string; body: string }[] = [
  { path: "/login", type: "application/json", body: '{"email":"admin@demo.test"}' },
  { path: "/login", type: "multipart/form-data; boundary=zzz", body: "garbage" },
  { path: "/login", type: "application/x-www-form-urlencoded", body: `email=${long}@x.org&password=${long}` },
  { path: "/login", type: "application/x-www-form-urlencoded", body: "email[]=a&email[]=b&password=%00" },
  { path: "/login", type: "application/x-www-form-urlencoded", body: "email=a%00b%40x.org&password=%00" },
  { path: "/admin/plugins", type: "application/x-www-form-urlencoded", body: "plugin=%00&enabled=maybe" },
  { path: "/admin/people/import", type: "application/x-www-form-urlencoded", body: "file=not-a-file" },
  { path: "/admin/people/import", type: "multipart/form-data; boundary=zzz", body: "--zzz\r\nbroken" },
  { path: "/me", type: "application/x-www-form-urlencoded", body: "x=1" },
  // The form library's own control names, which it JSON-parses: no page sends them.
  { path: "/login", type: "application/x-www-form-urlencoded", body: "__intent__=x&email=admin%40demo.test&password=x" },
  { path: "/login", type: "application/x-www-form-urlencoded", body: "__state__=x&email=admin%40demo.test&password=x" },
  { path: "/login", type: "application/x-www-form-urlencoded", body: `__intent__=${encodeURIComponent('{"type":"nope"}')}&email=a` },
  { path: "/login", type: "multipart/form-data; boundary=zzz", body: '--zzz\r\nContent-Disposition: form-data; name="__intent__"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n--zzz--\r\n' },
  { path: "/me/cpd", type: "application/x-www-form-urlencoded", body: "__intent__=x&__state__=y&title=A" },
];

describe("hostile input", () => {
  it.each(GETS)("GET %s is answered without a server error", async (path) => {
    const response = await fetch(`${server.url}${path}`, { headers: { Cookie: admin }, redirect: "manual" });
    expect(response.status).toBeLessThan(500);
  });

  it.each(POSTS)("POST $path ($type) is answered without a server error", async ({ path, type, body }) => {
    const headers: Record<string, string> = { Cookie: admin, Origin: server.url };
    if (type) headers["Content-Type"] = type;
    const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body, redirect: "manual" });
    expect(response.status).toBeLessThan(500);
  });
});

/** A request through `agent`, answered with its status; a stalled connection fails after five seconds. */
function request(agent: http.Agent, path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { agent, method: init.method ?? "GET", headers: init.headers, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error(`${path} stalled`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("a body the route never reads", () => {
  it("is dropped once the answer is sent, so the connection carries the next request", async () => {
    // One connection, kept alive: the second request can only be answered on the first's socket.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.alloc(2 * 1024 * 1024, "a");
      const headers = { Cookie: admin, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length) };
      // An unknown stage is answered 404 before the form is read.
      expect(await request(agent, "/admin/pathway/no_such_stage", { method: "POST", headers, body })).toBe(404);
      expect(await request(agent, "/healthz")).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe("forms sent back with what a page cannot show", () => {
  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: admin, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" }, body, redirect: "manual" });

  it("names a list refused for one of its items, not only for the whole", async () => {
    const response = await post("/programmes/asye/caseload/settings", "sharePercent=90&experiencedStages=social_worker&experiencedStages=Not+a+stage");
    expect(response.status).toBe(400);
    // The error was kept under experiencedStages[1], which the summary used to leave out.
    expect(await response.text()).toMatch(/class="govuk-error-summary"[\s\S]*href="#caseload-settings-experiencedStages"/);
  });

  it("names a session status that is neither of its two radios", async () => {
    const session = await db().selectFrom("cohort_sessions").selectAll().orderBy("id").executeTakeFirstOrThrow();
    // With the session as the page showed it, so the form reaches its fields rather than "page out of date".
    const response = await post(`/programmes/leadership/sessions/${session.id}/edit`, `title=Session&date=2026-03-02&time=09%3A30&durationMinutes=60&location=&status=postponed&shown=${encodeURIComponent(sessionAsShown(session))}`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/class="govuk-error-summary"[\s\S]*href="#session-status-scheduled"/);
    expect(html).toContain('id="session-status-scheduled"');
  });

  it("words a text field sent twice in the page's language, not in Zod's English", async () => {
    const body = "title=First&title=Second&occurredOn=2026-03-02&hours=1&learning=&practiceImpact=&peerReflection=no";
    for (const [lng, message] of [["en-GB", "Give one answer here"], ["cy", "Rhowch un ateb yma"]]) {
      const response = await post(`/me/cpd?lng=${lng}`, body);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toMatch(new RegExp(`class="govuk-error-summary"[\\s\\S]*${message}`));
      expect(html).not.toContain("Expected string, received array");
    }
  });

  it("shows one choice where a single choice was sent twice, without React's warning", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await post("/programmes/apprenticeship/funding", "kind=&occurredOn=&amount=&person=1&person=2");
      expect(response.status).toBe(400);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
