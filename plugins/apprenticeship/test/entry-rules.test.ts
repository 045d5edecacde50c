// Level 2 English and maths are entry rules L&D can switch off (the university partner sets its own entry
// criteria): on, as by default, an applicant without one is not eligible and cannot be shortlisted; off, they
// are, and the rules an applicant reads no longer ask for it.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, type ApprenticeshipSettings } from "../programme";
import * as applyPage from "../routes/apply.$intakeId";
import * as intakePage from "../routes/intakes.$intakeId";
import * as settingsPage from "../routes/settings";
import { apprenticeshipDb } from "../server/db.server";
import { apprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);

const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** L&D save the settings form, with these changes from the defaults. */
async function saveSettings(changes: Partial<ApprenticeshipSettings>) {
  const fields = Object.fromEntries(Object.entries({ ...DEFAULT_SETTINGS, ...changes }).map(([k, v]) => [k, String(v)]));
  expect((await run(settingsPage.action, await requestAs("ld", "/programmes/apprenticeship/settings", post(fields)))).status).toBe(303);
}

const intake2 = () => apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();

/** Supported applications to the open intake, not yet shortlisted or decided: one without level 2 English, one without maths. */
async function applicantsWithout() {
  const { id: intakeId } = await intake2();
  const [english, maths] = await apprenticeshipDb().selectFrom("apprenticeship_applications").select(["id", "person_id"]).where("intake_id", "=", intakeId).where("manager_support", "=", "given").where("decision", "is", null).orderBy("id").limit(2).execute();
  await apprenticeshipDb().updateTable("apprenticeship_applications").set({ english: "none", shortlisted: 0 }).where("id", "=", english.id).execute();
  await apprenticeshipDb().updateTable("apprenticeship_applications").set({ maths: "none", shortlisted: 0 }).where("id", "=", maths.id).execute();
  return { intakeId, english: english.id, maths: maths.id };
}

async function eligibility(intakeId: number) {
  const page = await run(intakePage.loader, await requestAs("ld", `/programmes/apprenticeship/intakes/${intakeId}`), { intakeId: String(intakeId) });
  const applications = (page.data as { applications: { id: number; eligible: boolean; shortlisted: boolean }[] }).applications;
  return new Map(applications.map((a) => [a.id, a]));
}

/** L&D shortlist the application: done (303), or refused as not eligible (409, saying so), answering whether it is on the shortlist after. */
async function shortlist(intakeId: number, applicationId: number) {
  const request = await requestAs("ld", `/programmes/apprenticeship/intakes/${intakeId}`, post({ application: String(applicationId), shortlist: "1" }));
  const answer = await run(intakePage.action, request, { intakeId: String(intakeId) });
  if (answer.status !== 303) expect(answer).toMatchObject({ status: 409, data: { ok: false, error: "intakes.errors.notEligible" } });
  return (await eligibility(intakeId)).get(applicationId)!.shortlisted;
}

async function rulesRead(intakeId: number) {
  const page = await run(applyPage.loader, await requestAs("practitioner", `/programmes/apprenticeship/apply/${intakeId}`), { intakeId: String(intakeId) });
  return (page.data as { rules: string }).rules;
}

describe("level 2 English and maths as entry rules", () => {
  it("are asked for by default, and an applicant without one is not eligible and cannot be shortlisted", async () => {
    expect(await apprenticeshipSettings()).toMatchObject({ requireLevel2English: true, requireLevel2Maths: true });
    const { intakeId, english, maths } = await applicantsWithout();
    const shown = await eligibility(intakeId);
    expect(shown.get(english)!.eligible).toBe(false);
    expect(shown.get(maths)!.eligible).toBe(false);
    expect(await shortlist(intakeId, english)).toBe(false);
    expect(await rulesRead(intakeId)).toBe("You need at least 12 months' service, level 2 English and maths (held or planned) and your manager's support.");
  });

  it("switched off one at a time, no longer refuse an applicant without it, and on again refuse them as before", async () => {
    const { intakeId, english, maths } = await applicantsWithout();
    await saveSettings({ requireLevel2English: false });
    expect(await apprenticeshipSettings()).toMatchObject({ requireLevel2English: false, requireLevel2Maths: true });
    let shown = await eligibility(intakeId);
    expect(shown.get(english)!.eligible).toBe(true);
    expect(shown.get(maths)!.eligible).toBe(false);
    expect(await rulesRead(intakeId)).toBe("You need at least 12 months' service, level 2 maths (held or planned) and your manager's support.");

    await saveSettings({ requireLevel2English: false, requireLevel2Maths: false });
    shown = await eligibility(intakeId);
    expect(shown.get(maths)!.eligible).toBe(true);
    expect(await rulesRead(intakeId)).toBe("You need at least 12 months' service and your manager's support.");
    expect(await shortlist(intakeId, maths)).toBe(true);

    await saveSettings({});
    shown = await eligibility(intakeId);
    expect(shown.get(english)!.eligible).toBe(false);
    expect(await shortlist(intakeId, english)).toBe(false);
  });

  it("are refused on the settings form unless yes or no is chosen, saying so by the field", async () => {
    const fields = Object.fromEntries(Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, String(v)]));
    const refused = await run(settingsPage.action, await requestAs("ld", "/programmes/apprenticeship/settings", post({ ...fields, requireLevel2English: "maybe", requireLevel2Maths: "" })));
    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ requireLevel2English: ["settings.errors.requireLevel2English"], requireLevel2Maths: ["settings.errors.requireLevel2Maths"] });
  });
});
