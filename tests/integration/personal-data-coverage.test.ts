// Every plugin table about a person reaches that person's download. For each table of an installed plugin
// with a person_id, enrolment_id or year_id column, a row the demo seeded is looked for in the download of
// the person it is about: a table added without its line in the plugin's `personalData` fails here, where
// the contract test only checks that the plugin has a `personalData` at all.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { installedPlugins } from "../../app/plugins.server";
import { personalDataOf } from "../../app/services/personal-data.server";
import { db } from "../../app/utils/db.server";
import { tablePrefix } from "../../plugins/sdk";
import { seedDemo } from "../support/fixtures";

beforeAll(seedDemo);

const PERSON_KEYS = ["person_id", "enrolment_id", "year_id"];
const UNSEEDED = ["leadership_completions", "apprenticeship_completions", "asye_leave"];
type Row = Record<string, unknown>;

async function personTables(pluginId: string) {
  const prefix = `${tablePrefix(pluginId)}_`;
  const tables = await db().introspection.getTables();
  return tables.flatMap((t) => {
    const key = PERSON_KEYS.find((k) => t.columns.some((c) => c.name === k));
    return t.name.startsWith(prefix) && key ? [{ name: t.name, key }] : [];
  });
}

/** Whom a row is about: directly, through their place on a cohort, or through their ASYE-style year (`<prefix>_years`). */
async function personOf(pluginId: string, row: Row): Promise<number | undefined> {
  if (row.person_id != null) return Number(row.person_id);
  if (row.enrolment_id != null) return (await db().selectFrom("enrolments").select("person_id").where("id", "=", Number(row.enrolment_id)).executeTakeFirst())?.person_id;
  const years = sql.table(`${tablePrefix(pluginId)}_years`);
  return (await sql<{ person_id: number }>`select person_id from ${years} where id = ${Number(row.year_id)}`.execute(db())).rows[0]?.person_id;
}

/** Every object inside a value, however deep in lists and groups. */
function recordsIn(value: unknown): Row[] {
  if (Array.isArray(value)) return value.flatMap(recordsIn);
  if (value && typeof value === "object") return [value as Row, ...Object.values(value).flatMap(recordsIn)];
  return [];
}

const same = (a: unknown, b: unknown) => String(a ?? "") === String(b ?? "");

/**
 * A record that is this row: it shares at least two of the row's columns and agrees on every one it shares.
 * Not necessarily its ids: a download may name a briefing by its title where the table holds its id.
 */
function holds(records: Row[], row: Row) {
  return records.some((record) => {
    const shared = Object.keys(row).filter((k) => k in record);
    return shared.length >= 2 && shared.every((k) => same(record[k], row[k]));
  });
}

describe("each installed plugin's tables about a person", () => {
  it("hold at least one seeded row each, found in the download of the person it is about", async () => {
    const unseeded: string[] = [];
    const missing: string[] = [];
    let checked = 0;
    for (const plugin of installedPlugins().filter((p) => p.personalData)) {
      for (const { name: table, key } of await personTables(plugin.id)) {
        // A row about someone (a ledger's levy payment, say, is about no one).
        const row = (await sql<Row>`select * from ${sql.table(table)} where ${sql.ref(key)} is not null order by 1 desc limit 1`.execute(db())).rows[0];
        if (!row) {
          unseeded.push(table);
          continue;
        }
        const personId = await personOf(plugin.id, row);
        expect(personId, table).toBeTypeOf("number");
        const download = await personalDataOf(personId!, "en-GB");
        const section = (download?.programmes as Record<string, unknown> | undefined)?.[plugin.id];
        if (!holds(recordsIn(section), row)) missing.push(table);
        checked += 1;
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(15);
    // The demo seeds no row in these, so this test cannot look for one: each is read by its plugin's
    // `personalData` all the same. A new table about a person is either seeded, and checked above, or added
    // here on purpose.
    expect(unseeded.sort()).toEqual(UNSEEDED.sort());
  });
});
