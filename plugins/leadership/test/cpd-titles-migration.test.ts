// Level 5 completions recorded before core migration 0014 have a CPD entry and NAAS evidence offers titled
// in one language, whichever the person recording the completion used. Migration 0003 gives them both
// titles, worded from the cohort completed as a completion words them now, and leaves everything else alone.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { cpdTitlesInBothLanguages } from "../migrations/0003-cpd-titles-in-both-languages";
import { PLUGIN_ID } from "../programme";
import { cohortNamed } from "./support";

beforeAll(seedDemo);

const cohortOne = { title: "ILM Level 5 Leadership and Management (Cohort 1)", title_cy: "Arweinyddiaeth a Rheolaeth Lefel 5 yr ILM (Cohort 1)" };
const cohortTwo = { title: "ILM Level 5 Leadership and Management (Cohort 2)", title_cy: "Arweinyddiaeth a Rheolaeth Lefel 5 yr ILM (Cohort 2)" };
const keptAsItWas = { title: "Worded in English", title_cy: "Wedi'i eirio yn Gymraeg" };

const enrolmentsOn = async (cohortName: string) => {
  const { id } = await cohortNamed(cohortName);
  return db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", id).where("status", "=", "enrolled").orderBy("id").execute();
};

type Titles = { title: string; title_cy: string | null };
type Written = { personId: number; source: string; sourceRef: string | null };

/** A CPD entry as written before migration 0014 when its Welsh title is null. */
async function addEntry(by: Written, titles: Titles) {
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: by.personId, source: by.source, source_ref: by.sourceRef, ...titles, occurred_on: "2025-06-01", hours: 40, reflection: null, created_at: "2025-06-01T09:00:00.000Z" })
    .returning("id")
    .execute();
  return row.id;
}

/** The evidence offers a completion made, one a statement (statements 1 and 8, as then), as written before migration 0014 when its Welsh title is null. */
const STATEMENTS_THEN = ["kss-supervisor:1", "kss-supervisor:8"];

async function addOffers(by: Written & { sourceRef: string }, titles: Titles) {
  const rows = await db()
    .insertInto("evidence_offers")
    .values(STATEMENTS_THEN.map((statement_ref) => ({ person_id: by.personId, source: by.source, source_ref: by.sourceRef, statement_ref, ...titles, occurred_on: "2025-06-01", created_at: "2025-06-01T09:00:00.000Z" })))
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

const entryTitles = async (id: number) => db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("id", "=", id).executeTakeFirstOrThrow();
const offerTitles = async (ids: number[]) => db().selectFrom("evidence_offers").select(["title", "title_cy"]).where("id", "in", ids).orderBy("id").execute();

describe("the titles of completions recorded before both languages were kept (migration 0003)", () => {
  it("are worded in English and Welsh from the cohort completed, whichever language they were in, leaving other titles alone", async () => {
    const [inWelsh, entryInBoth, offersInBoth] = await enrolmentsOn("Cohort 1");
    const [inEnglish] = await enrolmentsOn("Cohort 2");
    const completed = (enrolment: { id: number; person_id: number }) => ({ personId: enrolment.person_id, source: PLUGIN_ID, sourceRef: `enrolment:${enrolment.id}` });
    const welshEntry = await addEntry(completed(inWelsh), { title: cohortOne.title_cy, title_cy: null });
    const welshOffers = await addOffers(completed(inWelsh), { title: cohortOne.title_cy, title_cy: null });
    const englishEntry = await addEntry(completed(inEnglish), { title: cohortTwo.title, title_cy: null });
    const englishOffers = await addOffers(completed(inEnglish), { title: cohortTwo.title, title_cy: null });
    // A title that has its Welsh already is kept, even where the rest of its completion's is reworded.
    const keptEntry = await addEntry(completed(entryInBoth), keptAsItWas);
    const rewordedOffers = await addOffers(completed(entryInBoth), { title: cohortOne.title_cy, title_cy: null });
    const rewordedEntry = await addEntry(completed(offersInBoth), { title: cohortOne.title, title_cy: null });
    const keptOffers = await addOffers(completed(offersInBoth), keptAsItWas);
    // An enrolment that is not there has no cohort to word its title with.
    const noEnrolment = { personId: inWelsh.person_id, source: PLUGIN_ID, sourceRef: "enrolment:999999999" };
    const orphanEntry = await addEntry(noEnrolment, { title: cohortOne.title_cy, title_cy: null });
    const orphanOffers = await addOffers(noEnrolment, { title: cohortOne.title_cy, title_cy: null });
    const own = await addEntry({ personId: inWelsh.person_id, source: "own", sourceRef: null }, { title: cohortOne.title_cy, title_cy: null });
    const anotherProgramme = { personId: inWelsh.person_id, source: "apprenticeship", sourceRef: `enrolment:${inWelsh.id}` };
    const otherEntry = await addEntry(anotherProgramme, { title: "Gradd gwaith cymdeithasol", title_cy: null });
    const otherOffers = await addOffers(anotherProgramme, { title: "Gradd gwaith cymdeithasol", title_cy: null });

    await cpdTitlesInBothLanguages.up(db());
    await cpdTitlesInBothLanguages.up(db());

    expect(await entryTitles(welshEntry)).toEqual(cohortOne);
    expect(await offerTitles(welshOffers)).toEqual([cohortOne, cohortOne]);
    expect(await entryTitles(englishEntry)).toEqual(cohortTwo);
    expect(await offerTitles(englishOffers)).toEqual([cohortTwo, cohortTwo]);
    expect(await entryTitles(keptEntry)).toEqual(keptAsItWas);
    expect(await offerTitles(rewordedOffers)).toEqual([cohortOne, cohortOne]);
    expect(await entryTitles(rewordedEntry)).toEqual(cohortOne);
    expect(await offerTitles(keptOffers)).toEqual([keptAsItWas, keptAsItWas]);
    expect(await entryTitles(orphanEntry)).toEqual({ title: cohortOne.title_cy, title_cy: null });
    expect(await offerTitles(orphanOffers)).toEqual([{ title: cohortOne.title_cy, title_cy: null }, { title: cohortOne.title_cy, title_cy: null }]);
    expect(await entryTitles(own)).toEqual({ title: cohortOne.title_cy, title_cy: null });
    expect(await entryTitles(otherEntry)).toEqual({ title: "Gradd gwaith cymdeithasol", title_cy: null });
    expect(await offerTitles(otherOffers)).toEqual([{ title: "Gradd gwaith cymdeithasol", title_cy: null }, { title: "Gradd gwaith cymdeithasol", title_cy: null }]);
  });
});
