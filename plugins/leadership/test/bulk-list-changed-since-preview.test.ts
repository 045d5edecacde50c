// "Enrol these people" enrols the people the preview showed, or nobody. The form carries a digest of who
// it showed and whether each is eligible; if the filter finds anyone else by the time it is sent (someone
// new in the team, someone's role changed), or the form does not say, it is refused with 409, nobody is
// enrolled, and the page drawn afresh shows who the filter finds now, saying why, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { isRefusal } from "../../../app/utils/refused-form";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, hasErrorSummary, postForms } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import * as newCohort from "../routes/cohorts.new";
import { cohortNamed, form } from "./support";

beforeAll(seedDemo);

const COHORT = { startsOn: "2028-03-06", endsOn: "2028-11-27", capacity: "50", requiresManagerApproval: "no", firstSession: "2028-03-06", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };

const CHANGED = {
  "en-GB": "The people the filter finds have changed since the list was shown, so nobody was enrolled. Check the list below, then enrol them again",
  cy: "Mae'r bobl y mae'r hidlydd yn eu canfod wedi newid ers i'r rhestr gael ei dangos, felly ni chafodd neb ei gofrestru. Gwiriwch y rhestr isod, yna cofrestrwch nhw eto",
} as const;

interface Preview {
  total: number;
  ineligible: number;
  shown: string;
  people: { id: number }[];
}

let made = 0;
/**
 * A new cohort, and a new locality whose one team has two team managers (eligible): the filter "everyone
 * in the locality" finds just these, so a test can change who it finds.
 */
async function cohortAndLocality() {
  made += 1;
  const name = `Bulk, list changed ${made}`;
  expect((await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...COHORT, name })))).status).toBe(302);
  const { id: cohortId } = await cohortNamed(name);
  const [locality] = await db().insertInto("org_units").values({ code: `LIST-CHANGED-${made}`, name: `List changed ${made}`, kind: "locality", parent_id: null }).returning("id").execute();
  const [team] = await db().insertInto("org_units").values({ code: `LIST-CHANGED-TEAM-${made}`, name: `List changed team ${made}`, kind: "team", parent_id: locality.id }).returning("id").execute();
  for (const n of [1, 2]) await joins(team.id, `${made}-${n}`, "team_manager");
  const path = `/programmes/leadership/cohorts/${cohortId}/bulk`;
  return { cohortId, teamId: team.id, path, pageUrl: `${path}?preview=1&locality=${locality.id}` };
}

/** Someone new in the team, in a role: their id. */
async function joins(teamId: number, key: string, role: string) {
  const names = { employee_number: `LIST-CHANGED-${key}`, given_name: "Gethin", family_name: `Listed ${key}`, email: `list-changed-${key}@example.test`, team_id: teamId };
  const [person] = await db().insertInto("people").values(newPerson(names, { role_category: role, job_title: role === "team_manager" ? "Team Manager" : "Social Worker" })).returning("id").execute();
  return person.id;
}

type Setup = Awaited<ReturnType<typeof cohortAndLocality>>;
const params = (setup: Setup) => ({ cohortId: String(setup.cohortId) });
const page = async (setup: Setup) => (await run(bulk.loader, await requestAs("ld", setup.pageUrl), params(setup))).data as { preview: Preview };
const rendered = (loaderData: unknown, actionData: unknown, locale: Locale = "en-GB") => renderedAfterPost(bulk.default, loaderData, actionData, locale);

/** What the page's "Enrol these people" form sends, as a browser would, with a reason if it asks for one. */
async function enrolForm(loaderData: unknown, setup: Setup, reason?: string) {
  const forms = postForms(await rendered(loaderData, null), `http://localhost${setup.pageUrl}`);
  const enrol = forms.find((f) => f.fields.some(([name, value]) => name === "intent" && value === "filter"));
  if (!enrol) throw new Error("The page offers no enrolment");
  return { fields: Object.fromEntries(enrol.fields.map(([name, value]) => [name, name === "reason" && reason !== undefined ? reason : value])), asksReason: enrol.visible.has("reason") };
}

/** Posted where the page's form posts: the page's own address, filter and all. */
const send = async (setup: Setup, fields: Record<string, string>) => run(bulk.action, await requestAs("ld", setup.pageUrl, form(fields)), params(setup));
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["person_id", "status", "override_reason"]).where("cohort_id", "=", cohortId).orderBy("person_id").execute();
const bulkAudits = (cohortId: number) => db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.bulk_enrolled").where("subject_id", "=", String(cohortId)).execute();

