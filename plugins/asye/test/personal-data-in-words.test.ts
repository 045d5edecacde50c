// A person's ASYE year in their subject access download says in words, in the reader's language, what each
// code it stores means: the assessor's recommendation, the decision, each review's outcome and each kind of
// evidence, beside the code itself, as the year's page words them (and no words where nothing is recorded).
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { asyeDb } from "../server/db.server";

beforeAll(seedDemo);

type Row = Record<string, unknown>;
type AsyeGroups = { years: Row[]; reviews: Row[]; evidence: Row[] };

const WORDS = {
  "en-GB": { recommendation: "Extend the year", decision: "Not passed", outcome: "Some concerns", kind: "Feedback from other professionals" },
  cy: { recommendation: "Estyn y flwyddyn", decision: "Heb lwyddo", outcome: "Rhai pryderon", kind: "Adborth gan weithwyr proffesiynol eraill" },
} as const;

async function asyeDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("asye", `/me/export?lng=${locale}`);
  return { groups: JSON.parse(files["personal-data.json"]).programmes.asye as AsyeGroups, files };
}

describe("an ASYE year in the person's download", () => {
  it("puts the recommendation, decision, review outcomes and kinds of evidence into words in the reader's language, in JSON and CSV", async () => {
    const jordan = await personIdOf("asye");
    const year = await asyeDb().selectFrom("asye_years").select(["id", "starts_on"]).where("person_id", "=", jordan).executeTakeFirstOrThrow();
    const before = await asyeDownload("cy");
    // Nothing recommended or decided yet: no words, rather than words for nothing.
    expect(before.groups.years.find((y) => y.id === year.id)).toMatchObject({ recommendation: null, recommendation_in_words: null, decision: null, decision_in_words: null });
    const now = new Date().toISOString();
    await asyeDb()
      .updateTable("asye_years")
      .set({ recommendation: "extend", recommendation_note: "More direct work needed", recommended_at: now, decision: "fail", decision_note: "Decided at panel", decided_on: year.starts_on })
      .where("id", "=", year.id)
      .execute();
    await asyeDb().insertInto("asye_reviews").values({ year_id: year.id, review_month: 9, held_on: year.starts_on, outcome: "concerns", note: "Review for the download", recorded_by: null, created_at: now }).execute();
    await asyeDb().insertInto("asye_evidence").values({ year_id: year.id, kind: "professional_feedback", occurred_on: year.starts_on, title: "Evidence for the download", recorded_by: null, created_at: now }).execute();

    for (const locale of ["en-GB", "cy"] as const) {
      const words = WORDS[locale];
      const { groups, files } = await asyeDownload(locale);
      expect(groups.years.find((y) => y.id === year.id), locale).toMatchObject({ recommendation: "extend", recommendation_in_words: words.recommendation, decision: "fail", decision_in_words: words.decision });
      expect(groups.reviews.find((r) => r.note === "Review for the download"), locale).toMatchObject({ outcome: "concerns", outcome_in_words: words.outcome });
      expect(groups.evidence.find((e) => e.title === "Evidence for the download"), locale).toMatchObject({ kind: "professional_feedback", kind_in_words: words.kind });
      for (const [file, text] of [["years", words.decision], ["reviews", words.outcome], ["evidence", words.kind]]) expect(files[`csv/programmes/asye/${file}.csv`], `${locale} ${file}`).toContain(text);
    }
  });
});
