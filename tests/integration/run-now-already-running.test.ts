// "Run now" on a job that is already running starts nothing, and /admin says so (in English and Welsh)
// instead of coming back as if the button had done nothing. Showing that changes nothing on the GET.
import { beforeAll, describe, expect, it } from "vitest";
import AdminHome, * as admin from "../../app/routes/admin._index";
import * as runNow from "../../app/routes/admin.jobs.$jobKey";
import { allJobs } from "../../app/services/jobs.server";
import { db } from "../../app/utils/db.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

let key: string;

beforeAll(async () => {
  await seedDemo();
  key = (await allJobs())[0].key;
  // A run that is alive: it said so just now, so "Run now" must not start a second.
  const now = new Date().toISOString();
  await db().insertInto("job_runs").values({ job_key: key, status: "running", started_at: now, heartbeat_at: now, done: 3, total: 10 }).execute();
});

const runs = async () => (await db().selectFrom("job_runs").select(["id", "status", "done"]).where("job_key", "=", key).orderBy("id").execute());
const audits = async () => (await db().selectFrom("audit_events").select("id").execute()).length;

describe("Run now on a job already running", () => {
  it("starts nothing and goes back to /admin saying which job is already running", async () => {
    const [before, auditedBefore] = [await runs(), await audits()];
    const answer = await run(runNow.action, await requestAs("ld", `/admin/jobs/${encodeURIComponent(key)}`, { method: "POST", body: new URLSearchParams() }), { jobKey: key });
    expect(answer.status).toBe(302);
    const location = answer.headers.get("Location")!;
    expect(new URL(location, "http://localhost").pathname).toBe("/admin");
    expect(new URL(location, "http://localhost").searchParams.get("alreadyRunning")).toBe(key);
    expect(await runs()).toEqual(before);

    for (const [locale, words] of [["en-GB", "is already running, so it was not started again"], ["cy", "eisoes yn rhedeg, felly ni chafodd ei dechrau eto"]] as const) {
      const page = await run(admin.loader, await requestAs("ld", `${location}&lng=${locale}`));
      const data = page.data as Awaited<ReturnType<typeof admin.loader>>;
      const title = data.jobs.find((j) => j.key === key)!.title;
      expect(data.alreadyRunning).toBe(title);
      const html = await renderedAfterPost(AdminHome, data, null, locale);
      const banner = html.match(/<div class="govuk-notification-banner"[^>]*>[\s\S]*?<\/p><\/div><\/div>/)?.[0] ?? "";
      expect(banner).toContain('role="alert"');
      expect(banner).toContain('aria-labelledby="notification-banner-title"');
      expect(banner).toContain(`“${title.replaceAll("'", "&#x27;")}”`);
      expect(banner).toContain(words);
    }
    // Reading the page changed nothing.
    expect(await runs()).toEqual(before);
    expect(await audits()).toBe(auditedBefore);
  });

  it("says nothing on /admin for a key that is not a job's, or without one", async () => {
    for (const path of ["/admin", "/admin?alreadyRunning=no%3Asuch-job", "/admin?alreadyRunning=%3Cscript%3E"]) {
      const data = (await run(admin.loader, await requestAs("ld", path))).data as Awaited<ReturnType<typeof admin.loader>>;
      expect(data.alreadyRunning).toBeNull();
      expect(await renderedAfterPost(AdminHome, data, null)).not.toContain("govuk-notification-banner");
    }
  });
});
