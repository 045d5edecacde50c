// The manager's support is a rule of eligibility, so an applicant whose line has nobody on the portal able to
// act would wait for ever. L&D record that support instead, from the application's page, on the same form,
// under the intake's lock and audited; never while a manager on the line can act, and the applicant is told
// who will record it. Through the real loaders and actions, with Alex's line manager in HR's record made a
// person with no account (as the core's tests of place requests and progression do).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as panelPage from "../routes/applications.$applicationId";
import * as supportPage from "../routes/applications.$applicationId.support";
import * as applyPage from "../routes/apply.$intakeId";
import * as home from "../routes/index";
import { apprenticeshipDb } from "../server/db.server";
import { sendSupport } from "./support-form";

beforeAll(seedDemo);

const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const answers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "held" };

let alex: number;
let realManager: number;
/** Alex's line manager for these tests: at the top of their own line in HR's record, with no account. */
let headOfNowhere: number;
let intakeId: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  const person = await db().selectFrom("people").select(["line_manager_id", "team_id"]).where("id", "=", alex).executeTakeFirstOrThrow();
  realManager = person.line_manager_id!;
  headOfNowhere = await managerWithNoAccount(person.team_id);
  const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  intakeId = intake.id;
});

beforeEach(async () => {
  await db().updateTable("people").set({ line_manager_id: headOfNowhere }).where("id", "=", alex).execute();
  await db().deleteFrom("users").where("person_id", "=", headOfNowhere).execute();
  await apprenticeshipDb().deleteFrom("apprenticeship_applications").where("person_id", "=", alex).execute();
  await db().deleteFrom("notices").where("person_id", "=", alex).where("message_key", "like", "notices.%upport.%").execute();
});

/** Alex applies on the real page, and the application they made. */
async function alexApplies() {
  const applied = await run(applyPage.action, await requestAs("practitioner", `/programmes/${PLUGIN_ID}/apply/${intakeId}`, post(answers)), { intakeId: String(intakeId) });
  expect(applied.status).toBe(303);
  const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", alex).where("intake_id", "=", intakeId).executeTakeFirstOrThrow();
  return { applied, application };
}

