// The security headers on every response, and pages in Chromium hydrating under that policy: Remix's
// inline scripts run because they carry the response's nonce, and nothing else inline may run.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../support/fixtures";
import { launchChromium, signInWithForm } from "../support/browser";
import { startServer, type RunningServer } from "../support/server";

process.env.PATHWAYS_SECURE_COOKIES = "0";

let server: RunningServer;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
});
afterAll(() => server?.close());

function directives(policy: string | null): Map<string, string[]> {
  return new Map((policy ?? "").split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

const nonceIn = (policy: string | null) => directives(policy).get("script-src")?.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);

/** Runs a request with NODE_ENV set as given; the HTTP layer reads it per response. */
async function withNodeEnv<T>(value: "production" | "test", act: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = value;
  try {
    return await act();
  } finally {
    process.env.NODE_ENV = before;
  }
}

describe("security headers", () => {
  it("send a policy that frames nowhere and lets scripts run from this site or with this response's nonce only", async () => {
    const response = await fetch(`${server.url}/login`);
    const policy = directives(response.headers.get("Content-Security-Policy"));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    const scriptSrc = policy.get("script-src") ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc.filter((v) => v !== "'self'")).toEqual([expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)]);
  });

  it("give each response a nonce of its own, and every script on the page carries it", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    const nonce = nonceIn(first.headers.get("Content-Security-Policy"));
    expect(nonce).toBeTruthy();
    expect(nonceIn(second.headers.get("Content-Security-Policy"))).not.toBe(nonce);
    const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("tell browsers not to sniff types, to send no referrer elsewhere and not to frame the page", async () => {
    for (const path of ["/login", "/styles/main.css", "/no-such-page"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
      expect(response.headers.get("X-Frame-Options")).toBe("DENY");
      expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("insist on HTTPS (Strict-Transport-Security) in production only", async () => {
    const inProduction = await withNodeEnv("production", () => fetch(`${server.url}/healthz`));
    expect(inProduction.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{8,}/);
    const inTest = await withNodeEnv("test", () => fetch(`${server.url}/healthz`));
    expect(inTest.headers.get("Strict-Transport-Security")).toBeNull();
  });
});

describe("in Chromium, under the policy", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    // Collected from the page itself and from the console, so a violation is seen whichever way it shows.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const seen = ((window as unknown as { __cspViolations?: string[] }).__cspViolations ??= []);
        seen.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const pageViolations = () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
  const hydrated = () => page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));

  it("hydrates the sign-in page and signs in through it", async () => {
    await page.goto(`${server.url}/login`);
    await hydrated();
    expect(await pageViolations()).toEqual([]);
    await signInWithForm(page, server.url, "admin@demo.test");
    expect(violations).toEqual([]);
  });

  it.each(["/admin", "/admin/reports/metrics", "/admin/people", "/programmes/practice-development"])("hydrates %s with no policy violation", async (path) => {
    await page.goto(`${server.url}${path}`);
    await hydrated();
    expect(await pageViolations()).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("navigates on the client after hydration (the data comes by fetch, not inline)", async () => {
    await page.goto(`${server.url}/admin`);
    await hydrated();
    await page.evaluate(() => ((window as unknown as { __beforeNavigation: boolean }).__beforeNavigation = true));
    await Promise.all([page.waitForURL(`${server.url}/admin/people`), page.click("a[href='/admin/people']")]);
    expect(await page.evaluate(() => (window as unknown as { __beforeNavigation?: boolean }).__beforeNavigation)).toBe(true);
    expect(await pageViolations()).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("blocks an inline script that lacks the nonce, and reports it", async () => {
    await page.goto(`${server.url}/admin`);
    await hydrated();
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = 1";
      document.body.append(script);
    });
    await page.waitForFunction(() => ((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).length > 0);
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    expect(await pageViolations()).toEqual([expect.stringMatching(/^script-src/)]);
  });
});
