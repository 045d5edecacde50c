// A register refused because colleagues changed some of its rows meanwhile shows its error as GOV.UK ties an
// error to its field: beside each of those people's marks, inside the fieldset named for them, whose
// aria-describedby reads it, each naming that person alone; and the error summary lists one entry a person,
// in the register's order, each linking to that person's first radio. Nothing sits beside the register's
// heading, and the other people's fieldsets carry no error. Through the real loader, page and action on a
// migrated, seeded database, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { heldSessionWithPlaces } from "./held-session";

const BASE = "/programmes/practice-development";
let cohortId: number;
let sessionId: number;
/** The places, in the register's (name) order, with each person's name. */
let rows: { enrolmentId: number; name: string }[];

beforeAll(async () => {
  await seedDemo();
  ({ cohortId, sessionId } = await heldSessionWithPlaces("Register refused beside its rows", 3));
  const page = (await run(sessionPage.loader, await requestAs("ld", pagePath()), { cohortId: String(cohortId) })).data as { sessions: { register: { enrolmentId: number; name: string }[] }[] };
  rows = page.sessions[0].register.map(({ enrolmentId, name }) => ({ enrolmentId, name }));
  expect(rows).toHaveLength(3);
});

const pagePath = () => `${BASE}/briefings/sessions/${cohortId}`;
const loaded = async (who: "ld" | "admin" = "ld") => (await run(sessionPage.loader, await requestAs(who, pagePath()), { cohortId: String(cohortId) })).data;
async function registerOpenedBy(who: "ld" | "admin") {
  const html = await renderedAfterPost(sessionPage.default, await loaded(who), null);
  return postForms(html, `http://localhost${pagePath()}`).find((f) => f.fields.some(([name, value]) => name === "session" && value === String(sessionId)))!.fields;
}
const choosing = (fields: [string, string][], mark: string, ...ids: number[]) => {
  const names = new Set(ids.map((id) => `mark-${id}`));
  return [...fields.filter(([name]) => !names.has(name)), ...[...names].map((name): [string, string] => [name, mark])];
};
const save = async (who: "ld" | "admin", fields: [string, string][]) => run(sessionPage.action, await requestAs(who, pagePath(), { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohortId) });

/** One person's fieldset on the page: its opening tag's aria-describedby, its legend, its first radio's id, and its error message. */
function fieldsetOf(html: string, enrolmentId: number) {
  const part = html.split("<fieldset").find((p) => p.includes(`name="mark-${enrolmentId}"`))!;
  const fieldset = part.slice(0, part.indexOf("</fieldset>"));
  return {
    describedBy: /^[^>]*aria-describedby="([^"]*)"/.exec(fieldset)?.[1],
    legend: /<legend[^>]*>([^<]*)<\/legend>/.exec(fieldset)?.[1],
    firstRadio: /<input[^>]*type="radio"[^>]*>/.exec(fieldset)?.[0].match(/id="([^"]*)"/)?.[1],
    error: /<p id="([^"]*)" class="govuk-error-message">[\s\S]*?<\/span> ([^<]*)<\/p>/.exec(fieldset)?.slice(1, 3),
  };
}

describe("a register refused over rows colleagues changed meanwhile", () => {
  it("shows the error beside each of those people's marks, tied to their fieldset, and the summary links to each one's first radio", async () => {
    const [first, second, third] = rows;
    const opened = await registerOpenedBy("ld");
    // A colleague marks the second and third present; L&D, on the page opened before, mark them absent.
    expect((await save("admin", choosing(await registerOpenedBy("admin"), "present", second.enrolmentId, third.enrolmentId))).status).toBe(302);
    const refused = await save("ld", choosing(opened, "absent", third.enrolmentId, second.enrolmentId));
    expect(refused.status).toBe(409);

    for (const [locale, said] of [
      ["en-GB", (name: string) => `A colleague changed the attendance of ${name} after you opened this page. Nothing has been saved: the register now shows what the colleague saved. Check it and save again`],
      ["cy", (name: string) => `Newidiodd cydweithiwr bresenoldeb ${name} ar ôl i chi agor y dudalen hon. Nid oes dim wedi'i gadw: mae'r gofrestr bellach yn dangos yr hyn a gadwodd y cydweithiwr. Gwiriwch hi a chadwch eto`],
    ] as const) {
      const html = decodeHtml(await renderedAfterPost(sessionPage.default, await loaded(), refused.data, locale));
      // One summary entry a person in error, in the register's order, each linking to their first radio.
      expect(errorSummaryTargets(html)).toEqual([`mark-${sessionId}-${second.enrolmentId}`, `mark-${sessionId}-${third.enrolmentId}`]);
      for (const row of [second, third]) {
        const id = `mark-${sessionId}-${row.enrolmentId}`;
        expect(fieldsetOf(html, row.enrolmentId)).toEqual({ describedBy: `${id}-error`, legend: row.name, firstRadio: id, error: [`${id}-error`, said(row.name)] });
        // Once in the summary, once beside the person's marks.
        expect(html.split(said(row.name))).toHaveLength(3);
      }
      expect(fieldsetOf(html, first.enrolmentId)).toEqual({ describedBy: undefined, legend: first.name, firstRadio: `mark-${sessionId}-${first.enrolmentId}`, error: undefined });
      // Nothing beside the register's heading: the error is tied to the marks it concerns.
      expect(html).not.toContain(`id="session-${sessionId}-error"`);
    }
  });
});
