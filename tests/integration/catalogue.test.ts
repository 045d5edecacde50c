// The core's catalogue: every enabled plugin's courses searched in one place, gone when the plugin is off.
import { beforeAll, describe, expect, it } from "vitest";
import * as learning from "../../app/routes/learning";
import { catalogueItem, searchCatalogue } from "../../app/services/catalogue.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
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
});
