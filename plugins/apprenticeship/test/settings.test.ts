// The apprenticeship's rules and rates page: only L&D and admins change them, nonsense is refused field by
// field with nothing saved, and a valid change is saved, audited and said to be saved.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import * as settingsPage from "../routes/settings";
import { apprenticeshipSettings, saveApprenticeshipSettings } from "../server/settings.server";

const PATH = "/programmes/apprenticeship/settings";
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const asFields = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
const changesAudited = async () => (await db().selectFrom("audit_events").select("id").where("action", "=", "setting.changed").where("subject_id", "like", "apprenticeship.%").execute()).length;

beforeAll(async () => {
  await seedDemo();
  await saveApprenticeshipSettings(DEFAULT_SETTINGS, SYSTEM_ACTOR);
});

describe("the apprenticeship's rules and rates", () => {
  it("are L&D's and admins' to change, not a manager's", async () => {
    expect((await run(settingsPage.loader, await requestAs("manager", PATH))).status).toBe(403);
    expect((await run(settingsPage.action, await requestAs("manager", PATH, form(asFields(DEFAULT_SETTINGS))))).status).toBe(403);
    expect(await apprenticeshipSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("refuses nonsense field by field and saves nothing", async () => {
    const before = await changesAudited();
    const bad = await run(settingsPage.action, await requestAs("ld", PATH, form({ ...asFields(DEFAULT_SETTINGS), fullTimeHours: "lots", topUpPercent: "101" })));
    expect(bad.status).toBe(400);
    expect((bad.data as { error: Record<string, string[]> }).error).toEqual({ fullTimeHours: ["settings.errors.number"], topUpPercent: ["settings.errors.number"] });
    expect(await apprenticeshipSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await changesAudited()).toBe(before);
  });

  it("saves a valid change, audits it and says it is saved", async () => {
    const before = await changesAudited();
    const saved = await run(settingsPage.action, await requestAs("ld", PATH, form(asFields({ ...DEFAULT_SETTINGS, fullTimeHours: 35 }))));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${PATH}?saved=1`);
    expect(await apprenticeshipSettings()).toEqual({ ...DEFAULT_SETTINGS, fullTimeHours: 35 });
    expect(await changesAudited()).toBeGreaterThan(before);
    const page = (await run(settingsPage.loader, await requestAs("ld", `${PATH}?saved=1`))).data as { title: string; settings: typeof DEFAULT_SETTINGS; saved: boolean };
    expect(page).toMatchObject({ title: "Apprenticeship rules and rates", saved: true, settings: { fullTimeHours: 35 } });
    await saveApprenticeshipSettings(DEFAULT_SETTINGS, SYSTEM_ACTOR);
  });
});
