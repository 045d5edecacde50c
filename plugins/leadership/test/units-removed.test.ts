// A unit added by mistake is removed from the programme rules page in two steps, neither needing
// JavaScript: its button is a GET (`?remove=<id>`) to a confirmation that changes nothing and says what
// removing the unit changes, whose "Yes, remove" posts the removal, audited, and the page says so after a
// redirect. Only a unit no learner has a result for can go: the confirmation says so for one with results,
// and a removal of one is refused, saying how many, and nothing changes. Removal and a result take the
// same lock, so a result recorded at the same moment is never left without its unit.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { isRefusal } from "../../../app/utils/refused-form";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, firstHeading, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as settings from "../routes/settings";
import { leadershipDb, units } from "../server/progress.server";
import { form, learnerOnCohortOne } from "./support";

beforeAll(seedDemo);

const path = `/programmes/${PLUGIN_ID}/settings`;
type Removal = { gone: true } | { gone: false; unit: { id: number; number: number; title: string }; results: number };
type Page = { title: string; current: Record<string, string>; units: { id: number; title: string }[]; saved: boolean; removed: boolean; removal: Removal | null };
const shown = async (query = "") => (await run(settings.loader, await requestAs("ld", path + query))).data as Page;
const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
const remove = (unit: string) => send({ intent: "remove-unit", unit });
const resultsFor = (unitId: number) => leadershipDb().selectFrom("leadership_unit_results").select("enrolment_id").where("unit_id", "=", unitId).execute();
const auditedChanges = async () => (await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "like", "leadership.unit.%").executeTakeFirstOrThrow()).n;
const removalsAudited = (unitId: number) => db().selectFrom("audit_events").select("before_json").where("action", "=", "leadership.unit.removed").where("subject_id", "=", String(unitId)).execute();

/** A unit added through the rules form, as L&D add one. */
async function added(title: string) {
  const page = await shown();
  const fields = { ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit: title };
  expect((await send(fields)).status).toBe(303);
  return (await units()).find((u) => u.title === title)!;
}

/** Where the GET form a button submits (named by its `form`) leads, as a browser without JavaScript sends it. */
function getFormLeadsTo(html: string, buttonId: string) {
  const button = new RegExp(`<button[^>]*id="${buttonId}"[^>]*>`).exec(html)![0];
  const formId = /\sform="([^"]+)"/.exec(button)![1];
  const [, tag, body] = new RegExp(`<form([^>]*id="${formId}"[^>]*)>([\\s\\S]*?)</form>`).exec(html)!;
  expect(tag).toContain('method="get"');
  const fields = [...body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]);
  return `${/action="([^"]*)"/.exec(tag)![1]}?${new URLSearchParams(fields)}`;
}

const recordResult = (learner: Awaited<ReturnType<typeof learnerOnCohortOne>>, unitId: number) => learner.post({ intent: "unit", unit: String(unitId), submittedOn: "2026-10-01", result: "pass" });

