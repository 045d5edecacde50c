// Every non-GET request must come from our own pages; the check runs before any route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let adminCookie: string;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  adminCookie = await signInOverHttp(server.url, "admin@demo.test");
});
afterAll(() => server?.close());

const post = (path: string, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: "plugin=x&enabled=0" });

describe("cross-site requests", () => {
  it("refuses a POST from another origin with 403, before the route runs", async () => {
    const before = await db().selectFrom("audit_events").select("id").execute();
    const response = await post("/logout", { Origin: "https://evil.example", Cookie: adminCookie });
    expect(response.status).toBe(403);
    const after = await db().selectFrom("audit_events").select("id").execute();
    expect(after.length).toBe(before.length);
  });

  it("refuses a POST that carries no Origin or Referer", async () => {
    expect((await post("/login", {})).status).toBe(403);
  });

  it("refuses a POST the browser marks as cross-site even with a matching Origin", async () => {
    expect((await post("/admin/plugins", { Origin: server.url, "Sec-Fetch-Site": "cross-site", Cookie: adminCookie })).status).toBe(403);
  });

  it("accepts the same request from our own origin", async () => {
    expect((await post("/admin/plugins", { Origin: server.url, "Sec-Fetch-Site": "same-origin", Cookie: adminCookie })).status).toBe(200);
  });

  it("accepts a Referer from our own pages when Origin is absent", async () => {
    expect((await post("/admin/plugins", { Referer: `${server.url}/admin/plugins`, Cookie: adminCookie })).status).toBe(200);
  });

  it("sends security headers with every page", async () => {
    const response = await fetch(`${server.url}/login`);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
