// L&D withdrawing someone from a Level 5 cohort's page: the person is told on their home page, in the same
// transaction as the withdrawal (as the apprenticeship tells someone it withdraws), in the words for what
// they had; and L&D cannot withdraw their own place there (as on a Research in Practice run), said beside
// that row of the list and in the error summary.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { whileNoticesFail } from "../../../tests/support/failing-notices";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as cohortPage from "../routes/cohorts.$cohortId";
import { form, fullCohort, peopleNamed } from "./support";

beforeAll(seedDemo);

const pathOf = (cohortId: number) => `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;

const withdrawOnPage = async (cohortId: number, enrolmentId: number, query = "") =>
  run(cohortPage.action, await requestAs("ld", pathOf(cohortId) + query, form({ intent: "withdraw", enrolment: String(enrolmentId) })), { cohortId: String(cohortId) });

const statusOf = async (enrolmentId: number) => (await db().selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow()).status;

const noticesOf = (personId: number) => db().selectFrom("notices").select(["source", "message_key", "values_json", "href"]).where("person_id", "=", personId).orderBy("id").execute();

const nameOf = async (cohortId: number) => (await db().selectFrom("cohorts").select("name").where("id", "=", cohortId).executeTakeFirstOrThrow()).name;

describe("L&D withdrawing someone from a Level 5 cohort", () => {
  it("tells the person on their home page, in the words for a place, a number on the waiting list or a request", async () => {
    const [learner, other, waiting, second] = await peopleNamed("TOLD", 4);
    const { cohortId, places } = await fullCohort("Withdrawals told", 10, [learner, other], [waiting, second]);
    const name = await nameOf(cohortId);

    expect((await withdrawOnPage(cohortId, places.get(learner)!)).data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAndPromoted` });
    expect((await withdrawOnPage(cohortId, places.get(second)!)).data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawn` });

    const told = { source: PLUGIN_ID, values_json: JSON.stringify({ cohort: name }), href: `/programmes/${PLUGIN_ID}` };
    expect(await noticesOf(learner)).toEqual([{ ...told, message_key: "notices.withdrawn.enrolled" }]);
    expect(await noticesOf(second)).toEqual([{ ...told, message_key: "notices.withdrawn.waitlisted" }]);
    // The notice is read in the person's own language when they read it.
    expect(fixedT("en-GB", PLUGIN_ID)("notices.withdrawn.enrolled", { cohort: name })).toBe(`Learning and development have withdrawn you from ${name}: you no longer have a place on it.`);
    expect(fixedT("cy", PLUGIN_ID)("notices.withdrawn.waitlisted", { cohort: name })).toBe(`Mae'r tîm dysgu a datblygu wedi eich tynnu oddi ar y rhestr aros ar gyfer ${name}.`);
  });

  it("tells someone whose request is withdrawn that it was", async () => {
    const [asking] = await peopleNamed("ASKED", 1);
    const startsOn = addDaysToDate(londonToday(), 20);
    const cohortId = await createCohort(
      { programmeId: PLUGIN_ID, name: "Withdrawn request", startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 2, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
      { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
      { userId: null, personId: null },
    );
    const asked = await requestPlace({ cohortId, personId: asking, actor: { userId: null, personId: asking } });
    if (!asked.ok) throw new Error(asked.error);
    expect(asked.status).toBe("requested");

    expect((await withdrawOnPage(cohortId, asked.enrolmentId)).data).toMatchObject({ ok: true });

    expect((await noticesOf(asking)).map((n) => n.message_key)).toContain("notices.withdrawn.requested");
    expect(fixedT("cy", PLUGIN_ID)("notices.withdrawn.requested", { cohort: "Carfan 3" })).toBe("Mae'r tîm dysgu a datblygu wedi tynnu eich cais am le ar Carfan 3 yn ôl.");
  });

  it("withdraws nobody when the notice cannot be written", async () => {
    // Nobody waiting, so the only notice the withdrawal writes is the learner's own.
    const [learner] = await peopleNamed("UNTOLD", 1);
    const { cohortId, places } = await fullCohort("Withdrawal untold", 10, [learner], []);

    await expect(whileNoticesFail(() => withdrawOnPage(cohortId, places.get(learner)!))).rejects.toThrow();

    expect(await statusOf(places.get(learner)!)).toBe("enrolled");
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").where("subject_id", "=", String(places.get(learner))).execute();
    expect(audited).toEqual([]);
  });

  it("refuses L&D's own place, beside its row and in the error summary, and offers no button for it", async () => {
    const ld = await personIdOf("ld");
    const [other] = await peopleNamed("OWNPLACE", 1);
    const { cohortId, places } = await fullCohort("L&D's own place", 10, [ld, other], []);
    const own = places.get(ld)!;

    const refused = await withdrawOnPage(cohortId, own);

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: `${PLUGIN_ID}:cohort.errors.ownWithdrawal`, enrolment: own });
    expect(await statusOf(own)).toBe("enrolled");
    expect(await noticesOf(ld)).toEqual([]);

    const loaded = await run(cohortPage.loader, await requestAs("ld", pathOf(cohortId)), { cohortId: String(cohortId) });
    const roster = (loaded.data as { roster: { id: number; withdrawable: boolean }[] }).roster;
    expect(roster.find((r) => r.id === own)?.withdrawable).toBe(false);
    expect(roster.find((r) => r.id === places.get(other))?.withdrawable).toBe(true);

    for (const locale of ["en-GB", "cy"] as const) {
      const message = fixedT(locale, PLUGIN_ID)(`${PLUGIN_ID}:cohort.errors.ownWithdrawal`).replace(/'/g, "&#x27;");
      const shown = await run(cohortPage.loader, await requestAs("ld", `${pathOf(cohortId)}?lng=${locale}`), { cohortId: String(cohortId) });
      const html = await renderedAfterPost(cohortPage.default, shown.data, (await withdrawOnPage(cohortId, own, `?lng=${locale}`)).data, locale);
      expect(html).toContain(`<a href="#withdraw-${own}">${message}</a>`);
      expect(html).toMatch(new RegExp(`<div id="withdraw-${own}" class="govuk-form-group govuk-form-group--error[^"]*"><p id="withdraw-${own}-error" class="govuk-error-message"><span class="govuk-visually-hidden">[^<]*</span> ${message}</p></div>`));
    }
  });
});
