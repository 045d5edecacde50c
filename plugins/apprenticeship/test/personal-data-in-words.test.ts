// A person's apprenticeship records in their subject access download say in words, in the reader's
// language, what each stored code means, beside the code: their level 2 answers, their manager's support,
// the panel's decision and their answer to it, the kind of each ledger entry and practice learning, and
// each review's and the degree's outcome, as the plugin's pages word them.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

type Row = Record<string, unknown>;
type ApprenticeshipGroups = { applications: Row[]; ledger: Row[]; practice: Row[]; reviews: Row[]; completion: Row[] };

const WORDS = {
  "en-GB": {
    planned: "I plan to gain it before the start",
    held: "I have it",
    given: "Supported by the manager",
    pending: "Waiting for the manager's answer",
    offer: "Offer a place",
    accepted: "Place accepted",
    payment: "Payment for an apprentice",
    finalPlacement: "Final placement (100 days)",
    atRisk: "At risk",
    fail: "Did not pass",
  },
  cy: {
    planned: "Rwy'n bwriadu ei ennill cyn y dyddiad dechrau",
    held: "Mae gen i'r cymhwyster",
    given: "Wedi'i gefnogi gan y rheolwr",
    pending: "Yn aros am ateb y rheolwr",
    offer: "Cynnig lle",
    accepted: "Lle wedi'i dderbyn",
    payment: "Taliad ar gyfer prentis",
    finalPlacement: "Lleoliad olaf (100 diwrnod)",
    atRisk: "Mewn perygl",
    fail: "Heb lwyddo",
  },
} as const;

const intakeNamed = async (name: string) =>
  (await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", name).executeTakeFirstOrThrow()).id;

/** Alex's records: one application decided and accepted, one still waiting for the manager, and an apprentice's progress. */
async function giveAlexAnApprenticeship() {
  const alex = await personIdOf("practitioner");
  const stamp = new Date().toISOString();
  const application = { person_id: alex, statement: "Statement for the download.", current_role: "Practitioner", service_months: 40, maths: "held" as const, manager_reason: null, feedback: null, enrolment_id: null, created_at: stamp, updated_at: stamp };
  await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values([
      { ...application, intake_id: await intakeNamed("Intake 1"), english: "planned", manager_support: "given", manager_id: null, manager_decided_at: stamp, shortlisted: 1, decision: "offer", response: "accepted" },
      { ...application, intake_id: await intakeNamed("Intake 2"), english: "held", manager_support: "pending", manager_id: null, manager_decided_at: null, shortlisted: 0, decision: null, response: null },
    ])
    .execute();
  await apprenticeshipDb().insertInto("apprenticeship_ledger").values({ occurred_on: "2026-03-20", kind: "payment", amount_pence: 63_889, person_id: alex, counterparty: null, recorded_by: null, created_at: stamp }).execute();
  await apprenticeshipDb().insertInto("apprenticeship_practice").values({ person_id: alex, kind: "placement_100", starts_on: "2026-01-05", ends_on: "2026-06-26", setting: "Children in care", practice_educator: "Sam Hughes", days_completed: 60 }).execute();
  await apprenticeshipDb().insertInto("apprenticeship_reviews").values({ person_id: alex, held_on: "2026-03-02", outcome: "at_risk", actions: "Catch up on the log.", recorded_by: null, created_at: stamp }).execute();
  await apprenticeshipDb().insertInto("apprenticeship_completions").values({ person_id: alex, gateway_on: "2026-05-01", degree_outcome: "fail", degree_on: "2026-06-01", registered_on: null, registration_number: null, updated_at: stamp }).execute();
}

async function apprenticeshipDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { groups: JSON.parse(files["personal-data.json"]).programmes.apprenticeship as ApprenticeshipGroups, files };
}

describe("a person's apprenticeship records in their download", () => {
  it("put each code into words in the reader's language, in JSON and CSV", async () => {
    await giveAlexAnApprenticeship();
    for (const locale of ["en-GB", "cy"] as const) {
      const words = WORDS[locale];
      const { groups, files } = await apprenticeshipDownload(locale);
      const [decided, waiting] = [...groups.applications].sort((a, b) => Number(a.id) - Number(b.id));
      expect(decided, locale).toMatchObject({
        english: "planned",
        english_in_words: words.planned,
        maths: "held",
        maths_in_words: words.held,
        manager_support: "given",
        manager_support_in_words: words.given,
        decision: "offer",
        decision_in_words: words.offer,
        response: "accepted",
        response_in_words: words.accepted,
      });
      // Nothing decided or answered yet has no words either.
      expect(waiting, locale).toMatchObject({ manager_support_in_words: words.pending, decision: null, decision_in_words: null, response: null, response_in_words: null });
      expect(groups.ledger, locale).toEqual([expect.objectContaining({ kind: "payment", kind_in_words: words.payment })]);
      expect(groups.practice, locale).toEqual([expect.objectContaining({ kind: "placement_100", kind_in_words: words.finalPlacement })]);
      expect(groups.reviews, locale).toEqual([expect.objectContaining({ outcome: "at_risk", outcome_in_words: words.atRisk })]);
      expect(groups.completion, locale).toEqual([expect.objectContaining({ degree_outcome: "fail", degree_outcome_in_words: words.fail })]);
      expect(files["csv/programmes/apprenticeship/applications.csv"], locale).toContain(words.given);
      expect(files["csv/programmes/apprenticeship/practice.csv"], locale).toContain(words.finalPlacement);
      expect(files["csv/programmes/apprenticeship/completion.csv"], locale).toContain(words.fail);
    }
  });
});
