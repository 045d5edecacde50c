// Migration 0003 on the real migrated database: the CPD entries written on confirming a briefing before
// they were titled in both languages, in English or in Welsh as the person confirming read, are given the
// English title and the Welsh one, worded as a confirmation words them now and with the briefing's title
// as it was when they confirmed; the person's own entries, another programme's, an entry already in both
// languages and a title this plugin did not word are not.
import { beforeAll, describe, expect, it } from "vitest";
import { db, observeQueries } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { cpdTitlesInBothLanguages } from "../migrations/0003-cpd-titles-in-both-languages";
import * as briefingPage from "../routes/briefings.$briefingId";
import { pdDb } from "../server/db.server";
import { createBriefing, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

beforeAll(seedDemo);

/** Fresh people in the demo manager's team, so no seeded confirmation shares their entries. */
async function freshPeople(count: number, from = 0) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const numbers = Array.from({ length: count }, (_, i) => from + i);
  const rows = numbers.map((n) => newPerson({ employee_number: `PD-CPD-${n}`, given_name: "Title", family_name: `Backfill ${n}`, email: `pd-cpd-title-${n}@backfill.test`, team_id }));
  const inserted = await db().insertInto("people").values(rows).returning("id").execute();
  return inserted.map((r) => r.id);
}

/** How many UPDATE statements `work` runs. */
async function countingUpdates(work: () => Promise<unknown>) {
  let updates = 0;
  const stop = observeQueries((statement) => {
    if (/^\s*update\b/i.test(statement)) updates += 1;
  });
  try {
    await work();
  } finally {
    stop();
  }
  return updates;
}

const entry = (person_id: number, source: string, source_ref: string | null, title: string, title_cy: string | null = null) => ({
  person_id, source, source_ref, title, title_cy, occurred_on: "2025-07-15", hours: 0, reflection: null, created_at: "2025-07-15T09:00:00.000Z",
});

describe("migration 0003: briefing confirmations' older CPD entries in both languages", () => {
  it("gives entries worded in Welsh or English both titles, once, as a confirmation words them now, and leaves every other entry as it was", async () => {
    const briefing = await createBriefing({ title: "Consent & sharing" });
    const ref = `briefing:${briefing}:v1`;
    // What a confirmation writes today, through the real action, in Welsh.
    const confirmed = await run(briefingPage.action, await requestAs("practitioner", `${BASE}/briefings/${briefing}?lng=cy`, post({ intent: "confirm", version: "1" })), { briefingId: String(briefing) });
    expect(confirmed.status).toBe(302);
    const now = await db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("person_id", "=", await personIdOf("practitioner")).where("source_ref", "=", ref).executeTakeFirstOrThrow();
    expect(now).toEqual({ title: "Consent & sharing (version 1)", title_cy: "Consent & sharing (fersiwn 1)" });

    const [welshReader, englishReader, beforeCorrection, own, other, already, unworded] = await freshPeople(7);
    await db()
      .insertInto("cpd_entries")
      .values([
        entry(welshReader, "practice-development", ref, "Consent & sharing (fersiwn 1)"),
        entry(englishReader, "practice-development", ref, "Consent & sharing (version 1)"),
        // Confirmed before L&D corrected the title without publishing a new version.
        entry(beforeCorrection, "practice-development", ref, "Consent and shareing (fersiwn 1)"),
        entry(own, "own", null, "Darllen am gydsyniad (fersiwn 1)"),
        entry(other, "research-in-practice", "enrolment:1", "Consent in practice (version 1)"),
        entry(already, "practice-development", ref, "Consent & sharing (version 1, as worded then)", "Consent & sharing (fersiwn 1, fel y'i geiriwyd bryd hynny)"),
        entry(unworded, "practice-development", ref, "Consent & sharing"),
      ])
      .execute();
    // Renamed since: a confirmation keeps the title the briefing had when it was read.
    await pdDb().updateTable("practice_development_briefings").set({ title: "Consent, sharing and recording" }).where("id", "=", briefing).execute();
    const people = [welshReader, englishReader, beforeCorrection, own, other, already, unworded];
    const entries = () => db().selectFrom("cpd_entries").select(["person_id", "source", "title", "title_cy"]).where("person_id", "in", people).orderBy("person_id").execute();

    await cpdTitlesInBothLanguages.up(db());
    const once = await entries();
    await cpdTitlesInBothLanguages.up(db());
    expect(await entries()).toEqual(once);

    expect(once).toEqual([
      { person_id: welshReader, source: "practice-development", ...now },
      { person_id: englishReader, source: "practice-development", ...now },
      { person_id: beforeCorrection, source: "practice-development", title: "Consent and shareing (version 1)", title_cy: "Consent and shareing (fersiwn 1)" },
      { person_id: own, source: "own", title: "Darllen am gydsyniad (fersiwn 1)", title_cy: null },
      { person_id: other, source: "research-in-practice", title: "Consent in practice (version 1)", title_cy: null },
      { person_id: already, source: "practice-development", title: "Consent & sharing (version 1, as worded then)", title_cy: "Consent & sharing (fersiwn 1, fel y'i geiriwyd bryd hynny)" },
      { person_id: unworded, source: "practice-development", title: "Consent & sharing", title_cy: null },
    ]);
  });

  it("rewords each briefing version with one update, however many people confirmed it", async () => {
    const briefing = await createBriefing({ title: "Lone working" });
    const people = await freshPeople(40, 100);
    const versions = [1, 2, 3];
    await db()
      .insertInto("cpd_entries")
      .values(people.flatMap((person, i) => versions.map((v) => entry(person, "practice-development", `briefing:${briefing}:v${v}`, i % 2 ? `Lone working (fersiwn ${v})` : `Lone working (version ${v})`))))
      .execute();

    const updates = await countingUpdates(() => cpdTitlesInBothLanguages.up(db()));
    expect(updates).toBe(versions.length);
    const titles = await db().selectFrom("cpd_entries").select(["source_ref", "title", "title_cy"]).distinct().where("person_id", "in", people).orderBy("source_ref").execute();
    expect(titles).toEqual(versions.map((v) => ({ source_ref: `briefing:${briefing}:v${v}`, title: `Lone working (version ${v})`, title_cy: `Lone working (fersiwn ${v})` })));
  });
});
