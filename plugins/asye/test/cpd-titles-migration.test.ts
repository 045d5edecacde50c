// Migration 0006 on the real migrated database: a pass's CPD entry written before passes were titled in
// both languages, in English or in Welsh as its recorder read, is given the English title and the Welsh
// one; the person's own entries, another programme's and an entry already in both languages are not.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { cpdTitlesInBothLanguages } from "../migrations/0006-cpd-titles-in-both-languages";

beforeAll(seedDemo);

const ENGLISH = "Assessed and Supported Year in Employment passed";
const WELSH = "Wedi llwyddo yn y Flwyddyn Asesedig â Chymorth mewn Cyflogaeth";

/** Fresh people in the demo manager's team, so no seeded pass shares their entries. */
async function freshPeople(count: number) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `CPD-T-${i}`, given_name: "Title", family_name: `Backfill ${i}`, email: `cpd-title-${i}@backfill.test`, team_id }));
  const inserted = await db().insertInto("people").values(rows).returning("id").execute();
  return inserted.map((r) => r.id);
}

const entry = (person_id: number, source: string, source_ref: string | null, title: string, title_cy: string | null = null) => ({
  person_id, source, source_ref, title, title_cy, occurred_on: "2025-06-30", hours: 0, reflection: null, created_at: "2025-06-30T09:00:00.000Z",
});

describe("migration 0006: a pass's older CPD entries in both languages", () => {
  it("gives entries worded in Welsh or English both titles, once, and leaves every other entry as it was", async () => {
    const [welshReader, englishReader, own, other, already] = await freshPeople(5);
    await db()
      .insertInto("cpd_entries")
      .values([
        entry(welshReader, "asye", "asye-passed", WELSH),
        entry(englishReader, "asye", "asye-passed", ENGLISH),
        entry(own, "own", null, "Wedi llwyddo yn fy mlwyddyn"),
        // Another programme's, even under the same ref.
        entry(other, "naas", "asye-passed", "NAAS endorsement"),
        entry(already, "asye", "asye-passed", "Passed (as worded then)", "Wedi llwyddo (fel y'i geiriwyd bryd hynny)"),
      ])
      .execute();
    const entries = () =>
      db().selectFrom("cpd_entries").select(["person_id", "source", "title", "title_cy"]).where("person_id", "in", [welshReader, englishReader, own, other, already]).orderBy("person_id").execute();

    await cpdTitlesInBothLanguages.up(db());
    const once = await entries();
    await cpdTitlesInBothLanguages.up(db());
    expect(await entries()).toEqual(once);

    expect(once).toEqual([
      { person_id: welshReader, source: "asye", title: ENGLISH, title_cy: WELSH },
      { person_id: englishReader, source: "asye", title: ENGLISH, title_cy: WELSH },
      { person_id: own, source: "own", title: "Wedi llwyddo yn fy mlwyddyn", title_cy: null },
      { person_id: other, source: "naas", title: "NAAS endorsement", title_cy: null },
      { person_id: already, source: "asye", title: "Passed (as worded then)", title_cy: "Wedi llwyddo (fel y'i geiriwyd bryd hynny)" },
    ]);
  });
});
