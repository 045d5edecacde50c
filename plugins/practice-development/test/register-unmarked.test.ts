// A session cohort's register asks for each person's mark rather than reading an unticked box as "absent":
// through the real loader, page and action on a migrated, seeded database, each person's row is a fieldset
// of radios (present, absent, excused, not recorded) named for them, the current mark chosen, "Not recorded"
// for someone unmarked. A save leaving someone not recorded records nothing for them, not an absence; an excused mark recorded elsewhere is shown chosen and
// survives a save that leaves it as shown; a mark no radio offers changes nothing for that row.
import { beforeAll, describe, expect, it } from "vitest";
import { saveRegister } from "../../../app/services/attendance.server";
import { db } from "../../../app/utils/db.server";
import { countRows, personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { heldSessionWithPlaces } from "./held-session";

const BASE = "/programmes/practice-development";
let cohortId: number;
let sessionId: number;
/** Three places on a session held yesterday: Ann and Ben unmarked, Cai excused by a save made elsewhere. */
let ann: number, ben: number, cai: number;
let names: Record<"ann" | "ben" | "cai", string>;

beforeAll(async () => {
  await seedDemo();
  const held = await heldSessionWithPlaces("Register left unmarked", 3);
  ({ cohortId, sessionId } = held);
  const people = held.people;
  [ann, ben, cai] = held.places;
  const named = await db().selectFrom("people").select(["id", "given_name", "family_name"]).where("id", "in", people).execute();
  const nameOf = (person: number) => named.filter((p) => p.id === person).map((p) => `${p.given_name} ${p.family_name}`)[0];
  names = { ann: nameOf(people[0]), ben: nameOf(people[1]), cai: nameOf(people[2]) };
  // Excused elsewhere: the core's own register, as a programme's action or the core's page saves it.
  const excused = await saveRegister(sessionId, cohortId, new Map([[cai, "excused" as const]]), { userId: await userIdOf("admin"), personId: await personIdOf("admin") });
  expect(excused).toEqual({ ok: true, changed: 1 });
});

const pagePath = () => `${BASE}/briefings/sessions/${cohortId}`;
const pageHtml = async (locale: "en-GB" | "cy" = "en-GB") => decodeHtml(await renderedAfterPost(sessionPage.default, (await run(sessionPage.loader, await requestAs("ld", pagePath()), { cohortId: String(cohortId) })).data, null, locale));
/** The register's fields as a browser would send the page L&D open, before they choose anything. */
const openedFields = async () => postForms(await pageHtml(), `http://localhost${pagePath()}`).find((f) => f.fields.some(([name, value]) => name === "session" && value === String(sessionId)))!.fields;
const save = async (fields: [string, string][]) => run(sessionPage.action, await requestAs("ld", pagePath(), { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohortId) });
const marks = async () => Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((r) => [r.enrolment_id, r.status]));

/** The form's fields with `mark` chosen on each of the rows `ids` instead of what was chosen there (each row sends one choice). */
const choosing = (fields: [string, string][], mark: string, ...ids: number[]) => {
  const names = new Set(ids.map((id) => `mark-${id}`));
  return [...fields.filter(([name]) => !names.has(name)), ...[...names].map((name): [string, string] => [name, mark])];
};

/** The radios of one person's fieldset on the page: its legend, and each radio's value and whether it is chosen. */
function radiosOf(html: string, enrolmentId: number) {
  const fieldset = html.split('<fieldset class="govuk-fieldset"').find((part) => part.includes(`name="mark-${enrolmentId}"`))!;
  const legend = /<legend class="govuk-fieldset__legend[^"]*">([^<]*)<\/legend>/.exec(fieldset)?.[1];
  const inline = fieldset.includes('class="govuk-radios govuk-radios--inline govuk-radios--small"');
  const radios = [...fieldset.matchAll(/<input([^>]*)type="radio"([^>]*)>/g)].map((m) => ({ value: /value="([^"]*)"/.exec(m[0])?.[1], chosen: / checked=""/.test(m[0]) }));
  return { legend, inline, radios };
}

describe("a register that asks for each person's mark", () => {
  it("offers present, absent, excused and not recorded for each person, in a fieldset named for them, the current mark chosen, in English and Welsh", async () => {
    const html = await pageHtml();
    expect(radiosOf(html, ann)).toEqual({ legend: names.ann, inline: true, radios: [{ value: "present", chosen: false }, { value: "absent", chosen: false }, { value: "excused", chosen: false }, { value: "none", chosen: true }] });
    expect(radiosOf(html, cai)).toEqual({ legend: names.cai, inline: true, radios: [{ value: "present", chosen: false }, { value: "absent", chosen: false }, { value: "excused", chosen: true }, { value: "none", chosen: false }] });
    expect(html).toContain("Choose Not recorded if you do not know yet: nothing is recorded for them");
    const welsh = await pageHtml("cy");
    for (const label of ["Yn bresennol", "Yn absennol", "Wedi'i esgusodi", "Heb ei gofnodi"]) expect(welsh).toContain(`>${label}</label>`);
    expect(welsh).toContain("Dewiswch Heb ei gofnodi os nad ydych yn gwybod eto");
  });

  it("records nothing for someone left unmarked, and keeps an excused mark left as shown", async () => {
    const opened = await openedFields();
    expect(opened.filter(([name]) => name.startsWith("mark-"))).toEqual([[`mark-${ann}`, "none"], [`mark-${ben}`, "none"], [`mark-${cai}`, "excused"]]);
    const audits = await countRows("audit_events");

    // L&D mark Ann present, leave Ben not recorded and Cai's excused as the page shows it.
    expect((await save(choosing(opened, "present", ann))).status).toBe(302);

    expect(await marks()).toEqual({ [ann]: "present", [cai]: "excused" });
    expect((await countRows("audit_events")) - audits).toBe(1);
  });

  it("changes nothing for a row posted with a mark no radio offers", async () => {
    const before = await marks();
    const audits = await countRows("audit_events");
    const opened = await openedFields();
    expect((await save(choosing(choosing(opened, "late", ann), "absent", ben))).status).toBe(302);
    expect(await marks()).toEqual({ ...before, [ben]: "absent" });
    expect((await countRows("audit_events")) - audits).toBe(1);
  });
});
