// An L&D officer makes an audit event with every register mark, attendance-file line and Research in
// Practice completion: hundreds of thousands over the years. Their download holds every one of those
// events about others, in a CSV file read from the database a page at a time and zipped as it is sent,
// so neither its memory nor the time it holds the one process grows with the count.
import { setImmediate as nextTurn } from "node:timers/promises";
import { sql, type CompiledQuery, type QueryResult } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportMine from "../../app/routes/me.export";
import { EVENTS_ABOUT_OTHERS_FILE, EVENTS_ABOUT_OTHERS_PAGE } from "../../app/services/personal-data.server";
import { recordAudit } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { downloadPersonalData, unzipAsText } from "../support/personal-data-download";
import { withQueriesThrough } from "../support/query-tap";

const MANY = 20_000;
// Events written together share their moment: 1,500 at a time, so a moment runs across a page's end.
const AT_ONCE = 1_500;
const THEIR_VALUES = "Private note about the learner 7f3a";

let officer: number;
let learner: number;

beforeAll(async () => {
  await seedDemo();
  officer = await personIdOf("ld");
  learner = await personIdOf("practitioner");
  // One statement, as a register or an attendance file writes them, each with the learner's values.
  await sql`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(MANY)})
    insert into audit_events (occurred_at, actor_user_id, actor_person_id, action, subject_type, subject_id, person_id, before_json, after_json)
    select '2021-03-' || (10 + i / ${sql.lit(AT_ONCE)}) || 'T09:00:00.000Z', null, ${sql.lit(officer)}, 'test.register_mark', 'attendance', cast(i as text),
      ${sql.lit(learner)}, ${sql.lit(JSON.stringify({ status: "absent", reason: "Unwell 5c1e" }))}, ${sql.lit(JSON.stringify({ note: THEIR_VALUES }))}
    from n`.execute(db());
  await recordAudit({ userId: null, personId: officer }, { action: "test.own_setting", subjectType: "setting", subjectId: "own", personId: officer, after: { note: "Own change 91" } });
  await recordAudit({ userId: null, personId: officer }, { action: "test.course_added", subjectType: "course", subjectId: "c1", after: { title: "Course about no one 42" } });
});

/** Every event the officer made about someone else, as the file should list them: oldest first. */
async function eventsAboutOthers() {
  return db()
    .selectFrom("audit_events")
    .select(["id", "action"])
    .where("actor_person_id", "=", officer)
    .where("person_id", "<>", officer)
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();
}

/** Counts into `seen` the most rows any one statement handed to JavaScript, and all of them. */
function countingRowsInto(seen: { largest: number; total: number }) {
  return async (query: CompiledQuery, run: (query: CompiledQuery) => Promise<QueryResult<unknown>>) => {
    const result = await run(query);
    seen.largest = Math.max(seen.largest, result.rows.length);
    seen.total += result.rows.length;
    return result;
  };
}

