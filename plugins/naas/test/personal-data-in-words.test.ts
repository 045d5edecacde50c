// A person's NAAS records in their subject access download say in words, in the reader's language, what
// each stored code means, beside the code: the ratings given, the kind of each piece of evidence, and on
// each track the manager's endorsement and the assessment's outcome, as the plugin's pages word them.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { naasDb } from "../server/db.server";
import { addEvidence, rateStatement } from "../server/journey.server";
import { clearJourney, placeOnTrack, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

type Row = Record<string, unknown>;
type NaasGroups = { ratings: Row[]; evidence: Row[]; candidates: Row[] };

const WORDS = {
  "en-GB": { secure: "Secure", developing: "Developing", caseWork: "Case work", track: "Child and family practitioner", endorsed: "Endorsed by the manager", notYetAccredited: "Not yet accredited" },
  cy: { secure: "Sicr", developing: "Datblygu", caseWork: "Gwaith achos", track: "Ymarferydd plant a theuluoedd", endorsed: "Wedi'i ardystio gan y rheolwr", notYetAccredited: "Heb ei achredu eto" },
} as const;

async function naasDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { groups: JSON.parse(files["personal-data.json"]).programmes.naas as NaasGroups, files };
}

describe("a person's NAAS records in their download", () => {
  it("put each rating, kind of evidence, track, endorsement and outcome into words in the reader's language, in JSON and CSV", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const first = (await statementIds("kss-practitioner"))[0];
    await rateStatement(alex, first, 3, SYSTEM);
    await naasDb().updateTable("naas_ratings").set({ review: "differ", manager_rating: 2, manager_comment: "More case work first" }).where("person_id", "=", alex).where("statement_id", "=", first).execute();
    await addEvidence(alex, first, { occurredOn: "2026-09-14", kind: "case_work", reflection: "Case work for the download" }, SYSTEM);
    await placeOnTrack(alex, { outcome: "not_yet_accredited", outcome_on: "2026-10-01" });

    for (const locale of ["en-GB", "cy"] as const) {
      const words = WORDS[locale];
      const { groups, files } = await naasDownload(locale);
      expect(groups.ratings.find((r) => r.statement_id === first), locale).toMatchObject({ self_rating: 3, self_rating_in_words: words.secure, manager_rating: 2, manager_rating_in_words: words.developing });
      expect(groups.evidence.find((e) => e.reflection === "Case work for the download"), locale).toMatchObject({ kind: "case_work", kind_in_words: words.caseWork });
      expect(groups.candidates.find((c) => c.track === "practitioner"), locale).toMatchObject({
        track_in_words: words.track,
        endorsement: "endorsed",
        endorsement_in_words: words.endorsed,
        outcome: "not_yet_accredited",
        outcome_in_words: words.notYetAccredited,
      });
      expect(files["csv/programmes/naas/candidates.csv"], locale).toContain(words.notYetAccredited);
      expect(files["csv/programmes/naas/ratings.csv"], locale).toContain(words.developing);
    }
  });

  it("gives no words for an endorsement or outcome not yet recorded", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    await placeOnTrack(alex, { endorsement: null, endorsed_at: null, endorsed_by: null });
    const { groups } = await naasDownload("cy");
    expect(groups.candidates.find((c) => c.track === "practitioner")).toMatchObject({ endorsement: null, endorsement_in_words: null, outcome: null, outcome_in_words: null });
  });
});
