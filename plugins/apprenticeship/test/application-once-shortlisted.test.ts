// Once the panel shortlists an application it can no longer change. The applicant's page still offered
// "Change your application" until a decision, and the apply page gave them a form, so a shortlisted
// applicant rewrote their statement only to have it refused. Now the link goes at the shortlisting, and the
// apply page reads the application back as sent, saying why it cannot change.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import * as applyPage from "../routes/apply.$intakeId";
import { setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const HOME = "/programmes/apprenticeship";
const answers = { statement: "I want to qualify, having supported families for three years.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "planned" };

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};
const applicationOf = async (who: DemoAccount) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", await personIdOf(who)).executeTakeFirstOrThrow();

/** The apply page for Intake 2, as `who` reads it (and sends it), rendered as the server gives it. */
async function applyPageOf(who: DemoAccount, query = "", sent?: Record<string, string>) {
  const intake = await intake2();
  const path = `${HOME}/apply/${intake.id}${query}`;
  const params = { intakeId: String(intake.id) };
  const shown = await run(applyPage.loader, await requestAs(who, path), params);
  const result = sent ? (await run(applyPage.action, await requestAs(who, path, { method: "POST", body: new URLSearchParams(sent) }), params)).data : null;
  const locale = query.includes("cy") ? "cy" : "en-GB";
  return { data: shown.data as { fixed: { reason: string } | null }, html: decodeHtml(await renderedAfterPost(applyPage.default, shown.data, result, locale)) };
}

/** Whether `who`'s own apprenticeship page offers to change their application, in its data and on the page. */
async function offeredChange(who: DemoAccount) {
  const shown = await run(home.loader, await requestAs(who, HOME));
  const offered = (shown.data as { applications: { canEdit: boolean }[] }).applications.map((a) => a.canEdit);
  const html = await renderedAfterPost(home.default, shown.data, null);
  return { offered, linked: html.includes("Change your application") };
}

const hasApplicationForm = (html: string) => postForms(html, "http://localhost/page").some((f) => f.visible.has("statement"));

describe("an application the panel has shortlisted", () => {
  it("is offered for change until it is shortlisted, and then read back as sent, saying why, in English and Welsh", async () => {
    const intake = await intake2();
    const sent = await run(applyPage.action, await requestAs("asye", `${HOME}/apply/${intake.id}`, { method: "POST", body: new URLSearchParams(answers) }), { intakeId: String(intake.id) });
    expect(sent.status).toBe(303);
    expect(await offeredChange("asye")).toEqual({ offered: [true], linked: true });
    const open = await applyPageOf("asye");
    expect(open.data.fixed).toBeNull();
    expect(hasApplicationForm(open.html)).toBe(true);

    const application = await applicationOf("asye");
    expect(await setShortlisted({ id: application.id, personId: application.person_id }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    expect(await offeredChange("asye")).toEqual({ offered: [false], linked: false });

    for (const [query, notice, english] of [
      ["", "The panel has shortlisted your application, so it can no longer be changed. This is the application you sent.", "I have it"],
      ["?lng=cy", "Mae'r panel wedi rhoi eich cais ar y rhestr fer, felly ni ellir ei newid bellach. Dyma'r cais a anfonoch.", "Mae gen i'r cymhwyster"],
    ] as const) {
      const fixed = await applyPageOf("asye", query);
      expect(fixed.data.fixed, query).toMatchObject({ reason: "shortlisted" });
      expect(hasApplicationForm(fixed.html), query).toBe(false);
      expect(fixed.html, query).toContain(notice);
      expect(fixed.html, query).toContain(answers.statement);
      expect(fixed.html, query).toContain(english);
    }
  });

  it("keeps what was typed when a change sent from a page opened before the shortlisting is refused", async () => {
    const changed = { ...answers, statement: "A statement rewritten after the panel had read the first." };
    const refused = await applyPageOf("asye", "", changed);
    expect(hasApplicationForm(refused.html)).toBe(true);
    expect(refused.html).toContain(changed.statement);
    expect(refused.html).toContain("This application has been shortlisted or decided and can no longer be changed");
    expect((await applicationOf("asye")).statement).toBe(answers.statement);
  });
});

describe("an application the panel has decided", () => {
  it("is not offered for change, and its page says it was decided", async () => {
    const intake = await intake2();
    expect((await run(applyPage.action, await requestAs("serviceManager", `${HOME}/apply/${intake.id}`, { method: "POST", body: new URLSearchParams(answers) }), { intakeId: String(intake.id) })).status).toBe(303);
    expect(await decide(await applicationOf("serviceManager"), intake, "decline", "Not this time.", SYSTEM)).toMatchObject({ ok: true });
    expect(await offeredChange("serviceManager")).toEqual({ offered: [false], linked: false });
    const decided = await applyPageOf("serviceManager");
    expect(decided.data.fixed).toMatchObject({ reason: "decided" });
    expect(hasApplicationForm(decided.html)).toBe(false);
    expect(decided.html).toContain("The panel has made its decision on your application, so it can no longer be changed.");
  });
});
