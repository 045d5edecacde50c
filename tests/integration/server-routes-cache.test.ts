// Remix rebuilt its server route objects for every page it rendered; the patch in scripts/patches
// (ADR 0012) builds them once for the running build. Served here through the real production build.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDemo } from "../support/fixtures";
import { firstHeading } from "../support/html-forms";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";

// The module RemixServer calls; spied before the build is loaded, so every render is counted.
const remixRoutes: { createServerRoutes: (...args: unknown[]) => unknown } = createRequire(import.meta.url)("@remix-run/react/dist/routes.js");
const createServerRoutes = vi.spyOn(remixRoutes, "createServerRoutes");

let server: RunningServer;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
});

afterAll(() => server?.close());

describe("the server's route objects", () => {
  it("are built once for the running build, and each page still renders its own route", async () => {
    const cookie = await signInOverHttp(server.url, "practitioner@demo.test");
    const pages = ["/accessibility", "/me", "/accessibility", "/me/pathway"];
    const headings: string[] = [];
    for (const path of pages) {
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(200);
      headings.push(firstHeading(await response.text()));
    }
    expect(createServerRoutes).toHaveBeenCalledTimes(1);
    expect(headings[0]).toBe(headings[2]);
    expect(new Set(headings).size).toBe(3);
  });
});