describe("the download of someone who made a great many events about others", () => {
  it("lists every one of them in its CSV file, oldest first, without their values", async () => {
    const { files } = await downloadPersonalData("ld", "/me/export");
    const lines = files[EVENTS_ABOUT_OTHERS_FILE].replace(/^\uFEFF/, "").split("\r\n").filter((line) => line !== "");
    expect(lines[0]).toBe("id,occurred_at,action,subject_type,subject_id");
    const expected = await eventsAboutOthers();
    expect(expected.filter((e) => e.action === "test.register_mark")).toHaveLength(MANY);
    const listed = lines.slice(1).map((line) => Number(line.split(",")[0]));
    expect(listed).toHaveLength(expected.length);
    expect(listed[0]).toBe(expected[0].id);
    expect(listed.at(-1)).toBe(expected.at(-1)!.id);
    expect(listed).toEqual(expected.map((e) => e.id));
    expect(lines.find((line) => line.includes("test.register_mark"))).toMatch(/^\d+,2021-03-10T09:00:00\.000Z,test\.register_mark,attendance,1$/);
    const everything = Object.values(files).join("\n");
    expect(everything).not.toContain(THEIR_VALUES);
    expect(everything).not.toContain("Unwell 5c1e");
  });

  it("keeps what they did about themselves or no one in the JSON with its values, and says there where the rest is", async () => {
    const { files } = await downloadPersonalData("ld", "/me/export");
    const document = JSON.parse(files["personal-data.json"]);
    const made = document.auditEventsByPerson as { action: string; after_json: string | null }[];
    expect(made.find((e) => e.action === "test.own_setting")?.after_json).toContain("Own change 91");
    expect(made.find((e) => e.action === "test.course_added")?.after_json).toContain("Course about no one 42");
    expect(made.filter((e) => e.action === "test.register_mark")).toEqual([]);
    const count = (await eventsAboutOthers()).length;
    expect(document.auditEventsByPersonAboutOthers).toEqual({ file: EVENTS_ABOUT_OTHERS_FILE, count });
    // The pointer is not a record of its own: no one-line CSV file stands in the events' place.
    expect(Object.keys(files).filter((name) => name.includes("about-others"))).toEqual([EVENTS_ABOUT_OTHERS_FILE]);
    expect(files["csv/audit-events-by-person.csv"]).toContain("Own change 91");
    expect(files["README.txt"]).toContain(`did to other people's records is in ${EVENTS_ABOUT_OTHERS_FILE}, not in personal-data.json`);
  });

  it("says where they are in the README in Welsh too", async () => {
    const { files } = await downloadPersonalData("ld", "/me/export?lng=cy");
    expect(files["README.txt"]).toContain(`i gofnodion pobl eraill yn ${EVENTS_ABOUT_OTHERS_FILE}, nid yn personal-data.json`);
  });

  it("gives someone who did nothing about others the file with its header alone, and a count of none", async () => {
    const asye = await personIdOf("asye");
    const theirs = await db().selectFrom("audit_events").select("id").where("actor_person_id", "=", asye).where("person_id", "<>", asye).execute();
    expect(theirs).toEqual([]);
    const { files } = await downloadPersonalData("asye", "/me/export");
    expect(files[EVENTS_ABOUT_OTHERS_FILE].replace(/^\uFEFF/, "")).toBe("id,occurred_at,action,subject_type,subject_id\r\n");
    expect(JSON.parse(files["personal-data.json"]).auditEventsByPersonAboutOthers).toEqual({ file: EVENTS_ABOUT_OTHERS_FILE, count: 0 });
  });

  it("reads them a page at a time as the zip is sent, and lets other work run between pages", async () => {
    const seen = { largest: 0, total: 0 };
    let beforeSending = Infinity;
    let otherWorkRan = false;
    let ended = false;
    const chunks: Uint8Array[] = [];
    await withQueriesThrough(countingRowsInto(seen), async () => {
      const response = (await exportMine.action({ request: await requestAs("ld", "/me/export", { method: "POST" }), params: {}, context: {} })) as Response;
      // Nothing of the events about others is read before the download starts.
      beforeSending = seen.total;
      setImmediate(() => (otherWorkRan = !ended));
      const reader = response.body!.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(part.value);
      ended = true;
    });
    await nextTurn();
    expect(beforeSending).toBeLessThan(EVENTS_ABOUT_OTHERS_PAGE);
    expect(seen.total).toBeGreaterThan(MANY);
    // No statement reads more than a page, whatever the count: the old download read all 20,000 in one.
    expect(seen.largest).toBeLessThanOrEqual(EVENTS_ABOUT_OTHERS_PAGE);
    expect(otherWorkRan).toBe(true);
    const zip = new Uint8Array(Buffer.concat(chunks));
    expect(unzipAsText(zip)[EVENTS_ABOUT_OTHERS_FILE].split("\r\n").filter((line) => line.includes("test.register_mark"))).toHaveLength(MANY);
  });

  it("stops reading them once the person has gone", async () => {
    const seen = { largest: 0, total: 0 };
    const leaving = new AbortController();
    await withQueriesThrough(countingRowsInto(seen), async () => {
      const request = new Request(await requestAs("ld", "/me/export", { method: "POST" }), { signal: leaving.signal });
      const response = (await exportMine.action({ request, params: {}, context: {} })) as Response;
      const reader = response.body!.getReader();
      await reader.read();
      // The connection closes: the server's writer goes on reading the body, as Remix's does.
      leaving.abort();
      while (!(await reader.read()).done);
    });
    // Without the signal every page was still read, for nobody: all 20,000 events.
    expect(seen.total).toBeLessThan(MANY / 2);
  });
});