const supportPath = (id: number) => `/programmes/${PLUGIN_ID}/applications/${id}/support`;
const loadSupport = async (account: DemoAccount, id: number) => run(supportPage.loader, await requestAs(account, supportPath(id)), { applicationId: String(id) });
const panelView = async (id: number) => (await run(panelPage.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/applications/${id}`), { applicationId: String(id) })).data as { stageName: string; recordSupport: string | null };
const supportEvents = (id: number) => db().selectFrom("audit_events").selectAll().where("subject_type", "=", "apprenticeship_application").where("subject_id", "=", String(id)).where("action", "like", "apprenticeship.support.%").execute();
const supportNotices = () => db().selectFrom("notices").select("message_key").where("person_id", "=", alex).where("message_key", "like", "notices.%upport.%").execute();

async function giveHeadAnAccount() {
  const [user] = await db().insertInto("users").values({ person_id: headOfNowhere, email: "nia.offline.appr@example.test", password_hash: "not-used", disabled: 0, created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "manager" }).execute();
}

describe("the manager's support when nobody on the applicant's line can act on the portal", () => {
  it("tells the applicant L&D will record it, shows L&D why and the way to, and takes it from them, audited", async () => {
    const form = (await run(applyPage.loader, await requestAs("practitioner", `/programmes/${PLUGIN_ID}/apply/${intakeId}`), { intakeId: String(intakeId) })).data as { supportNote: string };
    expect(form.supportNote).toBe("Nobody on your line uses the portal, so when you submit, learning and development will record your manager's support.");
    const { applied, application } = await alexApplies();
    expect(applied.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}?saved=appliedToLearningTeam`);
    type Own = { saved: string; applications: { id: number; stageName: string; eligible: boolean; eligibility: string[] }[] };
    const own = async () => (await run(home.loader, await requestAs("practitioner", `/programmes/${PLUGIN_ID}?saved=appliedToLearningTeam`))).data as Own;
    expect((await own()).saved).toBe("appliedToLearningTeam");
    expect(fixedT("en-GB")("apprenticeship:home.saved.appliedToLearningTeam")).toBe("Your application is saved. Nobody on your line uses the portal, so learning and development will record your manager's support.");
    expect((await own()).applications.find((a) => a.id === application.id)).toMatchObject({ stageName: "Waiting for learning and development to record your manager's support", eligible: false });

    expect(await panelView(application.id)).toMatchObject({ stageName: "Waiting for learning and development to record their manager's support", recordSupport: supportPath(application.id) });
    expect(fixedT("en-GB")("apprenticeship:panel.noManagerOnPortal")).toMatch(/^No manager on this person's line uses the portal/);
    const page = await loadSupport("ld", application.id);
    expect(page.status).toBe(200);
    const { name } = page.data as { name: string };
    expect(page.data).toMatchObject({ by: "learning_development", title: `Record the manager's support for ${name}'s application` });

    const saved = await sendSupport("ld", application.id, { support: "given", reason: "Agreed with the service manager." });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${supportPath(application.id)}?saved=given`);
    const ld = await personIdOf("ld");
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select(["manager_support", "manager_reason", "manager_id"]).where("id", "=", application.id).executeTakeFirstOrThrow()).toEqual({ manager_support: "given", manager_reason: "Agreed with the service manager.", manager_id: ld });
    const events = await supportEvents(application.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "apprenticeship.support.given", person_id: alex });
    expect(JSON.parse(events[0].after_json!)).toMatchObject({ manager_support: "given", decider: "learning_development", why: "no_manager_on_portal" });
    expect(await supportNotices()).toEqual([{ message_key: "notices.learningTeamSupport.given" }]);
    // Eligible now on the support rule: the rest of Alex's answers meet the rules.
    expect((await own()).applications.find((a) => a.id === application.id)).toMatchObject({ eligible: true, eligibility: ["You meet the rules for this intake."] });
    expect((await panelView(application.id)).recordSupport).toBeNull();
    for (const locale of ["en-GB", "cy"] as const) expect(fixedT(locale)("apprenticeship:notices.learningTeamSupport.given")).not.toMatch(/notices\./);
  });

  it("is not L&D's while a manager on the line can act: no link, a page that says so with no form, and a send is refused", async () => {
    await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
    const { applied, application } = await alexApplies();
    expect(applied.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}?saved=applied`);
    expect(await panelView(application.id)).toMatchObject({ stageName: "Waiting for their manager", recordSupport: null });
    const page = await loadSupport("ld", application.id);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ managerDecides: true });
    const html = await renderedAfterPost(supportPage.default, page.data, null);
    expect(html).toContain(fixedT("en-GB")("apprenticeship:support.learningTeam.managerDecides", { name: (page.data as { name: string }).name }).replace(/'/g, "&#x27;"));
    expect(html).not.toContain("<form");
    expect(html).not.toContain(fixedT("en-GB")("apprenticeship:support.learningTeam.why").replace(/'/g, "&#x27;"));
    const refused = await sendSupport("ld", application.id, { support: "given" });
    expect(refused.status).toBe(409);
    expect((await apprenticeshipDb().selectFrom("apprenticeship_applications").select("manager_support").where("id", "=", application.id).executeTakeFirstOrThrow()).manager_support).toBe("pending");
    expect(await supportEvents(application.id)).toHaveLength(0);
    // The manager decides exactly as before.
    expect((await sendSupport("manager", application.id, { support: "given" })).status).toBe(303);
    expect(await supportNotices()).toEqual([{ message_key: "notices.support.given" }]);
  });

  it("refuses L&D with 409, keeping what they typed, once a manager on the line has an account", async () => {
    const { application } = await alexApplies();
    expect((await loadSupport("ld", application.id)).status).toBe(200);
    await giveHeadAnAccount();
    const refused = await sendSupport("ld", application.id, { support: "withheld", reason: "Caseload is too high this year." });
    expect(refused.status).toBe(409);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, string> };
    expect(reply.error).toEqual({ "": ["support.errors.managerDecides"] });
    expect(reply.initialValue).toMatchObject({ support: "withheld", reason: "Caseload is too high this year." });
    // Without JavaScript the page after the post is drawn from the loader afresh: it still shows what they typed.
    const after = await loadSupport("ld", application.id);
    expect(after.status).toBe(200);
    const html = await renderedAfterPost(supportPage.default, after.data, refused.data);
    expect(html).toContain("Caseload is too high this year.");
    expect(html).toContain("govuk-error-summary");
    expect((await apprenticeshipDb().selectFrom("apprenticeship_applications").select("manager_support").where("id", "=", application.id).executeTakeFirstOrThrow()).manager_support).toBe("pending");
    expect(await supportEvents(application.id)).toHaveLength(0);
    expect(fixedT("en-GB")("apprenticeship:support.errors.managerDecides")).toMatch(/^A manager on this person's line now uses the portal/);
    expect(fixedT("cy")("apprenticeship:support.errors.managerDecides")).not.toBe(fixedT("en-GB")("apprenticeship:support.errors.managerDecides"));
  });
});

describe("the same support sent twice", () => {
  it("is saved once: one audit event and one notice, and both sends answered as saved", async () => {
    await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
    const { application } = await alexApplies();
    const noticesBefore = (await supportNotices()).length;
    for (let again = 0; again < 2; again++) {
      const sent = await sendSupport("manager", application.id, { support: "withheld", reason: "Not this year." });
      expect(sent.status).toBe(303);
      expect(sent.headers.get("Location")).toBe(`${supportPath(application.id)}?saved=withheld`);
    }
    expect((await supportEvents(application.id)).map((e) => e.action)).toEqual(["apprenticeship.support.withheld"]);
    expect((await supportNotices()).length).toBe(noticesBefore + 1);
    // A different reason is a change, told and audited.
    expect((await sendSupport("manager", application.id, { support: "withheld", reason: "Not until the restructure." })).status).toBe(303);
    expect(await supportEvents(application.id)).toHaveLength(2);
    expect((await supportNotices()).length).toBe(noticesBefore + 2);
  });
});
