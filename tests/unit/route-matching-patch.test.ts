// The server's route matching is patched (scripts/patches, ADR 0012) to keep flattened route
// branches and compiled path patterns. These tests hold the patched matcher to the unpatched one:
// the package's ES module build, which the patch leaves alone.
import fs from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

type Matcher = typeof import("@remix-run/router");
type RouteObject = import("@remix-run/router").AgnosticRouteObject;

const require = createRequire(import.meta.url);
const patchedPath = require.resolve("@remix-run/router");
const patched: Matcher = require("@remix-run/router");
const unpatchedPath = patchedPath.replace(/router\.cjs\.js$/, "router.js");

const loadUnpatched = (): Promise<Matcher> => import(/* @vite-ignore */ unpatchedPath);

const segment = fc.constantFrom("team", "Team", "me", "a", "b", ":id", ":id?", "x-y");
const routePath = fc.array(segment, { minLength: 1, maxLength: 2 }).map((parts) => parts.join("/"));

interface GeneratedRoute {
  path?: string;
  caseSensitive?: boolean;
  index?: true;
  children?: GeneratedRoute[];
}

/** A route tree of static, dynamic, optional, splat, index and pathless routes; ids are their places. */
function routeTree(depth: number): fc.Arbitrary<GeneratedRoute[]> {
  const leaf = fc.oneof<fc.Arbitrary<GeneratedRoute>[]>(
    fc.record({ path: routePath, caseSensitive: fc.boolean() }),
    fc.record({ path: routePath.map((p) => `${p}/*`) }),
    fc.constant({ index: true as const }),
  );
  const parent =
    depth === 0
      ? leaf
      : fc.oneof<fc.Arbitrary<GeneratedRoute>[]>(
          leaf,
          fc.record({ path: routePath, children: routeTree(depth - 1) }),
          fc.record({ children: routeTree(depth - 1) }),
        );
  return fc.array(parent, { minLength: 1, maxLength: 5 });
}

function withIds(routes: GeneratedRoute[], parent = "r"): RouteObject[] {
  return routes.map((route, index) => {
    const id = `${parent}-${index}`;
    const children = route.children ? { children: withIds(route.children, id) } : {};
    return { ...route, id, ...children } as RouteObject;
  });
}

const pathname = fc
  .array(fc.constantFrom("team", "Team", "me", "a", "b", "x-y", "42", "%20", ""), { maxLength: 4 })
  .map((parts) => `/${parts.join("/")}`);

const summary = (matches: ReturnType<Matcher["matchRoutes"]>) =>
  matches?.map(({ route, params, pathname, pathnameBase }) => ({ id: route.id, params, pathname, pathnameBase })) ?? null;

describe("the patched route matcher", () => {
  it("is the one a fresh install runs, and the reference is not patched", () => {
    expect(fs.readFileSync(patchedPath, "utf8")).toContain("Pathways patch");
    expect(fs.readFileSync(unpatchedPath, "utf8")).not.toContain("Pathways patch");
  });

  it("matches every path as the unpatched matcher does, however often the same routes are matched", async () => {
    const unpatched = await loadUnpatched();
    const outcomes = { matched: 0, unmatched: 0 };
    fc.assert(
      fc.property(routeTree(2), fc.array(pathname, { minLength: 1, maxLength: 8 }), (tree, paths) => {
        const routes = withIds(tree);
        for (const path of [...paths, ...paths]) {
          const expected = summary(unpatched.matchRoutes(routes, path));
          expect(summary(patched.matchRoutes(routes, path))).toEqual(expected);
          outcomes[expected ? "matched" : "unmatched"] += 1;
        }
      }),
      { seed: 20261203, numRuns: 300 },
    );
    // The generated paths both hit and miss, so the comparison covers both.
    expect(outcomes.matched).toBeGreaterThan(300);
    expect(outcomes.unmatched).toBeGreaterThan(300);
  });

  it("reads a pattern's case and ending rules as the unpatched matcher does, whatever their type", async () => {
    const unpatched = await loadUnpatched();
    const rules = [true, false, undefined, null, 0, 1, ""] as unknown as boolean[];
    for (const caseSensitive of rules) {
      for (const end of rules) {
        for (const pathname of ["/team/4", "/Team/4", "/team/4/more", "/team/4/"]) {
          const pattern = { path: "/Team/:id", caseSensitive, end };
          expect(patched.matchPath(pattern, pathname), JSON.stringify({ caseSensitive, end, pathname })).toEqual(unpatched.matchPath(pattern, pathname));
        }
      }
    }
  });

  it("keeps a pattern apart from the same path with other case or ending rules", () => {
    expect(patched.matchPath({ path: "/Team/:id", caseSensitive: false, end: true }, "/team/4")?.params).toEqual({ id: "4" });
    expect(patched.matchPath({ path: "/Team/:id", caseSensitive: true, end: true }, "/team/4")).toBeNull();
    expect(patched.matchPath({ path: "/Team/:id", caseSensitive: false, end: true }, "/team/4/more")).toBeNull();
    expect(patched.matchPath({ path: "/Team/:id", caseSensitive: false, end: false }, "/team/4/more")?.pathnameBase).toBe("/team/4");
  });

  it("sees routes a navigation adds to a tree it has already matched", async () => {
    const router = patched
      .createRouter({
        routes: [{ id: "root", path: "/", children: [{ id: "a", path: "a" }] }],
        history: patched.createMemoryHistory(),
        // Lazy route discovery adds routes to the tree in place, then matches the same tree again.
        patchRoutesOnNavigation: ({ path, patch }) => {
          if (path === "/b") patch("root", [{ id: "b", path: "b" }]);
        },
      })
      .initialize();
    await router.navigate("/b");
    expect(router.state.matches.map((m) => m.route.id)).toEqual(["root", "b"]);
    expect(router.state.errors).toBeNull();
    router.dispose();
  });
});
