// Sessions over HTTP against the production build: signing in always starts a new session and ends the
// one the browser carried (no fixation), and signing out ends the session on the server, not only in
// the browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
});
afterAll(() => server?.close());

const SESSION = "pathways_session";
const idOf = (cookie: string) => cookie.slice(SESSION.length + 1);

/** Signs in through the form, sending `carried` as the browser's cookie; answers the new session cookie. */
async function signIn(email: string, carried?: string) {
  const headers: Record<string, string> = { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
  if (carried) headers.Cookie = carried;
  const response = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", headers, body: new URLSearchParams({ email, password: "pathways-demo" }) });
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`));
  expect(cookie).toBeDefined();
  return cookie!.split(";")[0];
}

/** Whether the cookie gets someone into their own record, rather than being sent to sign in. */
async function authenticates(cookie: string) {
  const response = await fetch(`${server.url}/me`, { headers: { Cookie: cookie }, redirect: "manual" });
  expect([200, 302]).toContain(response.status);
  return response.status === 200;
}

const sessionRow = (cookie: string) => db().selectFrom("auth_sessions").select("id").where("id", "=", idOf(cookie)).executeTakeFirst();

describe("signing in", () => {
  it("never adopts a session id the browser brought with it", async () => {
    const planted = `${SESSION}=attackerchosenid0000000000000000`;
    const issued = await signIn("admin@demo.test", planted);
    expect(idOf(issued)).not.toBe(idOf(planted));
    expect(await authenticates(issued)).toBe(true);
    expect(await authenticates(planted)).toBe(false);
    expect(await sessionRow(planted)).toBeUndefined();
  });

  it("ends a live session the browser carried, so whoever holds its id is signed out", async () => {
    const attackers = await signIn("practitioner@demo.test");
    expect(await authenticates(attackers)).toBe(true);
    const victims = await signIn("manager@demo.test", attackers);
    expect(idOf(victims)).not.toBe(idOf(attackers));
    expect(await authenticates(attackers)).toBe(false);
    expect(await sessionRow(attackers)).toBeUndefined();
    expect(await authenticates(victims)).toBe(true);
  });

  it("starts a new session each time, even for the same person", async () => {
    const first = await signIn("ld@demo.test");
    const second = await signIn("ld@demo.test", first);
    expect(idOf(second)).not.toBe(idOf(first));
    expect(await authenticates(first)).toBe(false);
    expect(await authenticates(second)).toBe(true);
  });

  it.each([`${SESSION}=%00`, `${SESSION}=${"x".repeat(5000)}`, `${SESSION}='; drop table users; --`, `${SESSION}=%E0%A4%A`])("treats a malformed session cookie (%s) as signed out", async (cookie) => {
    expect(await authenticates(cookie)).toBe(false);
    const response = await fetch(`${server.url}/login`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
  });
});

describe("signing out", () => {
  it("ends the session on the server: the old cookie no longer signs anyone in", async () => {
    const cookie = await signIn("admin@demo.test");
    expect(await sessionRow(cookie)).toBeDefined();
    const response = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: cookie } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`))).toMatch(/^pathways_session=;/);
    expect(await sessionRow(cookie)).toBeUndefined();
    expect(await authenticates(cookie)).toBe(false);
  });

  it("ends only that session: the same person signed in elsewhere stays signed in", async () => {
    const here = await signIn("asye@demo.test");
    const elsewhere = await signIn("asye@demo.test");
    await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: here } });
    expect(await authenticates(here)).toBe(false);
    expect(await authenticates(elsewhere)).toBe(true);
  });
});
