// A person's NAAS records in their subject access download say what each is about: a rating, a piece of
// evidence and a decision on suggested evidence name their statement (framework, number and title in the
// reader's language), and a booking says when and where the assessment is, not only the ids.
import { beforeAll, describe, expect, it } from "vitest";
import { offerEvidence } from "../../../app/services/evidence.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addEvidence, rateStatement } from "../server/journey.server";
import { clearJourney, form, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const now = new Date().toISOString();
const statementRoute = () => import("../routes/statements.$statementId");

type Row = Record<string, unknown>;
type NaasGroups = { ratings: Row[]; evidence: Row[]; candidates: Row[]; offerDecisions: Row[] };

async function bookOnNewWindow(personId: number) {
  const window = { track: "practitioner" as const, knowledge_on: "2099-03-02", knowledge_place: "Neuadd y Sir, Llandrindod", practice_on: "2099-03-09", practice_place: "Canolfan Ymarfer Aberystwyth" };
  const [row] = await naasDb().insertInto("naas_windows").values({ ...window, capacity: 20, created_at: now }).returning("id").execute();
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: personId, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: null, endorsed_at: now, window_id: row.id, booked_at: now, outcome: null, outcome_on: null, outcome_by: null, updated_at: now })
    .execute();
  return { id: row.id, ...window };
}

async function naasDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { groups: JSON.parse(files["personal-data.json"]).programmes.naas as NaasGroups, files };
}

describe("a person's NAAS records in their download", () => {
  it("name the statement of each rating, piece of evidence and offer decision, in the reader's language, and when and where the assessment is booked", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const third = (await statementIds("kss-practitioner"))[2];
    await rateStatement(alex, third, 3, SYSTEM);
    await addEvidence(alex, third, { occurredOn: "2026-09-14", kind: "supervision", reflection: "Talked through a case in supervision" }, SYSTEM);
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:download-wording", statementRefs: ["kss-practitioner:3"], title: "Course for statement 3", occurredOn: "2026-10-01" });
    const offer = await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", "course:download-wording").executeTakeFirstOrThrow();
    const { action } = await statementRoute();
    await run(action, await requestAs("practitioner", `/programmes/naas/statements/${third}`, form({ intent: "offer", offer: String(offer.id), decision: "accepted" })), { statementId: String(third) });
    const window = await bookOnNewWindow(alex);
    const statement = await naasDb().selectFrom("naas_statements").select(["number", "title", "title_cy"]).where("id", "=", third).executeTakeFirstOrThrow();
    expect(statement.title_cy).not.toBe(statement.title);

    for (const [locale, title] of [["en-GB", statement.title], ["cy", statement.title_cy]] as const) {
      const { groups, files } = await naasDownload(locale);
      const aboutTheStatement = { statement_id: third, framework_code: "kss-practitioner", framework_version: "2018", statement_number: statement.number, statement_title: title };
      expect(groups.ratings.find((r) => r.statement_id === third), locale).toMatchObject({ ...aboutTheStatement, self_rating: 3 });
      expect(groups.evidence.find((e) => e.reflection === "Talked through a case in supervision"), locale).toMatchObject(aboutTheStatement);
      expect(groups.evidence.find((e) => e.offer_id === offer.id), locale).toMatchObject(aboutTheStatement);
      expect(groups.offerDecisions.find((d) => d.offer_id === offer.id), locale).toMatchObject({ ...aboutTheStatement, decision: "accepted" });
      expect(groups.candidates.find((c) => c.track === "practitioner"), locale).toMatchObject({
        window_id: window.id,
        knowledge_on: window.knowledge_on,
        knowledge_place: window.knowledge_place,
        practice_on: window.practice_on,
        practice_place: window.practice_place,
      });
      // The spreadsheet copies carry the same columns.
      expect(files["csv/programmes/naas/ratings.csv"].split("\r\n")[0]).toContain("statement_title");
      expect(files["csv/programmes/naas/candidates.csv"]).toContain(window.practice_place);
    }
  });
});
