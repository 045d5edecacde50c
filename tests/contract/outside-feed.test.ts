// A plugin's job that reads an outside feed, against msw: what it fetched is applied, and a failing
// feed leaves what we held untouched.
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "../fixtures/plugins/example/plugin";
import { FEED_URL } from "../fixtures/plugins/example/server/feed.server";
import { registerTestPlugin } from "../../app/plugins.server";
import { pluginContext } from "../../app/services/plugin-context.server";
import { db } from "../../app/utils/db.server";
import { migrateAll } from "../../db/migrate";
import { outsideWorld, useOutsideWorld } from "../support/msw";

useOutsideWorld();
registerTestPlugin(fixture);
beforeAll(() => migrateAll(db(), [fixture]));

const sync = () => fixture.jobs![0].run(pluginContext(fixture, "en-GB"), () => undefined);
const held = () => db().selectFrom("example_feed_items" as never).selectAll().orderBy("id" as never).execute();

describe("syncing an outside feed", () => {
  it("applies what the feed holds", async () => {
    outsideWorld.use(http.get(FEED_URL, () => HttpResponse.json({ items: [{ id: "a", title: "First" }, { id: "b", title: "Second" }] })));
    await sync();
    expect(await held()).toEqual([{ id: "a", title: "First" }, { id: "b", title: "Second" }]);
  });

  it("keeps the last good copy when the feed fails", async () => {
    outsideWorld.use(http.get(FEED_URL, () => new HttpResponse(null, { status: 503 })));
    await expect(sync()).rejects.toThrow("503");
    expect(await held()).toHaveLength(2);
  });

  it("keeps the last good copy when the feed sends something malformed", async () => {
    outsideWorld.use(http.get(FEED_URL, () => HttpResponse.json({ items: [{ id: 1 }] })));
    await expect(sync()).rejects.toThrow();
    expect(await held()).toHaveLength(2);
  });
});