describe("removing a unit", () => {
  it("asks first, changing nothing, then removes one nothing is recorded against, audited, and says so after a redirect", async () => {
    const mistake = await added("Added by mistake");
    await added("Added after it");
    const page = await shown();
    const html = decodeHtml(await renderedAfterPost(settings.default, page, null));
    const number = page.units.findIndex((u) => u.id === mistake.id) + 1;
    expect(html).toMatch(new RegExp(`<button[^>]*id="remove-unit-${mistake.id}"[^>]*>Remove unit ${number}</button>`));
    // The button only asks: no form on the rules page removes a unit.
    expect(postForms(html, `http://localhost${path}`).filter((f) => f.fields.some(([name]) => name === "unit"))).toEqual([]);
    const asked = getFormLeadsTo(html, `remove-unit-${mistake.id}`);
    expect(asked).toBe(`${path}?remove=${mistake.id}`);

    const before = { units: await units(), audited: await auditedChanges() };
    const confirming = await shown(asked.slice(path.length));
    expect({ units: await units(), audited: await auditedChanges() }).toEqual(before);
    expect(confirming.removal).toEqual({ gone: false, unit: { id: mistake.id, number, title: "Added by mistake" }, results: 0 });
    expect(confirming.title).toBe(`Are you sure you want to remove unit ${number}?`);
    const question = decodeHtml(await renderedAfterPost(settings.default, confirming, null));
    expect(firstHeading(question)).toBe(confirming.title);
    expect(question).toContain("Added by mistake");
    expect(question).toContain("No learner has a result recorded for it, so no result is lost.");
    expect(question).toContain(`<a class="govuk-link" data-discover="true" href="${path}">Cancel</a>`);
    expect(question).not.toContain("Save the rules");
    const welsh = decodeHtml(await renderedAfterPost(settings.default, confirming, null, "cy"));
    expect(firstHeading(welsh)).toBe(`Ydych chi'n siŵr eich bod am ddileu uned ${number}?`);
    expect(welsh).toMatch(/>Ydw, dileu<\/button>[\s\S]*>Canslo<\/a>/);
    const [removal, ...others] = postForms(question, `http://localhost${path}${asked.slice(path.length)}`);
    expect(others).toEqual([]);
    expect([removal.action, removal.fields]).toEqual([path, [["intent", "remove-unit"], ["unit", String(mistake.id)]]]);
    expect(question).toMatch(/<button[^>]*govuk-button--warning[^>]*>Yes, remove<\/button>/);

    const removed = await send(Object.fromEntries(removal.fields));
    expect(removed.status).toBe(303);
    expect(removed.headers.get("Location")).toBe(`${path}?removed=1`);
    const left = await units();
    expect(left.map((u) => u.id)).not.toContain(mistake.id);
    expect(left.map((u) => u.sequence)).toEqual(left.map((_, i) => i + 1));
    expect((await removalsAudited(mistake.id)).map((a) => JSON.parse(a.before_json!))).toEqual([{ title: "Added by mistake", sequence: number }]);
    const after = await shown("?removed=1");
    expect(after.removed).toBe(true);
    expect(decodeHtml(await renderedAfterPost(settings.default, after, null))).toContain("The unit is removed.");

    // "Yes, remove" sent again (a second click, or the page kept open) is refused, saying why, with no 500.
    const again = await send(Object.fromEntries(removal.fields));
    expect([again.status, isRefusal(again.data)]).toEqual([409, true]);
    const refusedPage = decodeHtml(await renderedAfterPost(settings.default, await shown(), again.data));
    expect(refusedPage).toContain("This unit is no longer on the list: it may have been removed already");
    expect(await removalsAudited(mistake.id)).toHaveLength(1);
  });

  it("says, when asked to remove one with results, that it cannot be removed and why, offering no removal and changing nothing", async () => {
    const assessed = (await shown()).units[0];
    const results = (await resultsFor(assessed.id)).length;
    expect(results).toBeGreaterThan(1);
    const before = { units: await units(), audited: await auditedChanges() };
    const asked = await shown(`?remove=${assessed.id}`);
    expect({ units: await units(), audited: await auditedChanges() }).toEqual(before);
    expect(asked.removal).toEqual({ gone: false, unit: { id: assessed.id, number: 1, title: assessed.title }, results });
    const html = decodeHtml(await renderedAfterPost(settings.default, asked, null));
    expect(firstHeading(html)).toBe("Unit 1 cannot be removed");
    expect(html).toContain(`${results} learners have results recorded for it. A unit can be removed only while no learner has a result for it.`);
    expect(html).toContain(`href="${path}">Back to the programme rules</a>`);
    expect(postForms(html, `http://localhost${path}`)).toEqual([]);
    const welsh = decodeHtml(await renderedAfterPost(settings.default, asked, null, "cy"));
    expect(firstHeading(welsh)).toBe("Ni ellir dileu uned 1");
    expect(welsh).toContain(`Canlyniadau a gofnodwyd: ${results}.`);
  });

  it("shows the rules, saying the unit is no longer listed, when asked to remove one that is not there", async () => {
    for (const asked of ["3000000", "first", ""]) {
      const page = await shown(`?remove=${asked}`);
      expect([page.removal, page.title]).toEqual([{ gone: true }, "Programme rules"]);
      const html = decodeHtml(await renderedAfterPost(settings.default, page, null));
      expect(html).toContain("Save the rules");
      expect(html).toMatch(/<div class="govuk-notification-banner" role="region"[\s\S]*This unit is no longer on the list: it may have been removed already/);
      expect(errorSummaryTargets(html)).toEqual([]);
    }
  });

  it("refuses one with results, saying how many beside its button and in the summary, and changes nothing", async () => {
    const page = await shown();
    const assessed = page.units[0];
    const results = (await resultsFor(assessed.id)).length;
    expect(results).toBeGreaterThan(1);
    const before = await units();
    const refused = await remove(String(assessed.id));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, removal: { unit: assessed.id, error: "settings.errors.unitHasResults", results } });
    expect(await units()).toEqual(before);
    expect(await removalsAudited(assessed.id)).toEqual([]);

    const html = decodeHtml(await renderedAfterPost(settings.default, page, refused.data));
    expect(html).toContain(`href="#remove-unit-${assessed.id}"`);
    expect(html).toContain(`id="remove-unit-${assessed.id}-error"`);
    expect(html.match(new RegExp(`This unit cannot be removed: ${results} learners have results recorded for it`, "g"))).toHaveLength(2);
    expect(html).not.toContain("The unit is removed.");
    const welsh = decodeHtml(await renderedAfterPost(settings.default, page, refused.data, "cy"));
    expect(welsh).toContain(`Ni ellir dileu'r uned hon tra bo canlyniadau dysgwyr wedi'u cofnodi ar ei chyfer. Canlyniadau a gofnodwyd: ${results}`);
  });

  it("says so in the singular when one learner has a result for it", async () => {
    const unit = await added("Assessed once");
    expect((await recordResult(await learnerOnCohortOne(), unit.id)).status).toBe(200);
    const refused = await remove(String(unit.id));
    expect(refused.data).toEqual({ ok: false, removal: { unit: unit.id, error: "settings.errors.unitHasResults", results: 1 } });
    expect(fixedT("en-GB", PLUGIN_ID)("settings.errors.unitHasResults", { count: 1 })).toBe("This unit cannot be removed: 1 learner has a result recorded for it");
    expect((await units()).map((u) => u.id)).toContain(unit.id);
  });

  it("answers a unit already removed, or no unit, with what is wrong and no 500", async () => {
    const unit = await added("Removed twice");
    expect((await remove(String(unit.id))).status).toBe(303);
    const again = await remove(String(unit.id));
    expect(again.status).toBe(409);
    expect(again.data).toEqual({ ok: false, removal: { unit: unit.id, error: "settings.errors.unitGone", results: 0 } });
    expect(await removalsAudited(unit.id)).toHaveLength(1);
    for (const sent of ["", "first", "3000000000"]) {
      expect(await remove(sent)).toMatchObject({ status: 400, data: { removal: { unit: null, error: "settings.errors.unitGone" } } });
    }
    const page = await shown();
    const html = decodeHtml(await renderedAfterPost(settings.default, page, again.data));
    expect(html.match(/This unit is no longer on the list: it may have been removed already/g)).toHaveLength(1);
  });

  it("removes nothing when its audit cannot be written", async () => {
    const unit = await added("Removed while the audit is down");
    const before = await units();
    expect(await failsWhileAuditFails(() => remove(String(unit.id)), "leadership.unit.removed")).toBe(true);
    expect(await units()).toEqual(before);
  });
});

