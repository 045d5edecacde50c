// A career stage's edit page sends back what it showed: when the stage was last saved and which
// requirements it listed. A save from a page out of date (another admin saved the stage since, a programme
// was switched on or off since, or the form says neither) is refused with 409: nothing changes, what was
// typed comes back, and the page is drawn as the stage now is. Saved as it stood, such a form would undo the
// other admin's work, or take off a requirement nobody saw (NAAS's, switched on after the page was read).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as adminStage from "../../app/routes/admin.pathway.$stageCode";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { updateStage } from "../../app/services/pathway-admin.server";
import { pathwayModel, requirementKey } from "../../app/services/pathway.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { db } from "../../app/utils/db.server";
import { isRefusal } from "../../app/utils/refused-form";
import { requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml, postForms } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const STAGE = "advanced_practitioner";
const PATH = `/admin/pathway/${STAGE}`;
const NAAS = "naas:accreditation-practitioner";

beforeAll(seedDemo);
afterEach(() => setPluginEnabled("naas", true, SYSTEM_ACTOR));

const keysOf = async () => ((await pathwayModel("en-GB")).requirements.get(STAGE) ?? []).map(requirementKey);
const loaded = async (lng = "en-GB") => (await run(adminStage.loader, await requestAs("admin", `${PATH}?lng=${lng}`), { stageCode: STAGE })).data;

/** The form as a browser without JavaScript sends it from the page drawn from `loaderData` (and the answer to a post, if any). */
async function formOnPage(loaderData: unknown, actionData: unknown = null) {
  const [form] = postForms(await renderedAfterPost(adminStage.default, loaderData, actionData), `http://localhost${PATH}`);
  return form.fields;
}

/** The fields with some values typed over, the rest as the page had them. */
function typed(fields: [string, string][], changes: Record<string, string>) {
  return fields.map(([name, value]): [string, string] => [name, name in changes ? changes[name] : value]);
}

/** The requirements ticked on a drawn page. */
const ticked = (html: string) => [...html.matchAll(/<input[^>]*name="requirements"[^>]*>/g)].filter((m) => m[0].includes('checked=""')).map((m) => /value="([^"]*)"/.exec(m[0])![1]);

async function save(fields: [string, string][]) {
  return run(adminStage.action, await requestAs("admin", PATH, { method: "POST", body: new URLSearchParams(fields) }), { stageCode: STAGE });
}

/** What a save would change: the stage's row, its overrides and its audit events. */
async function traces() {
  const stage = await db().selectFrom("career_stages").selectAll().where("code", "=", STAGE).executeTakeFirstOrThrow();
  const overrides = await db().selectFrom("career_stage_requirements").select(["requirement_key", "included"]).where("stage_code", "=", STAGE).orderBy("requirement_key").execute();
  const audits = await db().selectFrom("audit_events").select("id").where("action", "=", "career_stage.updated").where("subject_id", "=", STAGE).execute();
  return { stage, overrides, audits: audits.length };
}

