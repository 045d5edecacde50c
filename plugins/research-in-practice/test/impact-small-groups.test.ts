// The impact report and small groups: a locality in a quarter where fewer than five learners answered shows
// none of their ratings, follow-up answers or examples, only a sentence saying so (in Welsh on a Welsh page);
// and the figures for a whole quarter or the whole course leave that group out, so subtracting one figure
// from another cannot give its answers back. Five or more learners' answers are shown. The report says which
// figures it withheld, and the CSV writes that in words where their numbers would be, never "Yes,0".
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
/** A course the demo has no completions of, on runs ending in one quarter. */
const COURSE = "rip-adolescents";
const QUARTER = "2023-Q3";
const WITHHELD = "Fewer than 5 learners answered, so their answers are not shown.";
const WITHHELD_CY = "Atebodd llai na 5 o ddysgwyr, felly nid yw eu hatebion yn cael eu dangos.";
const CSV_WITHHELD = { "en-GB": "Withheld: fewer than 5 learners answered", cy: "Wedi'i ddal yn ôl: atebodd llai na 5 o ddysgwyr" };

type Page = {
  localities: { value: number; label: string }[];
  report: {
    objectives: { objective: string; before: string; after: string; change: string }[];
    followUp: { band: string; label: string; count: number }[];
    examples: string[];
    withheld: { ratings: boolean; followUp: boolean };
  };
};

/** Two localities with at least eight people each in their teams, and those people. */
async function twoLocalities() {
  const people = await db().selectFrom("people as p").innerJoin("org_units as team", "team.id", "p.team_id").select(["p.id", "team.parent_id"]).where("team.parent_id", "is not", null).orderBy("p.id").execute();
  const byLocality = new Map<number, number[]>();
  for (const p of people) byLocality.set(p.parent_id!, [...(byLocality.get(p.parent_id!) ?? []), p.id]);
  const [small, large] = [...byLocality].filter(([, ids]) => ids.length >= 8);
  return { small: { id: small[0], people: small[1] }, large: { id: large[0], people: large[1] } };
}

/**
 * Completed places on a new run of the course ending on `endsOn` (in QUARTER unless told), each learner saying
 * "yes" and giving `example`, and the first `rated` of them (all unless told) rating every objective `before`
 * then `after`.
 */
