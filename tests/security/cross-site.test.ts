// Every non-GET request must come from our own pages; the check runs before any route.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { localeCookie } from "../../app/utils/i18n.server";
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

const ENGLISH_REFUSAL = "This request did not come from a Pathways page. Nothing was saved or changed. Go back to the portal, reload the page and try again.";
const WELSH_REFUSAL = "Ni ddaeth y cais hwn o dudalen Pathways. Ni chafodd dim ei gadw na'i newid. Ewch yn ôl i'r porth, ail-lwythwch y dudalen a rhowch gynnig arall arni.";

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

  it("words the refusal in English for someone who has not chosen Welsh", async () => {
    const response = await post("/logout", { Origin: "https://evil.example", "Accept-Language": "en-GB,en;q=0.9" });
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(ENGLISH_REFUSAL);
  });

  it("words the refusal in Welsh, found as a page finds the language: the cookie, then Accept-Language", async () => {
    const welshCookie = (await localeCookie.serialize("cy")).split(";")[0];
    const fromCookie = await post("/logout", { Origin: "https://evil.example", Cookie: `${adminCookie}; ${welshCookie}`, "Accept-Language": "en-GB" });
    expect(fromCookie.status).toBe(403);
    expect(fromCookie.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await fromCookie.text()).toBe(WELSH_REFUSAL);
    const fromBrowser = await post("/login", { "Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5" });
    expect(await fromBrowser.text()).toBe(WELSH_REFUSAL);
  });

  it("still refuses, in English, a request whose address the language cannot be read from", async () => {
    // fetch cannot send an address like this; a raw request can (an absolute address with no valid port).
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => socket.end("POST http://x:99999/login?lng=cy HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer.endsWith(`\r\n\r\n${ENGLISH_REFUSAL}`)).toBe(true);
  });

  // Accepted past the origin check: the page itself then refuses the unknown programme `x` (400), not 403.
  it("accepts the same request from our own origin", async () => {
    expect((await post("/admin/plugins", { Origin: server.url, "Sec-Fetch-Site": "same-origin", Cookie: adminCookie })).status).toBe(400);
  });

  it("accepts a Referer from our own pages when Origin is absent", async () => {
    expect((await post("/admin/plugins", { Referer: `${server.url}/admin/plugins`, Cookie: adminCookie })).status).toBe(400);
  });

  it("sends security headers with every page", async () => {
    const response = await fetch(`${server.url}/login`);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