describe("a stage's page read while a programme was off, saved after it was switched on", () => {
  it("is refused with 409, takes nothing off, and comes back listing the programme's requirement as the stage has it", async () => {
    await setPluginEnabled("naas", false, SYSTEM_ACTOR);
    const shown = await formOnPage(await loaded());
    expect(shown.some(([, value]) => value === NAAS)).toBe(false);
    await setPluginEnabled("naas", true, SYSTEM_ACTOR);
    expect(await keysOf()).toContain(NAAS);
    const before = await traces();

    const sent = typed(shown, { nameEn: "Advanced practitioner (renamed)" });
    const stale = await save(sent);
    expect(stale.status).toBe(409);
    expect(isRefusal(stale.data)).toBe(true);
    expect(stale.data).toMatchObject({ error: { "": ["pathwayAdmin.errors.requirementsChanged"] }, initialValue: { nameEn: "Advanced practitioner (renamed)" } });
    expect(await traces()).toEqual(before);
    expect(before.overrides.find((o) => o.requirement_key === NAAS)).toBeUndefined();
    expect(await keysOf()).toContain(NAAS);

    // Drawn again as it now is: NAAS's requirement listed and ticked, as the stage has it; what was typed kept.
    const now = await loaded();
    const html = decodeHtml(await renderedAfterPost(adminStage.default, now, stale.data));
    expect(html).toContain("A programme was switched on or off after you opened this page, so the requirements listed have changed and your changes have not been saved.");
    expect(ticked(html)).toContain(NAAS);
    expect(html).toContain('value="Advanced practitioner (renamed)"');
    const welsh = decodeHtml(await renderedAfterPost(adminStage.default, await loaded("cy"), stale.data, "cy"));
    expect(welsh).toContain("Cafodd rhaglen ei throi ymlaen neu ei diffodd ar ôl i chi agor y dudalen hon");

    // Sent again from that page, the rename is saved and NAAS's requirement stays.
    const again = await save(await formOnPage(now, stale.data));
    expect(again.status).toBe(302);
    expect((await traces()).stage.name_en).toBe("Advanced practitioner (renamed)");
    expect(await keysOf()).toContain(NAAS);
    expect((await traces()).overrides.find((o) => o.requirement_key === NAAS)).toBeUndefined();
  });

  it("never changes a requirement the page did not list, even when saved past the page's check", async () => {
    await setPluginEnabled("naas", false, SYSTEM_ACTOR);
    const stage = (await traces()).stage;
    const listed = ((await loaded()) as { requirements: { key: string; included: boolean }[] }).requirements;
    await setPluginEnabled("naas", true, SYSTEM_ACTOR);
    // As if NAAS were switched on between the action's check and the save.
    const input = { nameEn: stage.name_en, nameCy: stage.name_cy, position: stage.position, track: stage.track, minYears: stage.min_years, requirementKeys: listed.filter((r) => r.included).map((r) => r.key) };
    expect(await updateStage(SYSTEM_ACTOR, STAGE, input, { savedAt: stage.updated_at, requirementKeys: listed.map((r) => r.key) })).toEqual({ ok: true });
    expect((await traces()).overrides.find((o) => o.requirement_key === NAAS)).toBeUndefined();
    expect(await keysOf()).toContain(NAAS);
  });
});

describe("a stage's page saved after another admin saved the stage", () => {
  it("is refused with 409, keeping both what was typed and the other admin's save, and shows the stage as saved now", async () => {
    const mine = await formOnPage(await loaded());
    // Another admin (here the same account in another tab) renames the stage and takes NAAS's requirement off.
    const theirs = (await formOnPage(await loaded())).filter(([name, value]) => !(name === "requirements" && value === NAAS));
    expect((await save(typed(theirs, { nameEn: "Advanced social worker" }))).status).toBe(302);
    const before = await traces();
    expect(before.overrides).toContainEqual({ requirement_key: NAAS, included: 0 });

    const stale = await save(typed(mine, { nameCy: "Ymarferydd uwch (newydd)" }));
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ error: { "": ["pathwayAdmin.errors.savedMeanwhile"] }, initialValue: { nameCy: "Ymarferydd uwch (newydd)" } });
    expect(await traces()).toEqual(before);

    const now = await loaded();
    const html = decodeHtml(await renderedAfterPost(adminStage.default, now, stale.data));
    expect(html).toContain("Someone else saved this stage after you opened this page, so your changes have not been saved.");
    expect(html).toContain("The stage as it is saved now");
    expect(html).toMatch(/<dd class="govuk-summary-list__value">Advanced social worker<\/dd>/);
    expect(html).toContain('value="Ymarferydd uwch (newydd)"');
    const welsh = decodeHtml(await renderedAfterPost(adminStage.default, await loaded("cy"), stale.data, "cy"));
    expect(welsh).toContain("Cadwodd rhywun arall y cam hwn ar ôl i chi agor y dudalen hon");
    expect(welsh).toContain("Y cam fel y mae wedi'i gadw nawr");

    // Sent again from the page drawn now, it is saved.
    expect((await save(await formOnPage(now, stale.data))).status).toBe(302);
    expect((await traces()).stage.name_cy).toBe("Ymarferydd uwch (newydd)");
  });

  it("is refused when the other save lands between the page's check and its own", async () => {
    const stage = (await traces()).stage;
    const listed = ((await loaded()) as { requirements: { key: string; included: boolean }[] }).requirements;
    const input = { nameEn: stage.name_en, nameCy: stage.name_cy, position: stage.position, track: stage.track, minYears: stage.min_years, requirementKeys: listed.filter((r) => r.included).map((r) => r.key) };
    const shown = { savedAt: stage.updated_at, requirementKeys: listed.map((r) => r.key) };
    expect(await updateStage(SYSTEM_ACTOR, STAGE, { ...input, nameEn: "First save" }, shown)).toEqual({ ok: true });
    const before = await traces();
    expect(await updateStage(SYSTEM_ACTOR, STAGE, { ...input, nameEn: "Second save", requirementKeys: [] }, shown)).toEqual({ ok: false, error: "savedMeanwhile" });
    expect(await traces()).toEqual(before);
  });
});