describe("a unit removed while a learner's result for it is being recorded", () => {
  /** The two outcomes the lock allows: the result first and the removal refused, or the removal first and the result refused. */
  const ALLOWED = [
    { recorded: 200, removed: 400, stored: 1 },
    { recorded: 400, removed: 303, stored: 0 },
  ];

  it("never leaves the result without its unit when the removal comes just after the unit is read", async () => {
    const unit = await added("Removed as a result is recorded");
    const learner = await learnerOnCohortOne();
    let removal: Outcome | undefined;
    const recorded = await whenFirstRead(/from "leadership_units"/, async () => (removal = await remove(String(unit.id))), () => recordResult(learner, unit.id));
    expect(ALLOWED).toContainEqual({ recorded: recorded.status, removed: removal?.status, stored: (await resultsFor(unit.id)).length });
  });

  it("never leaves the result without its unit when the result comes just after the removal counts them", async () => {
    const unit = await added("Counted as a result is recorded");
    const learner = await learnerOnCohortOne();
    let recorded: Outcome | undefined;
    const removal = await whenFirstRead(/from "leadership_unit_results"/, async () => (recorded = await recordResult(learner, unit.id)), () => remove(String(unit.id)));
    expect(ALLOWED).toContainEqual({ recorded: recorded?.status, removed: removal.status, stored: (await resultsFor(unit.id)).length });
  });
});
