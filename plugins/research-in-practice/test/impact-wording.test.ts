// The impact report in the reader's language: its quarters named as the metrics pack names them, and its
// counts formatted for the locale, grouped in thousands.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { decodeHtml } from "../../../tests/support/html-forms";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";

beforeAll(seedDemo);

const PATH = "/programmes/research-in-practice/impact";
const COURSE = "rip-law";

type Page = { quarters: { value: string; label: string }[]; report: { completedDisplay: string; rates: Record<string, string>; followUp: { band: string; display: string }[] } };

/**
 * `places` completed places on the law course, on runs ending on `endsOn` (as many runs as the demo's people
 * need), the first `answered` of them with before and after ratings and a follow-up answer of "yes".
 */
async function completedPlaces(endsOn: string, places: number, answered: number) {
  const course = (await courseById(COURSE))!;
  const people = await db().selectFrom("people").select("id").orderBy("id").execute();
  const stamp = new Date().toISOString();
  const ratings = JSON.stringify(course.objectives.map(() => 3));
  let made = 0;
  for (let r = 0; made < places; r++) {
    const runId = await createTailoredRun(course, { name: `Law: ${endsOn} ${r}`, startsOn: endsOn, endsOn, venue: "Hall", capacity: 2000, managerApproval: false }, SYSTEM_ACTOR);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    const learners = people.slice(0, places - made);
    const enrolments = await db()
      .insertInto("enrolments")
      .values(learners.map((p) => ({ cohort_id, person_id: p.id, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: p.id, override_reason: null, created_at: stamp, updated_at: stamp })))
      .returning("id")
      .execute();
    const answering = enrolments.slice(0, Math.max(0, answered - made));
    if (answering.length) {
      await ripDb()
        .insertInto("research_in_practice_evaluations")
        .values(answering.map((e) => ({ enrolment_id: e.id, before_json: ratings, before_at: stamp, after_json: ratings, after_at: stamp, will_do_differently: null, followup_changed: "yes", followup_example: null, followup_at: stamp })))
        .execute();
    }
    made += learners.length;
  }
}

const impactPage = async (query: string, locale: "en-GB" | "cy") => {
  const impact = await import("../routes/impact");
  const shown = await run(impact.loader, await requestAs("ld", `${PATH}?course=${COURSE}${query}${locale === "cy" ? "&lng=cy" : ""}`));
  return { data: shown.data as Page, html: decodeHtml(await renderedAfterPost(impact.default, shown.data, null, locale)) };
};

describe("the impact report in the reader's language", () => {
  it("names each quarter of the filter in words, in Welsh on a Welsh page, as the metrics pack does", async () => {
    await completedPlaces("2023-05-10", 2, 2);
    await completedPlaces("2024-11-20", 2, 2);
    for (const [locale, named] of [
      ["en-GB", [["2024-Q4", "October to December 2024"], ["2023-Q2", "April to June 2023"]]],
      ["cy", [["2024-Q4", "Hydref i Rhagfyr 2024"], ["2023-Q2", "Ebrill i Mehefin 2023"]]],
    ] as const) {
      const { data, html } = await impactPage("", locale);
      for (const [value, label] of named) {
        expect(data.quarters, locale).toContainEqual({ value, label });
        expect(html, locale).toContain(`<option value="${value}">${label}</option>`);
      }
      // No quarter is shown by its code alone.
      expect(data.quarters.filter((q) => /^\d{4}-Q[1-4]$/.test(q.label)), locale).toEqual([]);
    }
  });

  it("groups the digits of the counts over 999: the learners who completed, those who answered and the follow-up answers", async () => {
    await completedPlaces("2022-08-15", 1234, 1001);
    for (const locale of ["en-GB", "cy"] as const) {
      const { data, html } = await impactPage("&quarter=2022-Q3", locale);
      expect(data.report.completedDisplay, locale).toBe("1,234");
      expect(data.report.rates, locale).toEqual({ before: "81% (1,001)", after: "81% (1,001)", followup: "81% (1,001)" });
      expect(data.report.followUp.map((f) => [f.band, f.display]), locale).toEqual([["yes", "1,001"], ["partly", "0"], ["no", "0"]]);
      expect(html, locale).toContain("1,234");
      expect(html, locale).toContain("81% (1,001)");
      expect(html, locale).not.toMatch(/\b1234\b|\b1001\b/);
    }
  });
});