/** Refused as "the list changed": 409, nobody enrolled, and the page drawn afresh shows the list now, saying why. */
async function expectRefusedAsChanged(setup: Setup, refused: { status: number; data: unknown }) {
  expect(refused.status).toBe(409);
  expect(refused.data).toMatchObject({ kind: "error", error: "bulk.errors.listChanged" });
  expect(isRefusal(refused.data)).toBe(true);
  expect(await placesOn(setup.cohortId)).toEqual([]);
  expect(await bulkAudits(setup.cohortId)).toEqual([]);
  expect(bulk.shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<typeof bulk.shouldRevalidate>[0])).toBe(true);
  const fresh = await page(setup);
  for (const locale of ["en-GB", "cy"] as const) {
    const html = await rendered(fresh, refused.data, locale);
    expect(hasErrorSummary(html)).toBe(true);
    expect(decodeHtml(html)).toContain(CHANGED[locale]);
  }
  return fresh;
}

describe("enrolling everyone a filter finds", () => {
  it("enrols the people the preview showed when nobody has changed since, as before", async () => {
    const setup = await cohortAndLocality();
    const shown = await page(setup);
    expect(shown.preview).toMatchObject({ total: 2, ineligible: 0 });
    const sent = await enrolForm(shown, setup);
    expect(sent.fields.shown).toBe(shown.preview.shown);
    const done = await send(setup, sent.fields);
    expect(done.status).toBe(200);
    expect(done.data).toEqual({ kind: "done", enrolled: 2, waitlisted: 0 });
    expect((await placesOn(setup.cohortId)).map((p) => p.person_id)).toEqual(shown.preview.people.map((p) => p.id).sort((a, b) => a - b));
  });

  it("enrols nobody the page did not show: someone who joined the team since is refused with 409, and the fresh list enrols them", async () => {
    const setup = await cohortAndLocality();
    const shown = await page(setup);
    const sent = await enrolForm(shown, setup);
    const newcomer = await joins(setup.teamId, `${made}-new`, "team_manager");

    const fresh = await expectRefusedAsChanged(setup, await send(setup, sent.fields));
    expect(fresh.preview.total).toBe(3);
    expect(fresh.preview.people.map((p) => p.id)).toContain(newcomer);

    // Sent again from the page that shows them, everyone it shows is enrolled.
    const again = await enrolForm(fresh, setup);
    expect((await send(setup, again.fields)).data).toEqual({ kind: "done", enrolled: 3, waitlisted: 0 });
  });

  it("asks for the reason on the page drawn afresh when someone not eligible is found since a preview with nobody to give one for", async () => {
    const setup = await cohortAndLocality();
    const shown = await page(setup);
    const sent = await enrolForm(shown, setup);
    expect(sent.asksReason).toBe(false);
    await joins(setup.teamId, `${made}-sw`, "social_worker");

    const fresh = await expectRefusedAsChanged(setup, await send(setup, sent.fields));
    expect(fresh.preview).toMatchObject({ total: 3, ineligible: 1 });
    const again = await enrolForm(fresh, setup, "Covering the team while it recruits");
    expect(again.asksReason).toBe(true);
    expect((await send(setup, again.fields)).data).toEqual({ kind: "done", enrolled: 3, waitlisted: 0 });
    expect((await placesOn(setup.cohortId)).filter((p) => p.override_reason !== null).map((p) => p.override_reason)).toEqual(["Covering the team while it recruits"]);
  });

  it("refuses with 409 when someone shown is made eligible since, so the reason given is not kept for them", async () => {
    const setup = await cohortAndLocality();
    const worker = await joins(setup.teamId, `${made}-promoted`, "social_worker");
    const shown = await page(setup);
    expect(shown.preview).toMatchObject({ total: 3, ineligible: 1 });
    const sent = await enrolForm(shown, setup, "Acting up while the post is vacant");
    await db().updateTable("people").set({ role_category: "team_manager", job_title: "Team Manager" }).where("id", "=", worker).execute();

    const refused = await send(setup, sent.fields);
    const fresh = await expectRefusedAsChanged(setup, refused);
    expect(refused.data).toMatchObject({ values: { reason: "Acting up while the post is vacant" } });
    expect(fresh.preview).toMatchObject({ total: 3, ineligible: 0 });
  });

  it("refuses with 409 a form that does not say what its page showed, and enrols nobody", async () => {
    const setup = await cohortAndLocality();
    const sent = await enrolForm(await page(setup), setup);
    const { shown: _shown, ...withoutShown } = sent.fields;
    await expectRefusedAsChanged(setup, await send(setup, withoutShown));
    await expectRefusedAsChanged(setup, await send(setup, { ...withoutShown, shown: "not-what-any-page-showed" }));
  });
});