describe("a stage's form that does not say what its page showed", () => {
  it("is refused with 409 and changes nothing", async () => {
    const shown = await formOnPage(await loaded());
    const before = await traces();
    const bare = typed(shown, { nameEn: "Renamed from an old page" }).filter(([name]) => name !== "shownSavedAt" && name !== "shownRequirements");
    const refused = await save(bare);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ error: { "": ["pathwayAdmin.errors.pageOutOfDate"] }, initialValue: { nameEn: "Renamed from an old page" } });
    expect(await traces()).toEqual(before);
    const withoutTheList = await save(typed(shown, { nameEn: "Renamed from an old page" }).filter(([name]) => name !== "shownRequirements"));
    expect(withoutTheList.status).toBe(409);
    expect(await traces()).toEqual(before);
  });
});

describe("a stage's page saved as drawn", () => {
  it("is saved, with a requirement taken off", async () => {
    const shown = await formOnPage(await loaded());
    const saved = await save(typed(shown, { position: "70" }).filter(([name, value]) => !(name === "requirements" && value === "common:cpd")));
    expect(saved.status).toBe(302);
    const after = await traces();
    expect(after.stage.position).toBe(70);
    expect(after.overrides).toContainEqual({ requirement_key: "common:cpd", included: 0 });
    expect(await keysOf()).not.toContain("common:cpd");
  });
});

describe("hostile values in a stage's form sent as its page sends it", () => {
  // Without what the page showed, a form is refused as out of date before its values are read: here they
  // are read, refused as they are, and nothing changes.
  const long = "a".repeat(5000);
  const HOSTILE: Record<string, string | string[]>[] = [
    { nameEn: "\u0000", nameCy: long, position: "1e9", track: "\u0000", minYears: "1.5" },
    { position: "40", minYears: "", requirements: Array.from({ length: 150 }, (_, i) => `x${i}\u0000`) },
    { nameEn: ["A", "B"], position: ["40", "41"], track: ["main", "side"] },
    { requirements: ["nobody:nothing"] },
  ];

  it.each(HOSTILE.map((values, i) => [i + 1, values] as const))("form %i is refused with 400", async (_, values) => {
    const shown = await formOnPage(await loaded());
    const before = await traces();
    const sent = [...shown.filter(([name]) => !(name in values)), ...Object.entries(values).flatMap(([name, value]) => [value].flat().map((v): [string, string] => [name, v]))];
    const refused = await save(sent);
    expect(refused.status).toBe(400);
    expect(isRefusal(refused.data)).toBe(true);
    expect(await traces()).toEqual(before);
  });
});
