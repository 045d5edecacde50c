// A session cohort's register can take a mark back: each person's radios end with "Not recorded", chosen for
// someone with no mark. Through the real loader, page and action on a migrated, seeded database: choosing it
// for someone marked (a mark saved by mistake) removes the mark, audited as a register change is, from the
// mark to none; left chosen for someone with no mark, it changes nothing and audits nothing; and it is
// offered in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { countRows, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { heldSessionWithPlaces } from "./held-session";

const BASE = "/programmes/practice-development";
let cohortId: number;
let sessionId: number;
/** Two places on a session held yesterday: Ann marked present by mistake, Ben not yet marked. */
let ann: number, ben: number;
let annPerson: number;

const pagePath = () => `${BASE}/briefings/sessions/${cohortId}`;
const pageHtml = async (locale: "en-GB" | "cy" = "en-GB") => decodeHtml(await renderedAfterPost(sessionPage.default, (await run(sessionPage.loader, await requestAs("ld", pagePath()), { cohortId: String(cohortId) })).data, null, locale));
/** The register's fields as a browser would send the page L&D open, before they choose anything. */
const openedFields = async () => postForms(await pageHtml(), `http://localhost${pagePath()}`).find((f) => f.fields.some(([name, value]) => name === "session" && value === String(sessionId)))!.fields;
/** The form's fields with `mark` chosen on row `id` instead of what was chosen there. */
const choosing = (fields: [string, string][], mark: string, id: number): [string, string][] => [...fields.filter(([name]) => name !== `mark-${id}`), [`mark-${id}`, mark]];
const save = async (fields: [string, string][]) => run(sessionPage.action, await requestAs("ld", pagePath(), { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohortId) });
const marks = async () => Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((r) => [r.enrolment_id, r.status]));
const markEvents = () => db().selectFrom("audit_events").select(["person_id", "before_json", "after_json"]).where("action", "=", "attendance.marked").where("subject_id", "=", String(sessionId)).orderBy("id").execute();

beforeAll(async () => {
  await seedDemo();
  const held = await heldSessionWithPlaces("Register taken back", 2);
  ({ cohortId, sessionId } = held);
  annPerson = held.people[0];
  [ann, ben] = held.places;
  // Ann marked present by mistake, through the page as L&D would.
  expect((await save(choosing(await openedFields(), "present", ann))).status).toBe(302);
  expect(await marks()).toEqual({ [ann]: "present" });
});

describe("a register's Not recorded", () => {
  it("is offered for each person in English and Welsh, chosen for someone with no mark and not for someone marked", async () => {
    const opened = await openedFields();
    expect(opened.filter(([name]) => name.startsWith("mark-"))).toEqual([[`mark-${ann}`, "present"], [`mark-${ben}`, "none"]]);
    expect(await pageHtml()).toContain(">Not recorded</label>");
    expect(await pageHtml("cy")).toContain(">Heb ei gofnodi</label>");
  });

  it("left chosen for someone with no mark, changes nothing and audits nothing", async () => {
    const before = await marks();
    const audits = await countRows("audit_events");
    const opened = await openedFields();
    expect(opened).toContainEqual([`mark-${ben}`, "none"]);
    expect((await save(opened)).status).toBe(302);
    expect(await marks()).toEqual(before);
    expect(await countRows("audit_events")).toBe(audits);
  });

  it("chosen for someone marked by mistake, removes their mark, audited from the mark to none", async () => {
    const events = (await markEvents()).length;
    expect((await save(choosing(await openedFields(), "none", ann))).status).toBe(302);
    expect(await marks()).toEqual({});
    const added = (await markEvents()).slice(events);
    expect(added).toHaveLength(1);
    expect(added[0].person_id).toBe(annPerson);
    expect(JSON.parse(added[0].before_json!)).toEqual({ enrolment: ann, mark: "present" });
    expect(JSON.parse(added[0].after_json!)).toEqual({ enrolment: ann, mark: null });
    // The page shows Ann unmarked again, Not recorded chosen.
    expect((await openedFields()).filter(([name]) => name === `mark-${ann}`)).toEqual([[`mark-${ann}`, "none"]]);
  });
});
