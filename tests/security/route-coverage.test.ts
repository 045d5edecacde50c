// Every route the production build serves is in the authorisation matrix, so a new page cannot ship
// without its who-may-see-it row. Public routes (signing in and out, translations) are named here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Ids } from "./matrix/cases";
import { ROUTES } from "./matrix/routes";

const root = path.resolve(__dirname, "../..");
const PUBLIC_ROUTES = ["/login", "/logout", "/locales/:lng/:ns"];

interface BuiltRoute {
  path?: string;
  parentId?: string;
  module: { loader?: unknown; action?: unknown };
}

/** The paths the matrix's rows request. Only their shape matters here, so every id, made or seeded, is 1. */
function matrixPaths(): string[] {
  const anyIds = new Proxy({}, { get: () => 1 }) as Ids;
  return ROUTES.map((route) => route.path(anyIds).split("?")[0]);
}

describe("the authorisation matrix", () => {
  it("covers every route with a loader or an action", async () => {
    const build = (await import(path.join(root, "build/server/index.js"))) as { routes: Record<string, BuiltRoute> };
    const fullPath = (id: string): string => {
      const route = build.routes[id];
      return [route.parentId ? fullPath(route.parentId) : "", route.path ?? ""].filter(Boolean).join("/");
    };
    const requested = matrixPaths();
    const served = Object.entries(build.routes)
      .filter(([, route]) => route.module.loader || route.module.action)
      .map(([id]) => `/${fullPath(id)}`);
    expect(served.length).toBeGreaterThan(80);
    const missing = served.filter((pattern) => {
      if (PUBLIC_ROUTES.includes(pattern)) return false;
      const matcher = new RegExp(`^${pattern.replace(/\/\*$/, "(/.*)?").replace(/:[^/]+/g, "[^/]+").replace(/\./g, "\\.")}/?$`);
      return !requested.some((p) => matcher.test(p));
    });
    expect(missing).toEqual([]);
  });
});
