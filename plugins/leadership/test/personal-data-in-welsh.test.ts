// A Level 5 learner's unit results in their subject access download name each unit and give each result
// in words in the reader's language, as the programme's pages do: a default unit title (stored in English)
// from the locale, a title L&D typed as they typed it.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { DEFAULT_UNITS } from "../programme";
import { leadershipDb } from "../server/progress.server";

beforeAll(seedDemo);

type Row = Record<string, unknown>;

const CUSTOM_TITLE = "Arwain gwasanaethau maethu – uned leol";

async function unitResultsIn(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("manager", `/me/export?lng=${locale}`);
  return { results: JSON.parse(files["personal-data.json"]).programmes.leadership.unitResults as Row[], csv: files["csv/programmes/leadership/unit-results.csv"] };
}

describe("a Level 5 learner's unit results in their download", () => {
  it("name each unit and give each result in the reader's language, keeping a title L&D typed as typed", async () => {
    const manager = await personIdOf("manager");
    const results = await leadershipDb()
      .selectFrom("leadership_unit_results as r")
      .innerJoin("enrolments as e", "e.id", "r.enrolment_id")
      .innerJoin("leadership_units as u", "u.id", "r.unit_id")
      .select(["r.unit_id", "r.result", "u.title"])
      .where("e.person_id", "=", manager)
      .orderBy("u.sequence")
      .execute();
    const first = results.find((r) => r.title === DEFAULT_UNITS[0]);
    const renamed = results.find((r) => r !== first);
    expect(first, "a result for the first default unit").toBeDefined();
    expect(renamed, "a result for another unit").toBeDefined();
    await leadershipDb().updateTable("leadership_units").set({ title: CUSTOM_TITLE }).where("id", "=", renamed!.unit_id).execute();
    await leadershipDb().updateTable("leadership_unit_results").set({ result: "refer" }).where("unit_id", "=", first!.unit_id).where("enrolment_id", "in", (qb) => qb.selectFrom("enrolments").select("id").where("person_id", "=", manager)).execute();

    for (const [locale, title, refer] of [["en-GB", DEFAULT_UNITS[0], "Refer"], ["cy", "Arwain a datblygu pobl", "Cyfeirio'n ôl"]] as const) {
      const { results: shown, csv } = await unitResultsIn(locale);
      expect(shown.find((r) => r.unit_id === first!.unit_id), locale).toMatchObject({ unit_title: title, result: "refer", result_in_words: refer });
      expect(shown.find((r) => r.unit_id === renamed!.unit_id), locale).toMatchObject({ unit_title: CUSTOM_TITLE, result: renamed!.result });
      expect(csv, locale).toContain(title);
      expect(csv.split("\r\n")[0], locale).toContain("result_in_words");
    }
  });
});
