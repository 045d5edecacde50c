// Reads repeated within one request are made once, and a change in the same request is seen by the
// reads after it; outside a request nothing is kept, so another process's change is never hidden.
import { AsyncResource } from "node:async_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledPlugins } from "../../app/plugins.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { readSettings, writeSettings } from "../../app/services/settings.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { forgetInRequest, peopleKey, readOncePerRequest, withRequestMemo } from "../../app/utils/request-memo.server";
import { seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";

beforeAll(seedDemo);

const counter = () => {
  let reads = 0;
  return { read: async () => (reads += 1), reads: () => reads };
};

describe("a request's memo", () => {
  it("reads a key once within a request, and again in the next request", async () => {
    const source = counter();
    await withRequestMemo(async () => {
      expect(await readOncePerRequest("k", source.read)).toBe(1);
      expect(await readOncePerRequest("k", source.read)).toBe(1);
    });
    await withRequestMemo(async () => expect(await readOncePerRequest("k", source.read)).toBe(2));
    expect(source.reads()).toBe(2);
  });

  it("forgets what it read once the request has finished, though work the request started lives on", async () => {
    const source = counter();
    let finish = () => {};
    const readLater = await withRequestMemo(
      async () => {
        await readOncePerRequest("k", source.read);
        // Bound to the request's context, as a timer or a pooled connection's callback would be.
        return AsyncResource.bind(() => readOncePerRequest("k", source.read));
      },
      (forget) => (finish = forget),
    );
    expect(await readLater()).toBe(1);
    finish();
    expect(await readLater()).toBe(2);
  });

  it("keeps nothing outside a request", async () => {
    const source = counter();
    await readOncePerRequest("k", source.read);
    await readOncePerRequest("k", source.read);
    expect(source.reads()).toBe(2);
  });

  it("shares a read of the same people asked for in another order, and not of other people", async () => {
    const source = counter();
    await withRequestMemo(async () => {
      await readOncePerRequest(`people:${peopleKey([3, 1, 2])}`, source.read);
      await readOncePerRequest(`people:${peopleKey([1, 2, 3])}`, source.read);
      expect(source.reads()).toBe(1);
      await readOncePerRequest(`people:${peopleKey([1, 2])}`, source.read);
      await readOncePerRequest(`people:${peopleKey([12, 3])}`, source.read);
      expect(source.reads()).toBe(3);
    });
  });

  it("does not keep a failed read, and forgets by prefix", async () => {
    await withRequestMemo(async () => {
      await expect(readOncePerRequest("broken", () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
      expect(await readOncePerRequest("broken", async () => "read again")).toBe("read again");
      const source = counter();
      await readOncePerRequest("settings:a.", source.read);
      forgetInRequest("settings:");
      await readOncePerRequest("settings:a.", source.read);
      expect(source.reads()).toBe(2);
    });
  });

  it("shows a setting changed earlier in the same request", async () => {
    await withRequestMemo(async () => {
      expect(await readSettings("memo-test", { limit: 1 })).toEqual({ limit: 1 });
      await writeSettings("memo-test", { limit: 5 }, SYSTEM_ACTOR);
      expect(await readSettings("memo-test", { limit: 1 })).toEqual({ limit: 5 });
    });
  });

  it("shows a setting another process changed to the next request", async () => {
    await withRequestMemo(() => readSettings("memo-other", { on: false }));
    await db().insertInto("settings").values({ key: "memo-other.on", value_json: "true", updated_at: new Date().toISOString() }).execute();
    expect(await withRequestMemo(() => readSettings("memo-other", { on: false }))).toEqual({ on: true });
  });

  it("shows a programme switched off earlier in the same request", async () => {
    await withRequestMemo(async () => {
      expect((await enabledPlugins()).map((p) => p.id)).toContain("research-in-practice");
      await setPluginEnabled("research-in-practice", false, SYSTEM_ACTOR);
      try {
        expect((await enabledPlugins()).map((p) => p.id)).not.toContain("research-in-practice");
      } finally {
        await setPluginEnabled("research-in-practice", true, SYSTEM_ACTOR);
      }
    });
  });
});

describe("the memo over HTTP", () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = await signInOverHttp(server.url, "practitioner@demo.test");
  });
  afterAll(() => server?.close());

  /** How many times answering the request ran a statement that matches `statement`. */
  async function readsOf(statement: RegExp, path: string, init: RequestInit = {}, as = cookie) {
    let reads = 0;
    const stop = observeQueries((sql) => {
      if (statement.test(sql)) reads += 1;
    });
    try {
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { Cookie: as, Origin: server.url, ...init.headers }, redirect: "manual" });
      await response.text();
      return { status: response.status, reads };
    } finally {
      stop();
    }
  }

  const sessionReads = (path: string, init: RequestInit = {}) => readsOf(/^select .* from "auth_sessions"/i, path, init);

  it("reads the session once for a page, though the layout and the page both ask", async () => {
    expect(await sessionReads("/me")).toEqual({ status: 200, reads: 1 });
  });

  it("has no memo in a POST, whose action runs before the page's loaders read again", async () => {
    const posted = await sessionReads("/me/cpd", { method: "POST", body: new URLSearchParams({ title: "" }) });
    expect(posted.status).toBe(400);
    expect(posted.reads).toBeGreaterThan(1);
  });

  it("reads a locality's ASYE years and apprentices once for /team, though the list and the inbox ask in different orders", async () => {
    const serviceManager = await signInOverHttp(server.url, "service.manager@demo.test");
    expect(await readsOf(/from "asye_years"/i, "/team", {}, serviceManager)).toEqual({ status: 200, reads: 1 });
    expect(await readsOf(/from "apprenticeship_otj"/i, "/team", {}, serviceManager)).toEqual({ status: 200, reads: 1 });
  });

  it("reads the settings once for /me, though five programmes' rules are asked for", async () => {
    expect(await readsOf(/from "settings"/i, "/me")).toEqual({ status: 200, reads: 1 });
  });

  it("reads a person's facts for the briefing rollouts once for /me, though the rollouts and the induction checklist both ask", async () => {
    expect(await readsOf(/"t"\."parent_id" as "locality_id", "p"\."employment_status"/i, "/me")).toEqual({ status: 200, reads: 1 });
  });

  it("reads a person's NAAS picture, briefing rollouts and ASYE year once for /me, though readiness and the cards all ask", async () => {
    for (const table of ["naas_frameworks", "practice_development_rollouts", "asye_years"]) {
      expect(await readsOf(new RegExp(`from "${table}"`, "i"), "/me")).toEqual({ status: 200, reads: 1 });
    }
  });
});
