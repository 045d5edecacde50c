// The catalogue sync as L&D meet it on /admin: run now, and the outcome it shows, succeeded or failed,
// with the pages read before a failure worded for 1 and for more, in English and Welsh.
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import { runJob } from "../../../app/services/jobs.server";
import { findInstalledPlugin } from "../../../app/plugins.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { outsideWorld, useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";

useOutsideWorld();
beforeAll(seedDemo);

describe("sync now, from /admin", () => {
  it("runs the sync, and /admin shows what it did or why it failed", async () => {
    process.env.RIP_FEED_URL = "https://feed.rip.test/catalogue";
    process.env.RIP_FEED_TOKEN = "secret";
    const plugin = findInstalledPlugin("research-in-practice")!;
    outsideWorld.use(http.get(process.env.RIP_FEED_URL, () => new HttpResponse(null, { status: 502 })));
    await runJob(plugin, plugin.jobs![0]);
    let jobs = ((await run(admin.loader, await requestAs("ld", "/admin"))).data as { jobs: { key: string; run: { status: string; outcome: string } }[] }).jobs;
    expect(jobs.find((j) => j.key === "research-in-practice:catalogue-sync")!.run).toMatchObject({ status: "failed", outcome: "The provider failed with error 502 on page 1 (0 pages read before it). Nothing was applied; the catalogue from the last good sync is unchanged." });
    outsideWorld.use(http.get(process.env.RIP_FEED_URL, () => HttpResponse.json({ items: [], page: 1, nextPage: null })));
    const runNow = await import("../../../app/routes/admin.jobs.$jobKey");
    expect((await run(runNow.action, await requestAs("practitioner", "/admin/jobs/research-in-practice:catalogue-sync", { method: "POST" }), { jobKey: "research-in-practice:catalogue-sync" })).status).toBe(403);
    const started = await run(runNow.action, await requestAs("ld", "/admin/jobs/research-in-practice:catalogue-sync", { method: "POST" }), { jobKey: "research-in-practice:catalogue-sync" });
    expect(started.status).toBe(302);
    for (let i = 0; i < 50; i += 1) {
      jobs = ((await run(admin.loader, await requestAs("ld", "/admin"))).data as { jobs: typeof jobs }).jobs;
      if (jobs.find((j) => j.key === "research-in-practice:catalogue-sync")!.run.status === "succeeded") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(jobs.find((j) => j.key === "research-in-practice:catalogue-sync")!.run).toMatchObject({ status: "succeeded", outcome: "Catalogue synced. Pages read: 1. Courses added: 0, updated: 0, withdrawn: 0, unchanged: 0." });
    delete process.env.RIP_FEED_URL;
    delete process.env.RIP_FEED_TOKEN;
  });
});

describe("the pages read before a failure, as /admin words them", () => {
  const FEED = "https://feed.rip.test/catalogue";
  const syncJob = "research-in-practice:catalogue-sync";
  /** Serves good pages up to `failing`, which answers 503; runs the sync job and reads its outcome on /admin. */
  async function failOnPage(failing: number, lng?: "cy") {
    outsideWorld.use(
      http.get(FEED, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get("page"));
        return page === failing ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ items: [], page, nextPage: page + 1 });
      }),
    );
    const plugin = findInstalledPlugin("research-in-practice")!;
    await runJob(plugin, plugin.jobs![0]);
    const jobs = ((await run(admin.loader, await requestAs("ld", lng ? `/admin?lng=${lng}` : "/admin"))).data as { jobs: { key: string; run: { status: string; outcome: string } }[] }).jobs;
    return jobs.find((j) => j.key === syncJob)!.run;
  }

  it("says 1 page and 2 pages in English, and reads with its one form in Welsh", async () => {
    process.env.RIP_FEED_URL = FEED;
    process.env.RIP_FEED_TOKEN = "secret";
    try {
      expect(await failOnPage(2)).toMatchObject({ status: "failed", outcome: "The provider failed with error 503 on page 2 (1 page read before it). Nothing was applied; the catalogue from the last good sync is unchanged." });
      // The count is kept with the run, so the summary reads right whenever /admin translates it.
      const stored = await db().selectFrom("job_runs").select("summary_json").where("job_key", "=", syncJob).orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(JSON.parse(stored.summary_json!)).toMatchObject({ messageKey: "sync.errors.server", values: { page: 2, status: 503, fetched: 1, count: 1 } });
      expect(await failOnPage(2, "cy")).toMatchObject({ outcome: "Methodd y darparwr gyda gwall 503 ar dudalen 2 (tudalennau a ddarllenwyd cyn hynny: 1). Ni chafodd unrhyw newidiadau eu gwneud; mae'r catalog o'r cysoni llwyddiannus diwethaf heb ei newid." });
      expect(await failOnPage(3)).toMatchObject({ status: "failed", outcome: "The provider failed with error 503 on page 3 (2 pages read before it). Nothing was applied; the catalogue from the last good sync is unchanged." });
      expect(await failOnPage(3, "cy")).toMatchObject({ outcome: "Methodd y darparwr gyda gwall 503 ar dudalen 3 (tudalennau a ddarllenwyd cyn hynny: 2). Ni chafodd unrhyw newidiadau eu gwneud; mae'r catalog o'r cysoni llwyddiannus diwethaf heb ei newid." });
    } finally {
      delete process.env.RIP_FEED_URL;
      delete process.env.RIP_FEED_TOKEN;
    }
  });
});
