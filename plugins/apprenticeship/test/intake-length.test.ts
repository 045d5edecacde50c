// An intake ends the length of the apprenticeship after its start, as L&D set it on the rules and rates page
// when the intake is opened. It always ended 36 months on, so with the length set to 48 the intake still
// ended at 36 and off-the-job hours stopped being owed a year early. An intake opened before a change keeps
// the end it was given.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import * as intakesPage from "../routes/intakes";
import * as settingsPage from "../routes/settings";
import { apprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** L&D save the rules and rates with the apprenticeship lasting `months`. */
async function setLength(months: number) {
  const fields = Object.fromEntries(Object.entries({ ...DEFAULT_SETTINGS, durationMonths: months }).map(([k, v]) => [k, String(v)]));
  expect((await run(settingsPage.action, await requestAs("ld", "/programmes/apprenticeship/settings", form(fields)))).status).toBe(303);
  expect((await apprenticeshipSettings()).durationMonths).toBe(months);
}

/** L&D open an intake named `name` starting on `startsOn` from the intakes page. */
async function openIntake(name: string, startsOn: string) {
  const fields = { name, university: "University of the Midlands", opensOn: "2027-01-04", closesOn: "2027-03-26", startsOn, places: "2", criteria: "Values, experience and potential." };
  expect((await run(intakesPage.action, await requestAs("ld", "/programmes/apprenticeship/intakes", form(fields)))).status).toBe(303);
}

const datesOf = (name: string) => db().selectFrom("cohorts").select(["starts_on", "ends_on"]).where("name", "=", name).execute();

describe("an intake's end", () => {
  it("is the length of the apprenticeship L&D set after its start, and an intake opened before a change keeps its end", async () => {
    await openIntake("Length 36 intake", "2027-09-06");
    expect(await datesOf("Length 36 intake")).toEqual([{ starts_on: "2027-09-06", ends_on: "2030-09-06" }]);

    await setLength(48);
    await openIntake("Length 48 intake", "2027-09-06");
    expect(await datesOf("Length 48 intake")).toEqual([{ starts_on: "2027-09-06", ends_on: "2031-09-06" }]);
    expect(await datesOf("Length 36 intake")).toEqual([{ starts_on: "2027-09-06", ends_on: "2030-09-06" }]);

    await setLength(DEFAULT_SETTINGS.durationMonths);
  });
});
