// L&D's enrolment on a Level 5 cohort's page and its bulk enrolment put nobody ahead of the people waiting
// (once a cohort has begun, a place given up waits for L&D to offer it to them, in order), and give nobody a
// place, a number on the waiting list or a request on a cohort that is over: such a place would block the
// person from a real cohort (one place a person). The refusal is said beside the form's field and in the
// error summary, in English and Welsh, and nothing is written.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import type { Locale } from "../../../app/utils/i18n";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import * as cohortPage from "../routes/cohorts.$cohortId";
import { employeeOf, form, fullCohort, peopleNamed } from "./support";

beforeAll(seedDemo);

const statusOf = async (cohortId: number, personId: number) =>
  db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("cohort_id", "=", cohortId).where("person_id", "=", personId).executeTakeFirst();

const pathOf = (cohortId: number) => `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;

const enrolOnPage = async (cohortId: number, employee: string, query = "") =>
  run(cohortPage.action, await requestAs("ld", pathOf(cohortId) + query, form({ intent: "enrol", employee, override: "Covering a vacancy" })), { cohortId: String(cohortId) });

async function upload(cohortId: number, csv: string, query = "") {
  const body = new FormData();
  body.set("intent", "csv");
  body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
  return run(bulk.action, await requestAs("ld", `${pathOf(cohortId)}/bulk${query}`, { method: "POST", body }), { cohortId: String(cohortId) });
}

const csvOf = async (people: number[]) => ["employee_number,reason", ...(await Promise.all(people.map(async (p) => `${await employeeOf(p)},Covering a vacancy`)))].join("\n");

/** A Level 5 cohort whose two fortnightly sessions began 100 days ago: both have ended, though its last day is months away. */
async function cohortOver(name: string) {
  const startsOn = addDaysToDate(londonToday(), -100);
  return createCohort(
    { programmeId: PLUGIN_ID, name, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
}

/** The page as a browser without JavaScript gets it after the refused post, in `locale`. */
async function pageAfter(Page: Parameters<typeof renderedAfterPost>[0], loader: typeof cohortPage.loader | typeof bulk.loader, cohortId: number, refused: unknown, locale: Locale, under = "") {
  const shown = await run(loader, await requestAs("ld", `${pathOf(cohortId)}${under}?lng=${locale}`), { cohortId: String(cohortId) });
  return renderedAfterPost(Page, shown.data, refused, locale);
}

describe("a Level 5 cohort that has begun, with a place given up and someone waiting", () => {
  it("puts someone L&D enrol, one by one or from a file, behind the person waiting, who is offered the place", async () => {
    const [holder, other, waiting, newcomer, fromFile] = await peopleNamed("QUEUE", 5);
    const { cohortId } = await fullCohort("Begun, a place given up", -7, [holder, other], [waiting]);
    const holderPlace = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("person_id", "=", holder).executeTakeFirstOrThrow();
    const withdrawn = await run(cohortPage.action, await requestAs("ld", pathOf(cohortId), form({ intent: "withdraw", enrolment: String(holderPlace.id) })), { cohortId: String(cohortId) });
    expect(withdrawn.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAfterStart` });

    const enrolled = await enrolOnPage(cohortId, await employeeOf(newcomer));
    expect(enrolled.data).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.waitlisted` });
    const filed = await upload(cohortId, await csvOf([fromFile]));
    expect(filed.data).toEqual({ kind: "done", enrolled: 0, waitlisted: 1 });

    expect(await statusOf(cohortId, waiting)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    expect(await statusOf(cohortId, newcomer)).toEqual({ status: "waitlisted", waitlist_position: 2 });
    expect(await statusOf(cohortId, fromFile)).toEqual({ status: "waitlisted", waitlist_position: 3 });
    // The free place is still there for L&D to offer, and goes to the person who was waiting for it.
    const shown = (await run(cohortPage.loader, await requestAs("ld", pathOf(cohortId)), { cohortId: String(cohortId) })).data as { placesToOffer: number };
    expect(shown.placesToOffer).toBe(1);
    expect((await run(cohortPage.action, await requestAs("ld", pathOf(cohortId), form({ intent: "offer" })), { cohortId: String(cohortId) })).data).toMatchObject({ ok: true, count: 1 });
    expect(await statusOf(cohortId, waiting)).toEqual({ status: "enrolled", waitlist_position: null });
    expect(await statusOf(cohortId, newcomer)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  });
});

describe("a Level 5 cohort that is over", () => {
  it("enrols nobody from its page: said beside the employee number and in the error summary, in English and Welsh", async () => {
    const cohortId = await cohortOver("Over, enrolled one by one");
    const [person] = await peopleNamed("OVERONE", 1);
    const employee = await employeeOf(person);

    const refused = await enrolOnPage(cohortId, employee);

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, field: "employee", error: "common:enrolment.errors.over", values: { employee, override: "Covering a vacancy" } });
    expect(await statusOf(cohortId, person)).toBeUndefined();
    for (const locale of ["en-GB", "cy"] as const) {
      const message = fixedT(locale)("enrolment.errors.over");
      const html = await pageAfter(cohortPage.default, cohortPage.loader, cohortId, (await enrolOnPage(cohortId, employee, `?lng=${locale}`)).data, locale);
      expect(html).toContain(`<a href="#employee">${message.replace(/'/g, "&#x27;")}</a>`);
      expect(html).toMatch(new RegExp(`<p id="employee-error" class="govuk-error-message">.*${message.split("'")[0]}`));
    }
    expect(fixedT("cy")("enrolment.errors.over")).toBe("Mae'r garfan hon wedi dod i ben, felly ni all neb gael lle arni nac ymuno â'i rhestr aros");
  });

  it("enrols nobody from a file, said beside the file and in the error summary", async () => {
    const cohortId = await cohortOver("Over, enrolled from a file");
    const [person] = await peopleNamed("OVERFILE", 1);

    const refused = await upload(cohortId, await csvOf([person]));

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ kind: "error", error: "common:enrolment.errors.over", field: "file" });
    expect(await statusOf(cohortId, person)).toBeUndefined();
    const html = await pageAfter(bulk.default, bulk.loader, cohortId, refused.data, "en-GB", "/bulk");
    expect(html).toContain(`<a href="#file">${fixedT("en-GB")("enrolment.errors.over")}</a>`);
    expect(html).toMatch(/<p id="file-error" class="govuk-error-message">.*This cohort has ended/);
  });

  it("enrols nobody from a file checked while it was still running, once it is over by the time of the enrolment", async () => {
    const cohortId = await cohortOver("Over as the file was checked");
    // Running when the file is sent: its last session is tomorrow.
    const tomorrow = new Date(Date.now() + 86_400_000);
    await db().updateTable("cohort_sessions").set({ starts_at: tomorrow.toISOString(), ends_at: new Date(tomorrow.getTime() + 3_600_000).toISOString() }).where("cohort_id", "=", cohortId).execute();
    const [person] = await peopleNamed("OVERLATE", 1);
    const endsNow = () => db().updateTable("cohort_sessions").set({ starts_at: new Date(Date.now() - 7_200_000).toISOString(), ends_at: new Date(Date.now() - 3_600_000).toISOString() }).where("cohort_id", "=", cohortId).execute();

    const refused = await whenFirstRead(/^select "person_id" from "enrolments" where "cohort_id"/i, endsNow, async () => upload(cohortId, await csvOf([person])));

    expect(refused.data).toEqual({ kind: "error", error: "common:enrolment.errors.over", field: "file" });
    expect(await statusOf(cohortId, person)).toBeUndefined();
  });

  it("enrols nobody by filter, and says why", async () => {
    const cohortId = await cohortOver("Over, enrolled by filter");
    await peopleNamed("OVERFILTER", 2);
    const query = "?preview=1&role=team_manager";
    const preview = (await run(bulk.loader, await requestAs("ld", `${pathOf(cohortId)}/bulk${query}`), { cohortId: String(cohortId) })).data as { preview: { shown: string; total: number } };
    expect(preview.preview.total).toBeGreaterThan(0);

    const refused = await run(bulk.action, await requestAs("ld", `${pathOf(cohortId)}/bulk`, form({ intent: "filter", role: "team_manager", locality: "", shown: preview.preview.shown, reason: "Covering a vacancy" })), { cohortId: String(cohortId) });

    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ kind: "error", error: "common:enrolment.errors.over" });
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).execute()).toEqual([]);
  });
});
