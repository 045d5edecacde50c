// A person's NAAS records in their subject access download say in words, in the reader's language, what
// each stored code means, beside the code: the ratings given and the manager's review of them, the kind of
// each piece of evidence, what the person decided about evidence suggested to them, and on each track the
// manager's endorsement and the assessment's outcome, as the plugin's pages word them.
import { beforeAll, describe, expect, it } from "vitest";
import { offerEvidence } from "../../../app/services/evidence.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { naasDb } from "../server/db.server";
import { addEvidence, decideOffer, rateStatement, reviewStatement } from "../server/journey.server";
import { clearJourney, placeOnTrack, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

type Row = Record<string, unknown>;
type NaasGroups = { ratings: Row[]; evidence: Row[]; candidates: Row[]; offerDecisions: Row[] };

const WORDS = {
  "en-GB": {
    secure: "Secure",
    developing: "Developing",
    agree: "Your manager agrees with your rating",
    differ: "Your manager would rate it differently",
    caseWork: "Case work",
    accepted: "You added it as evidence",
    dismissed: "You said it was not relevant",
    track: "Child and family practitioner",
    endorsed: "Endorsed by the manager",
    notYetAccredited: "Not yet accredited",
  },
  cy: {
    secure: "Sicr",
    developing: "Datblygu",
    agree: "Mae eich rheolwr yn cytuno â'ch sgôr",
    differ: "Byddai eich rheolwr yn rhoi sgôr arall iddo",
    caseWork: "Gwaith achos",
    accepted: "Rydych wedi'i ychwanegu fel tystiolaeth",
    dismissed: "Rydych wedi dweud nad yw'n berthnasol",
    track: "Ymarferydd plant a theuluoedd",
    endorsed: "Wedi'i ardystio gan y rheolwr",
    notYetAccredited: "Heb ei achredu eto",
  },
} as const;

/** Evidence another programme suggests for a statement of the practitioner framework; answers the offer's id. */
async function offerFor(personId: number, statementNumber: number, sourceRef: string) {
  await offerEvidence({ personId, source: "leadership", sourceRef, statementRefs: [`kss-practitioner:${statementNumber}`], title: `Course ${sourceRef}`, occurredOn: "2026-10-01" });
  return (await naasDb().selectFrom("evidence_offers").select("id").where("person_id", "=", personId).where("source_ref", "=", sourceRef).executeTakeFirstOrThrow()).id;
}

async function naasDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { groups: JSON.parse(files["personal-data.json"]).programmes.naas as NaasGroups, files };
}

describe("a person's NAAS records in their download", () => {
  it("put each rating and review, kind of evidence, offer decision, track, endorsement and outcome into words in the reader's language, in JSON and CSV", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const [first, second] = await statementIds("kss-practitioner");
    await rateStatement(alex, first, 3, SYSTEM);
    await naasDb().updateTable("naas_ratings").set({ review: "differ", manager_rating: 2, manager_comment: "More case work first" }).where("person_id", "=", alex).where("statement_id", "=", first).execute();
    await rateStatement(alex, second, 3, SYSTEM);
    await reviewStatement(alex, second, { review: "agree", rating: null, comment: null, shownRating: 3 }, SYSTEM);
    const accepted = await offerFor(alex, 1, "download-words:accepted");
    const dismissed = await offerFor(alex, 2, "download-words:dismissed");
    expect(await decideOffer(alex, first, accepted, "accepted", SYSTEM)).toBe(true);
    expect(await decideOffer(alex, second, dismissed, "dismissed", SYSTEM)).toBe(true);
    await addEvidence(alex, first, { occurredOn: "2026-09-14", kind: "case_work", reflection: "Case work for the download" }, SYSTEM);
    await placeOnTrack(alex, { outcome: "not_yet_accredited", outcome_on: "2026-10-01" });

    for (const locale of ["en-GB", "cy"] as const) {
      const words = WORDS[locale];
      const { groups, files } = await naasDownload(locale);
      expect(groups.ratings.find((r) => r.statement_id === first), locale).toMatchObject({ self_rating: 3, self_rating_in_words: words.secure, review: "differ", review_in_words: words.differ, manager_rating: 2, manager_rating_in_words: words.developing });
      expect(groups.ratings.find((r) => r.statement_id === second), locale).toMatchObject({ review: "agree", review_in_words: words.agree });
      expect(groups.offerDecisions.find((d) => d.offer_id === accepted), locale).toMatchObject({ decision: "accepted", decision_in_words: words.accepted });
      expect(groups.offerDecisions.find((d) => d.offer_id === dismissed), locale).toMatchObject({ decision: "dismissed", decision_in_words: words.dismissed });
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
      expect(files["csv/programmes/naas/ratings.csv"], locale).toContain(words.differ);
      expect(files["csv/programmes/naas/offer-decisions.csv"], locale).toContain(words.dismissed);
    }
  });

  it("gives no words for a review, endorsement or outcome not yet recorded", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const [first] = await statementIds("kss-practitioner");
    await rateStatement(alex, first, 2, SYSTEM);
    await placeOnTrack(alex, { endorsement: null, endorsed_at: null, endorsed_by: null });
    const { groups } = await naasDownload("cy");
    expect(groups.ratings.find((r) => r.statement_id === first)).toMatchObject({ review: null, review_in_words: null });
    expect(groups.candidates.find((c) => c.track === "practitioner")).toMatchObject({ endorsement: null, endorsement_in_words: null, outcome: null, outcome_in_words: null });
  });
});
