// The manager's support is for the application the manager read. The support page carries the application
// as it showed it (its `updated_at`, in a hidden field); an answer sent from a page drawn before the applicant
// changed their application is refused (409) with nothing recorded, what the manager chose and typed kept, and
// the application shown as it now is, so they read it and answer again. A post that does not say what its
// page showed is refused the same way. Once the panel has shortlisted the application the page offers no
// form and says why. Through the real loader and action, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { isRefusal } from "../../../app/utils/refused-form";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as supportPage from "../routes/applications.$applicationId.support";
import { apply, setShortlisted } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { sendSupport, supportPath } from "./support-form";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const answers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: 30, english: "held" as const, maths: "held" as const };
const changed = { ...answers, statement: "A completely different statement." };
/** The rendered page's text as read: React writes an apostrophe as &#x27;. */
const readable = (html: string) => html.replaceAll("&#x27;", "'");

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};
const applicationOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow();
const supportEvents = (id: number) => db().selectFrom("audit_events").select("action").where("subject_type", "=", "apprenticeship_application").where("subject_id", "=", String(id)).where("action", "like", "apprenticeship.support.%").execute();

/** The support page as `account` is shown it, with the answer refused by `refused` when there is one. */
async function pageAs(account: DemoAccount, id: number, refused: Outcome | null = null, locale: Locale = "en-GB") {
  const page = await run(supportPage.loader, await requestAs(account, `${supportPath(id)}?lng=${locale}`), { applicationId: String(id) });
  expect(page.status).toBe(200);
  const html = await renderedAfterPost(supportPage.default, page.data, refused?.data ?? null, locale);
  return { data: page.data as { shown: string; open: boolean; answers: { key: string; value: string }[] }, html: readable(html), forms: postForms(html, `http://localhost${supportPath(id)}`) };
}

/** The applicant changes their application, a moment after the page was drawn. */
async function applicantChanges(personId: number) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await apply(await intake2(), personId, changed, { userId: null, personId })).toMatchObject({ ok: true });
}

describe("support sent from a page drawn before the applicant changed their application", () => {
  it("is refused with nothing recorded, the answer kept and the application shown as it now is", async () => {
    const alex = await personIdOf("practitioner");
    expect(await apply(await intake2(), alex, answers, { userId: null, personId: alex })).toMatchObject({ ok: true });
    const application = await applicationOf(alex);
    // The page carries the application as it showed it, in the form it draws.
    const before = await pageAs("manager", application.id);
    expect(before.data.shown).toBe(application.updated_at);
    expect(before.forms[0].fields).toContainEqual(["shown", application.updated_at]);

    await applicantChanges(alex);
    const refused = await sendSupport("manager", application.id, { support: "withheld", reason: "Not until they finish induction." }, before.data.shown);
    expect(refused.status).toBe(409);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, string>; shown: string };
    expect(reply.error).toEqual({ "": ["support.errors.changedMeanwhile"] });
    expect(reply.initialValue).toMatchObject({ support: "withheld", reason: "Not until they finish induction." });
    // The refusal is one the page titles "Error:", and its hidden field now carries the application as it is.
    expect(isRefusal(refused.data)).toBe(true);
    const now = await applicationOf(alex);
    expect(reply.shown).toBe(now.updated_at);
    expect(now).toMatchObject({ manager_support: "pending", manager_reason: null, statement: changed.statement });
    expect(await supportEvents(application.id)).toEqual([]);

    // The page after the refusal (drawn afresh, as without JavaScript or after the 409's reload).
    for (const locale of ["en-GB", "cy"] as const) {
      const after = await pageAs("manager", application.id, refused, locale);
      expect(after.html).toContain(fixedT(locale)("apprenticeship:support.errors.changedMeanwhile"));
      expect(after.html).toContain("govuk-error-summary");
      expect(after.html).toContain(changed.statement);
      expect(after.html).not.toContain(answers.statement);
      expect(after.html).toContain("Not until they finish induction.");
      expect(after.forms[0].fields).toContainEqual(["shown", now.updated_at]);
    }
    expect(fixedT("cy")("apprenticeship:support.errors.changedMeanwhile")).not.toBe(fixedT("en-GB")("apprenticeship:support.errors.changedMeanwhile"));

    // Sent again from that page, having read the application as it now is: recorded.
    const again = await sendSupport("manager", application.id, { support: "given" }, reply.shown);
    expect(again.status).toBe(303);
    expect((await applicationOf(alex)).manager_support).toBe("given");
  });

  it("is refused, nothing recorded, when the form does not say what its page showed", async () => {
    const jordan = await personIdOf("asye");
    expect(await apply(await intake2(), jordan, answers, { userId: null, personId: jordan })).toMatchObject({ ok: true });
    const application = await applicationOf(jordan);
    const refused = await run(supportPage.action, await requestAs("manager", supportPath(application.id), { method: "POST", body: new URLSearchParams({ support: "given" }) }), { applicationId: String(application.id) });
    expect(refused.status).toBe(409);
    expect((refused.data as { error: Record<string, string[]>; shown: string }).error).toEqual({ "": ["support.errors.pageOutOfDate"] });
    expect((refused.data as { shown: string }).shown).toBe(application.updated_at);
    expect(await applicationOf(jordan)).toEqual(application);
    expect(await supportEvents(application.id)).toEqual([]);
    for (const locale of ["en-GB", "cy"] as const) expect(fixedT(locale)("apprenticeship:support.errors.pageOutOfDate")).not.toMatch(/support\.errors/);
  });
});

describe("the support page once the panel has shortlisted the application", () => {
  it("offers no form and says why, to the manager and to L&D", async () => {
    const jordan = await personIdOf("asye");
    const application = await applicationOf(jordan);
    expect(await setShortlisted({ id: application.id, personId: jordan }, (await intake2()).cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    for (const locale of ["en-GB", "cy"] as const) {
      const manager = await pageAs("manager", application.id, null, locale);
      expect(manager.data.open).toBe(false);
      expect(manager.forms).toEqual([]);
      const name = (manager.data as unknown as { name: string }).name;
      expect(manager.html).toContain(fixedT(locale)("apprenticeship:support.closed", { name }));
      const ld = await pageAs("ld", application.id, null, locale);
      expect(ld.forms).toEqual([]);
      expect(ld.html).toContain(fixedT(locale)("apprenticeship:support.learningTeam.closed", { name }));
    }
  });
});
