// A new-cohort form sent twice (a double click, a resend) makes one cohort: the second send claims no form
// token and makes nothing. `cohortSentBefore` finds the cohort the first send made from the second's own
// values, so the second lands on it rather than on the programme's list.
import { beforeAll, describe, expect, it } from "vitest";
import * as newCohort from "../../plugins/leadership/routes/cohorts.new";
import { cohortSentBefore } from "../../app/services/cohorts.server";
import { newFormToken } from "../../app/services/submitted-forms.server";
import { db } from "../../app/utils/db.server";
import { FORM_TOKEN_FIELD } from "../../app/utils/form-token";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const FIELDS = { name: "Sent twice", startsOn: "2032-01-12", endsOn: "2032-09-30", capacity: "12", requiresManagerApproval: "no", firstSession: "2032-01-12", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };
const sought = { programmeId: "leadership", name: FIELDS.name, startsOn: FIELDS.startsOn, endsOn: FIELDS.endsOn, capacity: Number(FIELDS.capacity) };

async function send(fields: Record<string, string>) {
  const sent = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", { method: "POST", body: new URLSearchParams(fields) }));
  expect(sent.status).toBe(302);
  return sent.headers.get("Location");
}

const cohortsNamed = (name: string) => db().selectFrom("cohorts").select(["id", "starts_on"]).where("name", "=", name).orderBy("id").execute();

beforeAll(seedDemo);

describe("a new cohort's form sent twice", () => {
  it("makes one cohort, which the second send's values find", async () => {
    // Another cohort of the same name, on other dates, made before: not the one this form made.
    await send({ ...FIELDS, startsOn: "2032-02-02", firstSession: "2032-02-02", [FORM_TOKEN_FIELD]: newFormToken() });
    const token = newFormToken();
    const first = await send({ ...FIELDS, [FORM_TOKEN_FIELD]: token });
    const made = (await cohortsNamed(FIELDS.name)).filter((c) => c.starts_on === FIELDS.startsOn);
    expect(made).toHaveLength(1);
    expect(first).toBe(`/programmes/leadership/cohorts/${made[0].id}?created=1`);
    // The second send makes nothing and lands on the cohort the first made, not on the programme's list.
    expect(await send({ ...FIELDS, [FORM_TOKEN_FIELD]: token })).toBe(`/programmes/leadership/cohorts/${made[0].id}?created=1`);
    expect(await cohortsNamed(FIELDS.name)).toHaveLength(2);
    expect(await cohortSentBefore(sought)).toEqual({ id: made[0].id });
  });

  it("finds nothing when no cohort has the form's values", async () => {
    expect(await cohortSentBefore({ ...sought, capacity: 13 })).toBeUndefined();
    expect(await cohortSentBefore({ ...sought, programmeId: "practice-development" })).toBeUndefined();
  });
});
