// Accreditations recorded before core migration 0014 have a CPD entry titled in one language, whichever
// the person recording the outcome used. Migration 0003 gives them both titles, worded as recording the
// outcome words them now, and leaves everything else alone.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { cpdTitlesInBothLanguages } from "../migrations/0003-cpd-titles-in-both-languages";
import { PLUGIN_ID } from "../programme";

beforeAll(seedDemo);

const practitionerTrack = { title: "NAAS accreditation: Child and family practitioner", title_cy: "Achrediad NAAS: Ymarferydd plant a theuluoedd" };
const supervisorTrack = { title: "NAAS accreditation: Practice supervisor", title_cy: "Achrediad NAAS: Goruchwylydd ymarfer" };

/** A CPD entry as written before migration 0014 when `titleCy` is null. */
async function addEntry(personId: number, source: string, sourceRef: string | null, title: string, titleCy: string | null = null) {
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: personId, source, source_ref: sourceRef, title, title_cy: titleCy, occurred_on: "2025-06-01", hours: 0, reflection: null, created_at: "2025-06-01T09:00:00.000Z" })
    .returning("id")
    .execute();
  return row.id;
}

const titlesOf = async (id: number) => db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("the titles of accreditations recorded before both languages were kept (migration 0003)", () => {
  it("are worded in English and Welsh from the entry's track, whichever language they were in, leaving other entries alone", async () => {
    const [practitioner, manager, ld] = await Promise.all([personIdOf("practitioner"), personIdOf("manager"), personIdOf("ld")]);
    const recordedInWelsh = await addEntry(practitioner, PLUGIN_ID, "accreditation:practitioner", practitionerTrack.title_cy);
    const recordedInEnglish = await addEntry(manager, PLUGIN_ID, "accreditation:supervisor", supervisorTrack.title);
    const alreadyInBoth = await addEntry(ld, PLUGIN_ID, "accreditation:practitioner", "Worded in English", "Wedi'i eirio yn Gymraeg");
    const own = await addEntry(practitioner, "own", null, practitionerTrack.title_cy);
    const anotherProgramme = await addEntry(manager, "asye", "accreditation:practitioner", "Pasio blwyddyn ASYE");

    await cpdTitlesInBothLanguages.up(db());
    await cpdTitlesInBothLanguages.up(db());

    expect(await titlesOf(recordedInWelsh)).toEqual(practitionerTrack);
    expect(await titlesOf(recordedInEnglish)).toEqual(supervisorTrack);
    expect(await titlesOf(alreadyInBoth)).toEqual({ title: "Worded in English", title_cy: "Wedi'i eirio yn Gymraeg" });
    expect(await titlesOf(own)).toEqual({ title: practitionerTrack.title_cy, title_cy: null });
    expect(await titlesOf(anotherProgramme)).toEqual({ title: "Pasio blwyddyn ASYE", title_cy: null });
  });
});
