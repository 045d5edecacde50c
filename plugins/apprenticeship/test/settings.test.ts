// The apprenticeship's rules and rates page: only L&D and admins change them, nonsense is refused field by
// field with nothing saved, and a valid change is saved, audited and said to be saved.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { fixedT } from "../../../app/utils/i18n.server";
import { formatNumber } from "../../../app/utils/number-format";
import { SETTINGS_RANGES, settingHint } from "../forms";
import { DEFAULT_SETTINGS, type NumericSetting } from "../programme";
import * as settingsPage from "../routes/settings";
import { apprenticeshipSettings, saveApprenticeshipSettings } from "../server/settings.server";

const PATH = "/programmes/apprenticeship/settings";
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const asFields = (values: Record<string, number | boolean>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
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
    expect((bad.data as { error: Record<string, string[]> }).error).toEqual({ fullTimeHours: ["settings.errors.fullTimeHours"], topUpPercent: ["settings.errors.topUpPercent"] });
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

describe("a setting outside its range", () => {
  it("is refused with a message naming the range, which the field's hint gives too, in both languages", async () => {
    const refused = await run(settingsPage.action, await requestAs("ld", PATH, form({ ...asFields(DEFAULT_SETTINGS), fundingBandCap: "500" })));
    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ fundingBandCap: ["settings.errors.fundingBandCap"] });
    const [en, cy] = [fixedT("en-GB"), fixedT("cy")];
    expect(en("apprenticeship:settings.errors.fundingBandCap")).toBe("Enter the funding band cap as a whole number of pounds from 1,000 to 100,000");
    expect(cy("apprenticeship:settings.errors.fundingBandCap")).toBe("Rhowch uchafswm y band cyllido fel rhif cyfan o bunnoedd o 1,000 i 100,000");
    expect(settingHint("fundingBandCap", en, "en-GB")).toBe("A whole number from 1,000 to 100,000.");
    expect(settingHint("fundingBandCap", cy, "cy")).toBe("Rhif cyfan o 1,000 i 100,000.");
    expect(await apprenticeshipSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("names in every setting's message the range the form takes, so the words and the rule agree", () => {
    for (const key of Object.keys(SETTINGS_RANGES) as NumericSetting[]) {
      const [min, max] = SETTINGS_RANGES[key].map((n) => formatNumber(n, "en-GB"));
      for (const locale of ["en-GB", "cy"] as const) {
        const message = fixedT(locale)(`apprenticeship:settings.errors.${key}`);
        expect(message, `${locale} ${key}`).toMatch(new RegExp(` ${min} (to|i) ${max}$`));
      }
    }
  });
});
