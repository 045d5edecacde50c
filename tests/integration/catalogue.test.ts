// The core's catalogue: every enabled plugin's courses searched in one place, gone when the plugin is off.
import { beforeAll, describe, expect, it } from "vitest";
import * as learning from "../../app/routes/learning";
import { catalogueItem, searchCatalogue } from "../../app/services/catalogue.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

beforeAll(seedDemo);

interface Page {
  items: { source: string; id: string; title: string; kind?: string; href: string; sourceTitle: string }[];
  more: boolean;
  search: string;
}

describe("the catalogue", () => {
  it("finds Research in Practice courses by words in the title, with where to book", async () => {
    const items = await searchCatalogue("en-GB", { search: "PERMANENCE" });
    expect(items.map((i) => i.title)).toContain("Care Planning for Permanence");
    const permanence = items.find((i) => i.title === "Care Planning for Permanence")!;
    expect(permanence).toMatchObject({ source: "research-in-practice", sourceTitle: "Research in Practice courses", href: `/programmes/research-in-practice/courses/${permanence.id}` });
    expect(await catalogueItem("en-GB", "research-in-practice", permanence.id)).toMatchObject({ title: "Care Planning for Permanence" });
    expect(await catalogueItem("en-GB", "research-in-practice", "no-such-course")).toBeUndefined();
    expect(await catalogueItem("en-GB", "leadership", permanence.id)).toBeUndefined();
  });

  it("treats what is typed as words, never as a pattern, and answers every search", async () => {
    expect(await searchCatalogue("en-GB", { search: "%" })).toEqual([]);
    expect(await searchCatalogue("en-GB", { search: "_" })).toEqual([]);
    for (const q of ["'; drop table people; --", "x".repeat(5000), "\u0000", "<script>"]) {
      const outcome = await run(learning.loader, await requestAs("practitioner", `/learning?q=${encodeURIComponent(q)}`));
      expect(outcome.status).toBe(200);
      expect((outcome.data as Page).search.length).toBeLessThanOrEqual(100);
    }
  });

  it("is on /learning for everyone signed in, in Welsh too", async () => {
    const page = (await run(learning.loader, await requestAs("asye", "/learning?q=permanence&lng=cy"))).data as Page;
    expect(page.items.length).toBeGreaterThan(0);
    expect((await run(learning.loader, await requestAs(null, "/learning"))).status).toBe(302);
  });

  it("leaves out a switched-off plugin's courses", async () => {
    await setPluginEnabled("research-in-practice", false, SYSTEM_ACTOR);
    try {
      expect(await searchCatalogue("en-GB", { search: "permanence" })).toEqual([]);
      const page = (await run(learning.loader, await requestAs("practitioner", "/learning"))).data as Page;
      expect(page.items.filter((i) => i.source === "research-in-practice")).toEqual([]);
    } finally {
      await setPluginEnabled("research-in-practice", true, SYSTEM_ACTOR);
    }
  });

  it("shows the first 50 of a longer list and says so", async () => {
    const now = new Date().toISOString();
    const course = (n: number) => ({
      id: `overflow-${n}`, title: `Overflow course ${String(n).padStart(2, "0")}`, format: "webinar", summary: "A course", objectives_json: "[]",
      cpd_hours: 1, kss_json: "[]", pcf_json: "[]", last_modified: now, withdrawn: 0, synced_at: now,
    });
    const pageFor = async (count: number) => {
      await db().insertInto("research_in_practice_courses" as never).values(Array.from({ length: count }, (_, n) => course(n)) as never).execute();
      try {
        return (await run(learning.loader, await requestAs("practitioner", "/learning?q=overflow+course"))).data as Page;
      } finally {
        await db().deleteFrom("research_in_practice_courses" as never).where("id" as never, "like", "overflow-%" as never).execute();
      }
    };
    const longer = await pageFor(51);
    expect(longer.items).toHaveLength(50);
    expect(longer.more).toBe(true);
    const exactly = await pageFor(50);
    expect(exactly.items).toHaveLength(50);
    expect(exactly.more).toBe(false);
  });
});
