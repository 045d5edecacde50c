import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { delayAfter, FREE_ATTEMPTS } from "../../app/services/sign-in.server";
import { readSession } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";
import { DEMO_EMAILS, personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { run } from "../support/route";
import { startServer, type RunningServer } from "../support/server";

function loginRequest(fields: Record<string, string>, address = "203.0.113.7") {
  return new Request("http://localhost/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Pathways-Client-Address": address },
    body: new URLSearchParams(fields),
  });
}

beforeAll(seedDemo);

describe("signing in", () => {
  const homes: Record<DemoAccount, string> = {
    practitioner: "/me",
    asye: "/me",
    manager: "/team",
    serviceManager: "/team",
    ld: "/admin",
    admin: "/admin",
  };

  it.each(Object.entries(homes))("lands %s on %s with an HttpOnly, SameSite=Lax session cookie", async (account, home) => {
    const outcome = await run(login.action, loginRequest({ email: DEMO_EMAILS[account as DemoAccount], password: "pathways-demo" }));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe(home);
    const cookie = outcome.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^pathways_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await readSession(new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] } }));
    expect(session?.user.roles.length).toBeGreaterThan(0);
  });

  it("says what is missing next to each field", async () => {
    const outcome = await run(login.action, loginRequest({ email: "", password: "" }));
    expect(outcome.status).toBe(400);
    const reply = outcome.data as { error: Record<string, string[]> };
    expect(reply.error.email).toEqual(["login.errors.emailRequired"]);
    expect(reply.error.password).toEqual(["login.errors.passwordRequired"]);
  });

  it("refuses a wrong password without saying which part was wrong, and audits it", async () => {
    const outcome = await run(login.action, loginRequest({ email: "admin@demo.test", password: "not-the-password" }, "198.51.100.1"));
    expect(outcome.status).toBe(400);
    expect((outcome.data as { error: Record<string, string[]> }).error[""]).toEqual(["login.errors.invalid"]);
    const audit = await db().selectFrom("audit_events").select("action").where("action", "=", "auth.sign_in_failed").execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("only follows a redirect to a path on this site", async () => {
    const outcome = await run(login.action, loginRequest({ email: "admin@demo.test", password: "pathways-demo", redirectTo: "//evil.example/" }, "198.51.100.9"));
    expect(outcome.headers.get("Location")).toBe("/admin");
  });
});

describe("throttling", () => {
  it("grows the delay with each failure past the free attempts", () => {
    expect(delayAfter(FREE_ATTEMPTS - 1)).toBe(0);
    expect(delayAfter(FREE_ATTEMPTS)).toBe(2);
    expect(delayAfter(FREE_ATTEMPTS + 1)).toBe(4);
    expect(delayAfter(FREE_ATTEMPTS + 3)).toBe(16);
    expect(delayAfter(100)).toBe(15 * 60);
  });

  it("refuses even the right password while an account is held back, then audits the refusal", async () => {
    const email = "practitioner@demo.test";
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) {
      const attempt = await run(login.action, loginRequest({ email, password: "wrong-password" }, `192.0.2.${i + 1}`));
      expect(attempt.status).toBe(400);
    }
    const held = await run(login.action, loginRequest({ email, password: "pathways-demo" }, "192.0.2.200"));
    expect(held.status).toBe(429);
    expect(Number(held.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((held.data as { error: Record<string, string[]> }).error[""]).toEqual(["login.errors.throttled"]);
    // Recorded against the account's person, as a failure is, so it is in their subject access download.
    const refusals = await db().selectFrom("audit_events").select("person_id").where("action", "=", "auth.sign_in_throttled").execute();
    expect(refusals).toEqual([{ person_id: await personIdOf("practitioner") }]);
  });

  it("holds back an address that tries many accounts", async () => {
    const address = "192.0.2.250";
    for (const email of ["a@demo.test", "b@demo.test", "c@demo.test"]) {
      await run(login.action, loginRequest({ email, password: "whatever-it-is" }, address));
    }
    const held = await run(login.action, loginRequest({ email: "ld@demo.test", password: "pathways-demo" }, address));
    expect(held.status).toBe(429);
  });
});

describe("a burst of wrong passwords over HTTP", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  const attempt = (email: string, password: string) =>
    fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }),
    });
  const audited = async (action: string, email: string) =>
    (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "=", email).execute()).length;

  it("lets only the free attempts reach the password check, accounts for every attempt, and holds back even the right password", async () => {
    // The clock stands still, so the hold cannot run out part way through however slow the machine is.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    try {
      const email = DEMO_EMAILS.serviceManager;
      const burst = await Promise.all(Array.from({ length: 30 }, () => attempt(email, "wrong-password")));
      const statuses = burst.map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(FREE_ATTEMPTS);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30 - FREE_ATTEMPTS);
      const counted = await db().selectFrom("login_attempts").select("failures").where("key", "=", `account:${email}`).executeTakeFirstOrThrow();
      expect(counted.failures).toBe(FREE_ATTEMPTS);
      expect(await audited("auth.sign_in_failed", email)).toBe(FREE_ATTEMPTS);
      expect(await audited("auth.sign_in_throttled", email)).toBe(30 - FREE_ATTEMPTS);

      const held = await attempt(email, "pathways-demo");
      expect(held.status).toBe(429);
      expect(Number(held.headers.get("Retry-After"))).toBe(delayAfter(FREE_ATTEMPTS));
      expect(held.headers.getSetCookie().some((c) => c.startsWith("pathways_session=") && !c.startsWith("pathways_session=;"))).toBe(false);

      // Once the hold has passed, the right password signs in and clears the count.
      vi.setSystemTime(Date.now() + delayAfter(FREE_ATTEMPTS) * 1000);
      const later = await attempt(email, "pathways-demo");
      expect(later.status).toBe(302);
      expect(await db().selectFrom("login_attempts").select("key").where("key", "=", `account:${email}`).executeTakeFirst()).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("signing out", () => {
  it("ends the session and clears the cookie", async () => {
    const request = await requestAs("manager", "/logout", { method: "POST" });
    expect(await readSession(request)).not.toBeNull();
    const outcome = await run(logout.action, request);
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/login");
    expect(outcome.headers.get("Set-Cookie")).toMatch(/pathways_session=;/);
    expect(await readSession(request)).toBeNull();
  });

  it("is never done by a GET", async () => {
    const outcome = await run(logout.loader, await requestAs("manager", "/logout"));
    expect(outcome.status).toBe(405);
  });
});
