// A Level 5 learner's unit results in their subject access download name each unit and give each result
// in words in the reader's language, as the programme's pages do: a default unit title (stored in English)
// from the locale, a title L&D typed as they typed it. Its register marks title their sessions the same way.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { DEFAULT_TOPICS, DEFAULT_UNITS } from "../programme";
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

describe("a Level 5 learner's register marks in their download", () => {
  it("title each session as the programme's pages do: a default topic in the reader's language, another as typed", async () => {
    const manager = await personIdOf("manager");
    const marked = await leadershipDb()
      .selectFrom("attendance as a")
      .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
      .select(["a.session_id", "s.title"])
      .where("e.person_id", "=", manager)
      .where("c.programme_id", "=", "leadership")
      .orderBy("s.starts_at")
      .execute();
    const topical = marked.find((m) => m.title === DEFAULT_TOPICS[0]);
    const other = marked.find((m) => m !== topical);
    expect(topical, "a mark on a session titled with the first default topic").toBeDefined();
    expect(other, "a mark on another session").toBeDefined();
    await leadershipDb().updateTable("cohort_sessions").set({ title: CUSTOM_TITLE }).where("id", "=", other!.session_id).execute();

    for (const [locale, title] of [["en-GB", DEFAULT_TOPICS[0]], ["cy", "Arwain a rheoli ym maes gofal cymdeithasol plant"]] as const) {
      const { files } = await downloadPersonalData("manager", `/me/export?lng=${locale}`);
      const attendance = JSON.parse(files["personal-data.json"]).attendance as Row[];
      expect(attendance.find((a) => a.session_id === topical!.session_id), locale).toMatchObject({ session_title: title });
      expect(attendance.find((a) => a.session_id === other!.session_id), locale).toMatchObject({ session_title: CUSTOM_TITLE });
    }
  });
});
