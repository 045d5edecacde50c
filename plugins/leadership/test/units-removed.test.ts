// A unit added by mistake is removed from the programme rules page by its own form (a plain POST, so no
// JavaScript is needed), audited with it, and the page says so after a redirect. Only a unit no learner
// has a result for can go: one with results is refused, saying how many, and nothing changes. Removal and
// a result take the same lock, so a result recorded at the same moment is never left without its unit.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as settings from "../routes/settings";
import { leadershipDb, units } from "../server/progress.server";
import { form, learnerOnCohortOne } from "./support";

beforeAll(seedDemo);

const path = `/programmes/${PLUGIN_ID}/settings`;
type Page = { current: Record<string, string>; units: { id: number; title: string }[]; saved: boolean; removed: boolean };
const shown = async (query = "") => (await run(settings.loader, await requestAs("ld", path + query))).data as Page;
const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
const remove = (unit: string) => send({ intent: "remove-unit", unit });
const resultsFor = (unitId: number) => leadershipDb().selectFrom("leadership_unit_results").select("enrolment_id").where("unit_id", "=", unitId).execute();
const removalsAudited = (unitId: number) => db().selectFrom("audit_events").select("before_json").where("action", "=", "leadership.unit.removed").where("subject_id", "=", String(unitId)).execute();

/** A unit added through the rules form, as L&D add one. */
async function added(title: string) {
  const page = await shown();
  const fields = { ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit: title };
  expect((await send(fields)).status).toBe(303);
  return (await units()).find((u) => u.title === title)!;
}

const recordResult = (learner: Awaited<ReturnType<typeof learnerOnCohortOne>>, unitId: number) => learner.post({ intent: "unit", unit: String(unitId), submittedOn: "2026-10-01", result: "pass" });

describe("removing a unit", () => {
  it("removes one nothing is recorded against, by the page's own form, audited, and says so after a redirect", async () => {
    const mistake = await added("Added by mistake");
    await added("Added after it");
    const page = await shown();
    const html = decodeHtml(await renderedAfterPost(settings.default, page, null));
    const number = page.units.findIndex((u) => u.id === mistake.id) + 1;
    expect(html).toMatch(new RegExp(`<button[^>]*id="remove-unit-${mistake.id}"[^>]*>Remove unit ${number}</button>`));
    const removal = postForms(html, `http://localhost${path}`).find((f) => f.fields.some(([name, value]) => name === "unit" && value === String(mistake.id)))!;
    expect(removal.fields).toEqual([["intent", "remove-unit"], ["unit", String(mistake.id)]]);

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
