// A new-cohort form sent twice (a double click, a resend) makes one cohort: the second send claims no form
// token and makes nothing, and lands on the cohort the first send made rather than on the programme's list.
// `createCohortOnce` finds it by the id the first send kept with its token, not by the form's values, so two
// cohorts made alike by two forms are told apart.
import { beforeAll, describe, expect, it } from "vitest";
import * as newCohort from "../../plugins/leadership/routes/cohorts.new";
import { createCohortOnce } from "../../app/services/cohorts.server";
import { madeBy, newFormToken } from "../../app/services/submitted-forms.server";
import { db } from "../../app/utils/db.server";
import { FORM_TOKEN_FIELD } from "../../app/utils/form-token";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { run } from "../support/route";

const FIELDS = { name: "Sent twice", startsOn: "2032-01-12", endsOn: "2032-09-30", capacity: "12", requiresManagerApproval: "no", firstSession: "2032-01-12", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };

async function send(fields: Record<string, string>) {
  const sent = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", { method: "POST", body: new URLSearchParams(fields) }));
  expect(sent.status).toBe(302);
  return sent.headers.get("Location");
}

const cohortsNamed = (name: string) => db().selectFrom("cohorts").select(["id", "starts_on"]).where("name", "=", name).orderBy("id").execute();

beforeAll(seedDemo);

describe("a new cohort's form sent twice", () => {
  it("makes one cohort, on which the second send lands", async () => {
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
  });

  it("sent again after another form made the same cohort, lands on the one its own first send made", async () => {
    const fields = { ...FIELDS, name: "Parallel by form" };
    const firstForm = newFormToken();
    const first = await send({ ...fields, [FORM_TOKEN_FIELD]: firstForm });
    const second = await send({ ...fields, [FORM_TOKEN_FIELD]: newFormToken() });
    const [a, b] = await cohortsNamed(fields.name);
    expect([first, second]).toEqual([`/programmes/leadership/cohorts/${a.id}?created=1`, `/programmes/leadership/cohorts/${b.id}?created=1`]);
    expect(await send({ ...fields, [FORM_TOKEN_FIELD]: firstForm })).toBe(`/programmes/leadership/cohorts/${a.id}?created=1`);
    expect(await cohortsNamed(fields.name)).toHaveLength(2);
  });
});

describe("a new cohort made once by its form's token", () => {
  // Two parallel cohorts L&D make alike on purpose: the same name, dates and places.
  const input = { programmeId: "leadership", name: "Parallel cohort", startsOn: "2033-01-10", endsOn: "2033-09-30", capacity: 12, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false };
  const plan = { firstDate: "2033-01-10", cadence: "fortnightly" as const, count: 2, time: "10:00", durationMinutes: 180 };
  const ld = async () => ({ userId: await userIdOf("ld"), personId: await personIdOf("ld") });

  it("sent again after another form made the same cohort, lands on the one its own first send made", async () => {
    const actor = await ld();
    const firstForm = newFormToken();
    const secondForm = newFormToken();
    const first = await createCohortOnce(input, plan, actor, firstForm);
    const second = await createCohortOnce(input, plan, actor, secondForm);
    expect(first).not.toBeNull();
    expect(second).not.toBe(first);
    expect(await madeBy(firstForm)).toBe(String(first));

    expect(await createCohortOnce(input, plan, actor, firstForm)).toBe(first);
    expect(await createCohortOnce(input, plan, actor, secondForm)).toBe(second);
    expect(await cohortsNamed(input.name)).toHaveLength(2);
    const audited = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "cohort.created").where("subject_id", "in", [String(first), String(second)]).execute();
    expect(audited).toHaveLength(2);
  });

  it("sent twice at the same moment, makes one cohort and both sends land on it", async () => {
    const actor = await ld();
    const token = newFormToken();
    const both = await Promise.all([createCohortOnce({ ...input, name: "At once" }, plan, actor, token), createCohortOnce({ ...input, name: "At once" }, plan, actor, token)]);
    const made = await cohortsNamed("At once");
    expect(made).toHaveLength(1);
    expect(both).toEqual([made[0].id, made[0].id]);
  });

  it("lands nowhere (the programme's list) when the first send kept no id, or its cohort is gone", async () => {
    const actor = await ld();
    // A token claimed before migration 0028 kept ids.
    const before = newFormToken();
    const made = await createCohortOnce({ ...input, name: "Kept no id" }, plan, actor, before);
    await db().updateTable("submitted_forms").set({ made_id: null }).where("token", "=", before).execute();
    expect(await createCohortOnce({ ...input, name: "Kept no id" }, plan, actor, before)).toBeNull();
    expect(await cohortsNamed("Kept no id")).toEqual([expect.objectContaining({ id: made })]);

    const gone = newFormToken();
    const removed = await createCohortOnce({ ...input, name: "Gone since" }, null, actor, gone);
    await db().deleteFrom("cohorts").where("id", "=", removed!).execute();
    expect(await createCohortOnce({ ...input, name: "Gone since" }, null, actor, gone)).toBeNull();
    expect(await cohortsNamed("Gone since")).toHaveLength(0);
  });

  it("without a token (a page drawn before tokens), makes a cohort each time as before", async () => {
    const actor = await ld();
    const a = await createCohortOnce({ ...input, name: "No token" }, null, actor, null);
    const b = await createCohortOnce({ ...input, name: "No token" }, null, actor, null);
    expect(a).not.toBe(b);
    expect(await cohortsNamed("No token")).toHaveLength(2);
  });
});
