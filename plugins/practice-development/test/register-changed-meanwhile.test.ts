// A session cohort's register saved from a page opened before a colleague saved theirs. Each row carries
// its mark as shown, so only the rows L&D changed are written: a colleague's "present" on a row left as it
// was stands. A row both changed (one unmarked when shown, marked present by the colleague, absent by L&D)
// refuses the save, nothing written, naming the person beside their marks and in the error summary (which
// links to their first radio), in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { countRows, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import { idFrom, inDays, post } from "./briefing-requests";
import { addPerson } from "./rollout-fixtures";

const BASE = "/programmes/practice-development";
let cohortId: number;
let sessionId: number;
/** Three places: Ann and Ben marked absent at first, Cai given a place after that, unmarked. */
let ann: number, ben: number, cai: number;
let caiName: string;

beforeAll(async () => {
  await seedDemo();
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ kind: "sos_intro", name: "Register changed meanwhile", firstDate: inDays(-1), time: "10:00", durationMinutes: "90", days: "1", capacity: "10" })));
  cohortId = idFrom(made.headers.get("Location"));
  sessionId = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).executeTakeFirstOrThrow()).id;
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const people = [await addPerson(team.id), await addPerson(team.id), await addPerson(team.id)];
  const now = new Date().toISOString();
  const place = async (person_id: number) =>
    (await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").executeTakeFirstOrThrow()).id;
  [ann, ben] = [await place(people[0]), await place(people[1])];
  expect((await save("admin", choosing(await registerOpenedBy("admin"), "absent", ann, ben))).status).toBe(302);
  cai = await place(people[2]);
  const named = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", people[2]).executeTakeFirstOrThrow();
  caiName = `${named.given_name} ${named.family_name}`;
});

const pagePath = () => `${BASE}/briefings/sessions/${cohortId}`;
const loaded = async () => run(sessionPage.loader, await requestAs("ld", pagePath()), { cohortId: String(cohortId) });

/** The session's register form as `who` opens it: its fields as a browser would send them, each row's mark as shown chosen. */
async function registerOpenedBy(who: "ld" | "admin") {
  const page = await run(sessionPage.loader, await requestAs(who, pagePath()), { cohortId: String(cohortId) });
  const html = await renderedAfterPost(sessionPage.default, page.data, null);
  const form = postForms(html, `http://localhost${pagePath()}`).find((f) => f.fields.some(([name, value]) => name === "session" && value === String(sessionId)))!;
  return form.fields;
}

/** The form's fields with `mark` chosen on each of the rows `ids` instead of what was chosen there. */
const choosing = (fields: [string, string][], mark: string, ...ids: number[]) => {
  const names = new Set(ids.map((id) => `mark-${id}`));
  return [...fields.filter(([name]) => !names.has(name)), ...[...names].map((name): [string, string] => [name, mark])];
};
const save = async (who: "ld" | "admin", fields: [string, string][]) => run(sessionPage.action, await requestAs(who, pagePath(), { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohortId) });
const marks = async () => Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((r) => [r.enrolment_id, r.status]));

describe("a session's register saved from an older page", () => {
  it("writes L&D's own change and leaves a colleague's mark since on a row L&D left as shown", async () => {
    const opened = await registerOpenedBy("ld");
    expect(opened).toEqual(expect.arrayContaining([[`shown-${ann}`, "absent"], [`shown-${ben}`, "absent"], [`shown-${cai}`, ""], [`mark-${ann}`, "absent"], [`mark-${ben}`, "absent"]]));
    expect(opened.filter(([name]) => name === `mark-${cai}`)).toEqual([[`mark-${cai}`, "none"]]);
    // A colleague marks Ben present (and Cai, whom L&D will mark present too).
    expect((await save("admin", choosing(await registerOpenedBy("admin"), "present", ben, cai))).status).toBe(302);
    const audits = await countRows("audit_events");

    expect((await save("ld", choosing(opened, "present", ann, cai))).status).toBe(302);

    expect(await marks()).toEqual({ [ann]: "present", [ben]: "present", [cai]: "present" });
    expect((await countRows("audit_events")) - audits).toBe(1);
  });

  it("refuses with 409, writing nothing, a row the colleague changed too, naming them beside their marks and in the summary", async () => {
    await db().deleteFrom("attendance").where("session_id", "=", sessionId).where("enrolment_id", "=", cai).execute();
    const opened = await registerOpenedBy("ld");
    expect((await save("admin", choosing(await registerOpenedBy("admin"), "present", ann, ben, cai))).status).toBe(302);
    const before = await marks();
    const audits = await countRows("audit_events");

    // L&D mark Ben absent, and Cai, shown unmarked, absent too, where the colleague marked Cai present.
    const refused = await save("ld", choosing(opened, "absent", ben, cai));

    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ error: "register.errors.changedMeanwhile", session: sessionId, people: caiName, rows: [cai] });
    expect(await marks()).toEqual(before);
    expect(await countRows("audit_events")).toBe(audits);
    for (const [locale, message] of [
      ["en-GB", `A colleague changed the attendance of ${caiName} after you opened this page. Nothing has been saved`],
      ["cy", `Newidiodd cydweithiwr bresenoldeb ${caiName} ar ôl i chi agor y dudalen hon. Nid oes dim wedi'i gadw`],
    ] as const) {
      const html = decodeHtml(await renderedAfterPost(sessionPage.default, (await loaded()).data, refused.data, locale));
      expect(errorSummaryTargets(html)).toEqual([`mark-${sessionId}-${cai}`]);
      expect(html.split(message)).toHaveLength(3);
      expect(html).toContain(`name="shown-${cai}" value="present"`);
    }
  });
});
