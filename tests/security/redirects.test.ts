// Signing in follows `redirectTo` only to a path on this site: every trick for naming another site in it
// ends on a same-site path instead, read the way a browser reads the Location header we send.
import { beforeAll, describe, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import { requireViewer } from "../../app/utils/guard.server";
import { seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const SITE = "http://localhost";
const HOME = "/admin";

beforeAll(seedDemo);

let attempt = 0;
/** Signs in as admin through the real action with `redirectTo`, from an address of its own so throttling never joins in. */
async function signInTo(redirectTo: string) {
  attempt += 1;
  const request = new Request(`${SITE}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Pathways-Client-Address": `198.18.0.${attempt}` },
    body: new URLSearchParams({ email: "admin@demo.test", password: "pathways-demo", redirectTo }),
  });
  const outcome = await run(login.action, request);
  expect(outcome.status).toBe(302);
  return outcome.headers.get("Location") ?? "";
}

const HOSTILE = [
  "//evil.example",
  "//evil.example/admin",
  "///evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "https://evil.example",
  "https:evil.example",
  "HTTPS://evil.example/admin",
  "http://localhost@evil.example",
  "%2F%2Fevil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "\u0000//evil.example",
  "/./\\evil.example",
  "/.//evil.example",
  "/%09/evil.example",
  "/\r\nSet-Cookie: pathways_session=stolen",
  "",
];

describe("redirectTo after signing in", () => {
  it.each(HOSTILE)("%j ends on a path on this site", async (target) => {
    const location = await signInTo(target);
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(location).not.toMatch(/[\u0000-\u001f\u007f]/);
    // Where a browser on this site would go: still this site.
    expect(new URL(location, SITE).origin).toBe(SITE);
  });

  it.each(["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/.//evil.example"])("%j falls back to the home page", async (target) => {
    expect(await signInTo(target)).toBe(HOME);
  });

  it.each([
    ["/team?tab=requests", "/team?tab=requests"],
    ["/programmes/naas/people/12", "/programmes/naas/people/12"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/me?q=a b", "/me?q=a%20b"],
  ])("follows %j on this site to %j", async (target, expected) => {
    expect(await signInTo(target)).toBe(expected);
  });

  it("brings someone back to the page that sent them to sign in", async () => {
    const guarded = await fetchRedirectToFor("/admin/people?q=smith&page=2");
    expect(await signInTo(guarded)).toBe("/admin/people?q=smith&page=2");
  });
});

/** The redirectTo a signed-out visitor is given by the guard on a page. */
async function fetchRedirectToFor(path: string) {
  try {
    await requireViewer(new Request(`${SITE}${path}`));
  } catch (thrown) {
    const location = (thrown as Response).headers.get("Location") ?? "";
    return new URL(location, SITE).searchParams.get("redirectTo") ?? "";
  }
  throw new Error("A signed-out request should be sent to sign in");
}
