// Where nobody on an applicant's line can act on the portal, L&D record the manager's support, and every page
// says so in the right voice: the banner as the applicant applies follows who was decided, under the intake's
// lock, to record it; the reason an application is not yet eligible (the applicant's page, the panel's page)
// and its stage on the shortlisting page name L&D, not a manager who will never answer, the list asking
// about all its applicants at once; and the support form's errors speak to L&D about the manager's support,
// not to a manager about their own. Through the real loaders and actions, in English and Welsh, with Alex's
// line manager in HR's record made a person with no account.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, observeQueries } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as panelPage from "../routes/applications.$applicationId";
import * as supportPage from "../routes/applications.$applicationId.support";
import * as applyPage from "../routes/apply.$intakeId";
import * as home from "../routes/index";
import * as intakePage from "../routes/intakes.$intakeId";
import { apply } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById, type Intake } from "../server/intakes.server";
import { sendSupport } from "./support-form";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const answers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "held" };
const serviceAnswers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: 30, english: "held" as const, maths: "held" as const };
/** The rendered page's text as read: React writes an apostrophe as &#x27;. */
const readable = (html: string) => html.replaceAll("&#x27;", "'");

let alex: number;
let realManager: number;
/** Alex's line manager for these tests: at the top of their own line in HR's record, with no account. */
let headOfNowhere: number;
let teamId: number;
let intake: Intake;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  const person = await db().selectFrom("people").select(["line_manager_id", "team_id"]).where("id", "=", alex).executeTakeFirstOrThrow();
  realManager = person.line_manager_id!;
  teamId = person.team_id!;
  headOfNowhere = await managerWithNoAccount(teamId);
  const row = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  intake = (await intakeById(row.id))!;
});

beforeEach(async () => {
  await db().updateTable("people").set({ line_manager_id: headOfNowhere }).where("id", "=", alex).execute();
  await apprenticeshipDb().deleteFrom("apprenticeship_applications").where("person_id", "=", alex).execute();
});

const putRealManagerBack = () => db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
const applyPath = `/programmes/${PLUGIN_ID}/apply`;
const alexSends = async () => run(applyPage.action, await requestAs("practitioner", `${applyPath}/${intake.id}`, post(answers)), { intakeId: String(intake.id) });
const alexsApplication = () => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", alex).where("intake_id", "=", intake.id).executeTakeFirstOrThrow();

/** Alex applies on the real page, and the application they made. */
async function alexApplies() {
  expect((await alexSends()).status).toBe(303);
  return alexsApplication();
}

describe("the banner as the applicant applies", () => {
  it("says who was decided, as the application was stored, to record the support, not what a second look finds", async () => {
    // A manager on the portal comes onto Alex's line just as the application is written: too late for the
    // decision made under the intake's lock, which the banner and the audit must both tell.
    const applied = await whenFirstRead(/^insert into "apprenticeship_applications"/i, putRealManagerBack, alexSends);
    expect(applied.status).toBe(303);
    expect(applied.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}?saved=appliedToLearningTeam`);
    const [event] = await db().selectFrom("audit_events").select("after_json").where("person_id", "=", alex).where("action", "=", "apprenticeship.application.submitted").orderBy("id", "desc").limit(1).execute();
    expect(JSON.parse(event.after_json!)).toMatchObject({ supportBy: "learning_development" });
  });

  it("says the manager is asked when one on the line can act", async () => {
    await putRealManagerBack();
    const applied = await alexSends();
    expect(applied.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}?saved=applied`);
    const [event] = await db().selectFrom("audit_events").select("after_json").where("person_id", "=", alex).where("action", "=", "apprenticeship.application.submitted").orderBy("id", "desc").limit(1).execute();
    expect(JSON.parse(event.after_json!)).not.toHaveProperty("supportBy");
  });
});

type Own = { applications: { id: number; eligible: boolean; eligibility: string[] }[] };
const ownEligibility = async (id: number, locale: Locale) => ((await run(home.loader, await requestAs("practitioner", `/programmes/${PLUGIN_ID}?lng=${locale}`))).data as Own).applications.find((a) => a.id === id)!.eligibility;
const panelPath = (id: number) => `/programmes/${PLUGIN_ID}/applications/${id}`;
const panelEligibility = async (id: number, locale: Locale) => ((await run(panelPage.loader, await requestAs("ld", `${panelPath(id)}?lng=${locale}`), { applicationId: String(id) })).data as { eligibility: string }).eligibility;

describe("the reason an application waiting for support is not yet eligible", () => {
  it("names L&D, to the applicant and on the panel's page, where nobody on the line can act", async () => {
    const application = await alexApplies();
    expect(await ownEligibility(application.id, "en-GB")).toEqual(["Learning and development have not yet recorded your manager's support for this application."]);
    expect(await ownEligibility(application.id, "cy")).toEqual(["Nid yw'r tîm dysgu a datblygu wedi cofnodi cefnogaeth eich rheolwr i'r cais hwn eto."]);
    expect(await panelEligibility(application.id, "en-GB")).toBe("Learning and development have not yet recorded their manager's support for this application.");
    expect(await panelEligibility(application.id, "cy")).toBe("Nid yw'r tîm dysgu a datblygu wedi cofnodi cefnogaeth rheolwr yr ymgeisydd i'r cais hwn eto.");
  });

  it("still names the manager where one on the line can act", async () => {
    await putRealManagerBack();
    const application = await alexApplies();
    expect(await ownEligibility(application.id, "en-GB")).toEqual(["Your manager has not yet said whether they support this application."]);
    expect(await panelEligibility(application.id, "en-GB")).toBe("Their manager has not yet said whether they support this application.");
  });
});

