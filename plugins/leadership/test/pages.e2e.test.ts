// Level 5 pages in real Chromium that the app-wide pages test does not reach: a cohort nobody holds a
// place on yet, as L&D land on it after creating it, in English and Welsh, with axe finding nothing.
import { beforeAll, describe, expect, it, vi } from "vitest";
import cy from "../../../app/locales/cy/common.json";
import enGB from "../../../app/locales/en-GB/common.json";
import { browserSuite } from "../../../tests/support/browser-suite";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as newCohort from "../routes/cohorts.new";
import { form } from "./support";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let cohortPath = "";

beforeAll(async () => {
  const fields = { name: "Cohort nobody has joined", startsOn: "2027-09-06", endsOn: "2028-04-30", capacity: "14", enrolmentOpensOn: "2027-05-01", enrolmentClosesOn: "2027-08-01", venue: "Civic Centre", onlineUrl: "", requiresManagerApproval: "yes", firstSession: "2027-09-06", cadence: "fortnightly", sessionCount: "16", sessionTime: "09:30", durationMinutes: "210" };
  const made = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form(fields)));
  cohortPath = made.headers.get("Location")!.split("?")[0];
});

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("a new cohort's page and report say nobody holds a place yet, with no empty table, and pass axe", async () => {
    const text = locale === "cy" ? cy : enGB;
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    for (const path of [`${cohortPath}?created=1`, `${cohortPath}/report`]) {
      await suite.expectAccessible(page, path);
      expect(await page.textContent("main")).toContain(text.register.empty);
      const captions = await page.locator("main caption").allTextContents();
      expect(captions.filter((c) => c.includes(text.cohort.rosterCaption.replace("{{total}}", "0")) || c === text.report.peopleCaption)).toEqual([]);
    }
    await context.close();
  });
});