async function answered(people: number[], ratings: { before: number; after: number }, example: (personId: number) => string, { endsOn = "2023-08-10", rated = people.length } = {}) {
  const course = (await courseById(COURSE))!;
  const runId = await createTailoredRun(course, { name: `Adolescents ${endsOn} ${people[0]}`, startsOn: endsOn, endsOn, venue: "Hall", capacity: 50, managerApproval: false }, SYSTEM_ACTOR);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const stamp = new Date().toISOString();
  for (const [k, personId] of people.entries()) {
    const [enrolment] = await db()
      .insertInto("enrolments")
      .values({ cohort_id, person_id: personId, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    await ripDb()
      .insertInto("research_in_practice_evaluations")
      .values({
        enrolment_id: enrolment.id,
        before_json: k < rated ? JSON.stringify(course.objectives.map(() => ratings.before)) : null,
        before_at: k < rated ? stamp : null,
        after_json: k < rated ? JSON.stringify(course.objectives.map(() => ratings.after)) : null,
        after_at: k < rated ? stamp : null,
        will_do_differently: null,
        followup_changed: "yes",
        followup_example: example(personId),
        followup_at: stamp,
      })
      .execute();
  }
}

async function impactPage(query: string, locale: "en-GB" | "cy" = "en-GB") {
  const impact = await import("../routes/impact");
  const shown = await run(impact.loader, await requestAs("ld", `${PATH}?course=${COURSE}${query}${locale === "cy" ? "&lng=cy" : ""}`));
  return { data: shown.data as Page, html: decodeHtml(await renderedAfterPost(impact.default, shown.data, null, locale)) };
}

/** The report's CSV, split into rows, in the language asked for. */
async function impactCsv(query: string, locale: "en-GB" | "cy" = "en-GB") {
  const exported = await import("../routes/impact.export");
  const csv = (await run(exported.loader, await requestAs("ld", `${PATH}/export?course=${COURSE}${query}${locale === "cy" ? "&lng=cy" : ""}`))).data as string;
  return csv.replace(/^\uFEFF/, "").split("\r\n");
}

const smallExample = (id: number) => `Person ${id} in the small locality changed how they visit`;
const largeExample = (id: number) => `Person ${id} in the large locality wrote a later-life letter`;

describe("the impact report's small groups", () => {
  it("shows no ratings, follow-up answers or examples for two learners in a locality and quarter, and leaves them out of the larger figures", async () => {
    const { small, large } = await twoLocalities();
    await answered(small.people.slice(0, 2), { before: 1, after: 5 }, smallExample);
    await answered(large.people.slice(0, 5), { before: 3, after: 4 }, largeExample);

    for (const [locale, withheld] of [["en-GB", WITHHELD], ["cy", WITHHELD_CY]] as const) {
      const { data, html } = await impactPage(`&locality=${small.id}&quarter=${QUARTER}`, locale);
      expect(data.localities.map((l) => l.value), locale).toContain(small.id);
      expect(data.report.objectives.every((o) => o.before === "" && o.after === "" && o.change === ""), locale).toBe(true);
      expect(data.report.followUp.map((f) => f.count), locale).toEqual([0, 0, 0]);
      expect(data.report.examples, locale).toEqual([]);
      expect(data.report.withheld, locale).toEqual({ ratings: true, followUp: true });
      // Said once for the ratings and once for the follow-up; the rule itself is stated near the top.
      expect(html.split(withheld).length - 1, locale).toBe(2);
      expect(html, locale).not.toContain("small locality");
      expect(html.indexOf(locale === "cy" ? "Er mwyn diogelu preifatrwydd dysgwyr" : "To protect learners' privacy"), locale).toBeGreaterThan(-1);
      expect(html.indexOf(locale === "cy" ? "Er mwyn diogelu preifatrwydd dysgwyr" : "To protect learners' privacy"), locale).toBeLessThan(html.indexOf("<table") === -1 ? html.length : html.indexOf("<table"));

      // The CSV keeps its columns, but where the two learners' ratings and follow-up answers would be, it says
      // they were withheld: no averages, and no "Yes,0" to read as "nobody changed their practice". Who answered is shown.
      const csv = await impactCsv(`&locality=${small.id}&quarter=${QUARTER}`, locale);
      const said = CSV_WITHHELD[locale];
      const objectives = data.report.objectives.map((o) => o.objective);
      const followUps = data.report.followUp.map((f) => f.label);
      expect(csv.slice(1, 1 + objectives.length), locale).toEqual(objectives.map((o) => `${o},${said},${said},${said}`));
      expect(csv.slice(-followUps.length - 1), locale).toEqual([...followUps.map((label) => `${label},${said},,`), ""]);
      expect(csv.slice(1 + objectives.length, -followUps.length - 1).map((row) => row.split(",").slice(1).join(",")), locale).toEqual(["2,,", "100% (2),,", "100% (2),,", "100% (2),,"]);
    }

    // The whole quarter and the whole course give exactly the large locality's figures: less it, nothing is left
    // to read the two learners' answers from. (The two left out are fewer than 5, so the course's total leaves them out too.)
    const largeOnly = await impactPage(`&locality=${large.id}&quarter=${QUARTER}`);
    expect(largeOnly.data.report.objectives.map((o) => [o.before, o.after, o.change])).toEqual(largeOnly.data.report.objectives.map(() => ["3", "4", "+1"]));
    for (const query of [`&quarter=${QUARTER}`, ""]) {
      const { data, html } = await impactPage(query);
      expect(data.report.objectives, query).toEqual(largeOnly.data.report.objectives);
      expect(data.report.followUp, query).toEqual(largeOnly.data.report.followUp);
      expect(data.report.examples, query).toEqual(largeOnly.data.report.examples);
      expect(html, query).not.toContain("small locality");
      expect(data.report.withheld, query).toEqual({ ratings: false, followUp: false });
      expect((await impactCsv(query)).join("\n"), query).not.toContain(CSV_WITHHELD["en-GB"]);
    }
  });

  it("shows the ratings, follow-up answers and examples once five learners in the locality and quarter have answered", async () => {
    const { small } = await twoLocalities();
    await answered(small.people.slice(2, 5), { before: 1, after: 5 }, smallExample);
    const { data, html } = await impactPage(`&locality=${small.id}&quarter=${QUARTER}`);
    expect(data.report.objectives.map((o) => [o.before, o.after, o.change])).toEqual(data.report.objectives.map(() => ["1", "5", "+4"]));
    expect(data.report.followUp.map((f) => [f.band, f.count])).toEqual([["yes", 5], ["partly", 0], ["no", 0]]);
    expect(data.report.examples).toEqual(small.people.slice(0, 5).map(smallExample));
    expect(data.report.withheld).toEqual({ ratings: false, followUp: false });
    expect(html).not.toContain(WITHHELD);
    expect(html).toContain(smallExample(small.people[0]));
    const csv = await impactCsv(`&locality=${small.id}&quarter=${QUARTER}`);
    expect(csv.join("\n")).not.toContain(CSV_WITHHELD["en-GB"]);
    expect(csv).toContain(`${data.report.objectives[0].objective},1,5,+4`);
    expect(csv).toContain("Yes,5,,");
    // Now both localities are shown, the whole course counts all ten.
    const course = await impactPage("");
    expect(course.data.report.followUp.map((f) => [f.band, f.count])).toEqual([["yes", 10], ["partly", 0], ["no", 0]]);
  });

  it("withholds a group's ratings from three learners while showing the follow-up answers of the five who gave them", async () => {
    const { small } = await twoLocalities();
    await answered(small.people.slice(0, 5), { before: 2, after: 3 }, smallExample, { endsOn: "2023-11-20", rated: 3 });
    const query = `&locality=${small.id}&quarter=2023-Q4`;
    const { data, html } = await impactPage(query);
    expect(data.report.withheld).toEqual({ ratings: true, followUp: false });
    expect(data.report.objectives.every((o) => o.before === "" && o.after === "" && o.change === "")).toBe(true);
    expect(data.report.followUp.map((f) => [f.band, f.count])).toEqual([["yes", 5], ["partly", 0], ["no", 0]]);
    // Said for the ratings only; the follow-up answers and their examples are shown.
    expect(html.split(WITHHELD).length - 1).toBe(1);
    expect(html.indexOf(WITHHELD)).toBeLessThan(html.indexOf(smallExample(small.people[0])));
    const csv = await impactCsv(query);
    expect(csv.slice(1, 1 + data.report.objectives.length)).toEqual(data.report.objectives.map((o) => `${o.objective},${CSV_WITHHELD["en-GB"]},${CSV_WITHHELD["en-GB"]},${CSV_WITHHELD["en-GB"]}`));
    expect(csv.slice(-4)).toEqual(["Yes,5,,", "Partly,0,,", "No,0,,", ""]);
  });
});