describe("the shortlisting page's stages", () => {
  type Rows = { applications: { personId: number; stageName: string }[] };
  const intakeRows = async (locale: Locale) => ((await run(intakePage.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/intakes/${intake.id}?lng=${locale}`), { intakeId: String(intake.id) })).data as Rows).applications;
  const queriesToList = async () => {
    let n = 0;
    const stop = observeQueries(() => (n += 1));
    await intakeRows("en-GB");
    stop();
    return n;
  };
  /** Someone under Alex's line manager with no account, who applies to the intake. */
  const offlineApplicant = async (i: number) => {
    const [person] = await db()
      .insertInto("people")
      .values(newPerson({ employee_number: `APPR-VOICE-${i}`, given_name: "Offline", family_name: `Applicant ${i}`, email: `offline.${i}.appr@example.test`, team_id: teamId }, { line_manager_id: headOfNowhere }))
      .returning("id")
      .execute();
    expect(await apply(intake, person.id, serviceAnswers, SYSTEM)).toEqual({ ok: true, supportBy: "learning_development" });
    return person.id;
  };

  it("name L&D for each applicant whose support they record, asking about them all at once", async () => {
    await putRealManagerBack();
    await alexApplies();
    const first = await offlineApplicant(1);
    const few = await queriesToList();
    const more = [await offlineApplicant(2), await offlineApplicant(3), await offlineApplicant(4)];
    expect(await queriesToList()).toBe(few);
    const rows = await intakeRows("en-GB");
    for (const id of [first, ...more]) expect(rows.find((r) => r.personId === id)?.stageName).toBe("Waiting for learning and development to record their manager's support");
    expect(rows.find((r) => r.personId === alex)?.stageName).toBe("Waiting for their manager");
    const welsh = await intakeRows("cy");
    expect(welsh.find((r) => r.personId === first)?.stageName).toBe("Yn aros i'r tîm dysgu a datblygu gofnodi cefnogaeth rheolwr yr ymgeisydd");
  });
});

describe("the support form's errors", () => {
  const supportPath = (id: number) => `/programmes/${PLUGIN_ID}/applications/${id}/support`;
  const params = (id: number) => ({ applicationId: String(id) });
  const send = sendSupport;
  /** The support page as `account` is shown it after the refused post, in `locale`. */
  const shownAfter = async (account: DemoAccount, id: number, refused: Outcome, locale: Locale) => {
    const page = await run(supportPage.loader, await requestAs(account, `${supportPath(id)}?lng=${locale}`), params(id));
    expect(page.status).toBe(200);
    return readable(await renderedAfterPost(supportPage.default, page.data, refused.data, locale));
  };
  type Reply = { error: Record<string, string[]> };

  it("speak to L&D of the manager's support when they record it", async () => {
    const application = await alexApplies();
    const nothing = await send("ld", application.id, {});
    expect(nothing.status).toBe(400);
    expect((nothing.data as Reply).error).toEqual({ support: ["support.learningTeam.errors.choice"] });
    expect(await shownAfter("ld", application.id, nothing, "en-GB")).toContain("Say whether the manager supports the application");
    expect(await shownAfter("ld", application.id, nothing, "cy")).toContain("Dywedwch a yw'r rheolwr yn cefnogi'r cais");

    const noReason = await send("ld", application.id, { support: "withheld" });
    expect((noReason.data as Reply).error).toEqual({ reason: ["support.learningTeam.errors.reason"] });
    expect(await shownAfter("ld", application.id, noReason, "en-GB")).toContain("Give the manager's reason for not supporting it");
    expect(await shownAfter("ld", application.id, noReason, "cy")).toContain("Rhowch reswm y rheolwr dros beidio â'i gefnogi");

    // Declined by the panel while L&D typed: too late to record, said of the manager's support, not theirs.
    expect(await decide(application, intake, "decline", "Not this time.", SYSTEM)).toEqual({ ok: true, status: undefined });
    const late = await send("ld", application.id, { support: "given" });
    expect(late.status).toBe(400);
    expect((late.data as Reply).error).toEqual({ "": ["support.learningTeam.errors.decided"] });
    expect(await shownAfter("ld", application.id, late, "en-GB")).toContain("The panel has already taken this application forward, so the manager's support can no longer be recorded or changed");
    expect(await shownAfter("ld", application.id, late, "cy")).toContain("Mae'r panel eisoes wedi symud y cais hwn ymlaen, felly ni ellir cofnodi na newid cefnogaeth y rheolwr bellach");
  });

  it("still speak to the manager about their own support", async () => {
    await putRealManagerBack();
    const application = await alexApplies();
    const nothing = await send("manager", application.id, {});
    expect((nothing.data as Reply).error).toEqual({ support: ["support.errors.choice"] });
    expect(await shownAfter("manager", application.id, nothing, "en-GB")).toContain("Say whether you support the application");
    const noReason = await send("manager", application.id, { support: "withheld" });
    expect((noReason.data as Reply).error).toEqual({ reason: ["support.errors.reason"] });
  });
});
