// For a programme whose CPD entry has one fixed title (an ASYE pass, the apprenticeship's degree): its
// migration gives entries written before, in English or in Welsh as their recorder read, the English title
// and the Welsh one, once; the person's own entries, another programme's and an entry already in both
// languages are left as they were. Runs on the real migrated database.
import type { Migration } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { personIdOf } from "./fixtures";
import { newPerson } from "./new-person";

interface FixedTitle {
  migration: Migration;
  source: string;
  sourceRef: string;
  english: string;
  welsh: string;
}

/** Fresh people in the demo manager's team, so no seeded entry shares their record. */
async function freshPeople(prefix: string, count: number) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `${prefix}-${i}`, given_name: "Title", family_name: `Backfill ${i}`, email: `${prefix.toLowerCase()}-${i}@backfill.test`, team_id }));
  return (await db().insertInto("people").values(rows).returning("id").execute()).map((r) => r.id);
}

const entry = (person_id: number, source: string, source_ref: string | null, title: string, title_cy: string | null = null) => ({
  person_id, source, source_ref, title, title_cy, occurred_on: "2025-06-30", hours: 0, reflection: null, created_at: "2025-06-30T09:00:00.000Z",
});

export function describeFixedCpdTitleBackfill(name: string, { migration, source, sourceRef, english, welsh }: FixedTitle) {
  describe(name, () => {
    it("gives entries worded in Welsh or English both titles, once, and leaves every other entry as it was", async () => {
      const people = await freshPeople(`CPD-${source.toUpperCase()}`, 5);
      const [welshReader, englishReader, own, other, already] = people;
      const otherSource = source === "naas" ? "asye" : "naas";
      await db()
        .insertInto("cpd_entries")
        .values([
          entry(welshReader, source, sourceRef, welsh),
          entry(englishReader, source, sourceRef, english),
          entry(own, "own", null, "Fy nghofnod fy hun"),
          // Another programme's, even under the same ref.
          entry(other, otherSource, sourceRef, "Another programme's entry"),
          entry(already, source, sourceRef, "As worded then", "Fel y'i geiriwyd bryd hynny"),
        ])
        .execute();
      const entries = () => db().selectFrom("cpd_entries").select(["person_id", "source", "title", "title_cy"]).where("person_id", "in", people).orderBy("person_id").execute();

      await migration.up(db());
      const once = await entries();
      await migration.up(db());
      expect(await entries()).toEqual(once);

      expect(once).toEqual([
        { person_id: welshReader, source, title: english, title_cy: welsh },
        { person_id: englishReader, source, title: english, title_cy: welsh },
        { person_id: own, source: "own", title: "Fy nghofnod fy hun", title_cy: null },
        { person_id: other, source: otherSource, title: "Another programme's entry", title_cy: null },
        { person_id: already, source, title: "As worded then", title_cy: "Fel y'i geiriwyd bryd hynny" },
      ]);
    });
  });
}
