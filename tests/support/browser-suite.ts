// What every browser test file shares: the demo organisation seeded, the production build served on it,
// and Debian's Chromium, opened before the file's tests and closed after them. A file's own setup goes in
// its own beforeAll, which runs after this one.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { expectAccessibleAt, launchChromium, signedInContext } from "./browser";
import { seedDemo } from "./fixtures";
import { startServer, type RunningServer } from "./server";

export interface BrowserSuite {
  /** The server's address, once the suite has started. */
  readonly url: string;
  readonly browser: Browser;
  /** A fresh context signed in as a demo account, in a language, with or without JavaScript. */
  signedIn: (email: string, locale: "en-GB" | "cy", javaScriptEnabled?: boolean) => ReturnType<typeof signedInContext>;
  /** Opens a page once its requests have settled, and expects axe to find nothing. */
  expectAccessible: (page: Page, url: string) => Promise<void>;
}

export function browserSuite(): BrowserSuite {
  // The test server speaks plain HTTP, where a browser drops a Secure cookie.
  process.env.PATHWAYS_SECURE_COOKIES = "0";
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await seedDemo();
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error("The browser suite is used before its beforeAll has run");
    return { server, browser };
  };
  return {
    get url() {
      return started().server.url;
    },
    get browser() {
      return started().browser;
    },
    signedIn: (email, locale, javaScriptEnabled = true) => signedInContext(started().browser, started().server.url, email, locale, javaScriptEnabled),
    expectAccessible: (page, url) => expectAccessibleAt(page, started().server.url, url),
  };
}
