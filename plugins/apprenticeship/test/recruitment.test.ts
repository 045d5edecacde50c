// Recruitment through the real loaders and actions: applying with eligibility explained, the manager's
// support from /team, shortlisting, panel scores totalled and ranked, decisions, and offers through the
// core cohort engine so a reserve is promoted when an offer is declined.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../../app/routes/team._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { applicationEligibility, rankedApplications, respond } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { applicationStage, eligibilityText, stageName } from "../server/views.server";
import { sendSupport } from "./support-form";

beforeAll(seedDemo);

type Errors = { error: Record<string, string[]> };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const SYSTEM = { userId: null, personId: null };
const openIntake = async () => (await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow());
const applicationOfPerson = async (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow();

describe("eligibility", () => {
  it("lists every rule an application does not meet, so the applicant can read why", () => {
    const base = { service_months: 24, english: "held" as const, maths: "planned" as const, manager_support: "given" };
    expect(applicationEligibility(base, DEFAULT_SETTINGS)).toMatchObject({ eligible: true, reasons: [] });
    expect(applicationEligibility({ ...base, service_months: 6, english: "none", manager_support: "withheld" }, DEFAULT_SETTINGS).reasons).toEqual(["eligibility.service", "eligibility.english", "eligibility.managerWithheld"]);
    expect(applicationEligibility({ ...base, manager_support: "pending" }, DEFAULT_SETTINGS)).toMatchObject({ eligible: false, reasons: ["eligibility.managerPending"] });
  });

  it("speaks to the applicant about their manager, and to staff about the applicant's manager", () => {
    const t = fixedT("en-GB");
    const reasons = ["eligibility.service", "eligibility.managerWithheld"];
    expect(eligibilityText(reasons, 12, "applicant", t)).toEqual(["You need at least 12 months' service with the council.", "Your manager has not supported this application."]);
    expect(eligibilityText(reasons, 12, "staff", t)).toEqual(["Has less service with the council than the 12-month minimum.", "Their manager has not supported this application."]);
    expect(eligibilityText([], 12, "staff", t)).toEqual(["Meets the rules for this intake."]);
    const stages = ["submitted", "supported", "not_supported", "shortlisted"];
    expect(stages.map((s) => stageName(s, "applicant", t))).toEqual(["Waiting for your manager", "Supported by your manager", "Not supported by your manager", "Shortlisted"]);
    expect(stages.map((s) => stageName(s, "staff", t))).toEqual(["Waiting for their manager", "Supported by their manager", "Not supported by their manager", "Shortlisted"]);
    expect(stageName("supported", "staff", fixedT("cy"))).toBe("Wedi'i gefnogi gan reolwr yr ymgeisydd");
  });
});

describe("applying and the manager's support", () => {
  it("says what is wrong with an application, then takes it and asks the manager on /team", async () => {
    const apply = await import("../routes/apply.$intakeId");
    const intake = await openIntake();
    const path = `/programmes/apprenticeship/apply/${intake.id}`;
    const params = { intakeId: String(intake.id) };
    const bad = await run(apply.action, await requestAs("practitioner", path, form({ statement: "   ", currentRole: "", serviceMonths: "two years", english: "maybe" })), params);
    expect((bad.data as { reply: Errors }).reply.error).toEqual({ statement: ["apply.errors.statement"], currentRole: ["apply.errors.role"], serviceMonths: ["apply.errors.service"], english: ["apply.errors.english"], maths: ["apply.errors.maths"] });
    const good = await run(apply.action, await requestAs("practitioner", path, form({ statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "held" })), params);
    expect(good.status).toBe(303);
    const alex = await personIdOf("practitioner");
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; what: string; href: string }[] }).inbox;
    expect(inbox.find((i) => i.personId === alex)).toMatchObject({ what: "Degree apprenticeship application: your support" });
    const closed = await run(apply.loader, await requestAs("practitioner", "/programmes/apprenticeship/apply/999999"), { intakeId: "999999" });
    expect(closed.status).toBe(404);
  });

  it("words the application about the applicant for their manager and the panel, and to the applicant on their own page", async () => {
    const support = await import("../routes/applications.$applicationId.support");
    const panel = await import("../routes/applications.$applicationId");
    const intakePage = await import("../routes/intakes.$intakeId");
    const home = await import("../routes/index");
    const application = await applicationOfPerson(await personIdOf("practitioner"));
    const path = `/programmes/apprenticeship/applications/${application.id}`;
    const params = { applicationId: String(application.id) };
    type Answers = { answers: { key: string; label: string; value: string }[] };
    const staffAnswers = [
      { key: "role", label: "Current role", value: "Family support worker" },
      { key: "months", label: "Months of service with the council", value: "30" },
      { key: "english", label: "Level 2 English", value: "Has it" },
      { key: "maths", label: "Level 2 maths", value: "Has it" },
      { key: "statement", label: "Personal statement", value: "I want to qualify." },
    ];
    expect(((await run(support.loader, await requestAs("manager", `${path}/support`), params)).data as Answers).answers).toEqual(staffAnswers);

    const forPanel = (await run(panel.loader, await requestAs("ld", path), params)).data as Answers & { stageName: string; eligibility: string };
    expect(forPanel).toMatchObject({ stageName: "Waiting for their manager", eligibility: "Their manager has not yet said whether they support this application.", answers: staffAnswers });
    const inWelsh = (await run(panel.loader, await requestAs("ld", `${path}?lng=cy`), params)).data as Answers & { stageName: string; eligibility: string };
    expect(inWelsh).toMatchObject({ stageName: "Yn aros am reolwr yr ymgeisydd", eligibility: "Nid yw rheolwr yr ymgeisydd wedi dweud eto a yw'n cefnogi'r cais hwn." });
    expect(inWelsh.answers.find((a) => a.key === "role")).toEqual({ key: "role", label: "Rôl bresennol", value: "Family support worker" });

    const intake = await openIntake();
    const rows = ((await run(intakePage.loader, await requestAs("ld", `/programmes/apprenticeship/intakes/${intake.id}`), { intakeId: String(intake.id) })).data as { applications: { id: number; stageName: string }[] }).applications;
    expect(rows.find((r) => r.id === application.id)?.stageName).toBe("Waiting for their manager");

    const own = ((await run(home.loader, await requestAs("practitioner", "/programmes/apprenticeship"))).data as { applications: { id: number; stageName: string; eligible: boolean; eligibility: string[] }[] }).applications;
    expect(own.find((a) => a.id === application.id)).toMatchObject({ stageName: "Waiting for your manager", eligible: false, eligibility: ["Your manager has not yet said whether they support this application."] });
  });

  it("lets a manager above the applicant support it or not (with a reason), and no one else", async () => {
    const support = await import("../routes/applications.$applicationId.support");
    const application = await applicationOfPerson(await personIdOf("practitioner"));
    const path = `/programmes/apprenticeship/applications/${application.id}/support`;
    const params = { applicationId: String(application.id) };
    expect((await run(support.loader, await requestAs("practitioner", path), params)).status).toBe(403);
    const noReason = await sendSupport("manager", application.id, { support: "withheld" });
    expect((noReason.data as Errors).error).toEqual({ reason: ["support.errors.reason"] });
    const given = await sendSupport("manager", application.id, { support: "given" });
    expect(given.status).toBe(303);
    expect((await applicationOfPerson(application.person_id)).manager_support).toBe("given");
    // Back to the page, which says what was recorded and leads back to the team.
    expect(given.headers.get("Location")).toBe(`${path}?saved=given`);
    const shown = await run(support.loader, await requestAs("manager", `${path}?saved=given`), params);
    expect(shown.data).toMatchObject({ saved: "given" });
    expect((await run(support.loader, await requestAs("manager", `${path}?saved=anything`), params)).data).toMatchObject({ saved: null });
    // A team manager's line is their team; an applicant from another team is out of reach.
    const manager = await personIdOf("manager");
    const [notMine] = await apprenticeshipDb().selectFrom("apprenticeship_applications as a").innerJoin("people as p", "p.id", "a.person_id").select(["a.id"]).where("p.line_manager_id", "!=", manager).execute();
    expect((await run(support.loader, await requestAs("manager", `/programmes/apprenticeship/applications/${notMine.id}/support`), { applicationId: String(notMine.id) })).status).toBe(404);
  });
  it("lets a line manager who also has the L&D or admin role support their report's application, still not anyone else's", async () => {
    const support = await import("../routes/applications.$applicationId.support");
    const application = await applicationOfPerson(await personIdOf("practitioner"));
    const path = `/programmes/apprenticeship/applications/${application.id}/support`;
    const params = { applicationId: String(application.id) };
    const manager = await personIdOf("manager");
    const [notMine] = await apprenticeshipDb().selectFrom("apprenticeship_applications as a").innerJoin("people as p", "p.id", "a.person_id").select(["a.id"]).where("p.line_manager_id", "!=", manager).execute();
    const managerUser = await db().selectFrom("users").select("id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow();
    for (const role of ["learning_development", "admin"] as const) {
      await db().insertInto("user_roles").values({ user_id: managerUser.id, role }).execute();
      try {
        expect((await run(support.loader, await requestAs("manager", path), params)).status).toBe(200);
        expect((await sendSupport("manager", application.id, { support: "withheld", reason: "Not this year." })).status).toBe(303);
        expect(await applicationOfPerson(application.person_id)).toMatchObject({ manager_support: "withheld", manager_reason: "Not this year.", manager_id: manager });
        expect((await sendSupport("manager", application.id, { support: "given" })).status).toBe(303);
        expect((await applicationOfPerson(application.person_id)).manager_support).toBe("given");
        // Someone else's, whose own manager can act: the page says the support is that manager's, with no form, and a send is refused.
        const notMinePath = `/programmes/apprenticeship/applications/${notMine.id}/support`;
        const notMineParams = { applicationId: String(notMine.id) };
        expect(await run(support.loader, await requestAs("manager", notMinePath), notMineParams)).toMatchObject({ status: 200, data: { managerDecides: true } });
        const refused = await sendSupport("manager", notMine.id, { support: "given" });
        expect(refused.status).toBe(409);
        expect((refused.data as Errors).error).toEqual({ "": ["support.errors.managerDecides"] });
      } finally {
        await db().deleteFrom("user_roles").where("user_id", "=", managerUser.id).where("role", "=", role).execute();
      }
    }
  });
});

describe("the panel", () => {
  it("shortlists eligible applications only, scores them, and ranks by the mean total with ties sharing a rank", async () => {
    const intakePage = await import("../routes/intakes.$intakeId");
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    const intakePath = `/programmes/apprenticeship/intakes/${intake.id}`;
    const alexApplication = await applicationOfPerson(await personIdOf("practitioner"));
    const pending = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("intake_id", "=", intake.id).where("manager_support", "=", "pending").executeTakeFirstOrThrow();
    await run(intakePage.action, await requestAs("ld", intakePath, form({ application: String(pending.id), shortlist: "1" })), { intakeId: String(intake.id) });
    expect((await apprenticeshipDb().selectFrom("apprenticeship_applications").select("shortlisted").where("id", "=", pending.id).executeTakeFirstOrThrow()).shortlisted).toBe(0);
    await run(intakePage.action, await requestAs("ld", intakePath, form({ application: String(alexApplication.id), shortlist: "1" })), { intakeId: String(intake.id) });

    const path = `/programmes/apprenticeship/applications/${alexApplication.id}`;
    const params = { applicationId: String(alexApplication.id) };
    const bad = await run(panel.action, await requestAs("ld", path, form({ values: "9" })), params);
    expect((bad.data as { reply: Errors }).reply.error).toEqual({ values: ["panel.errors.values"], experience: ["panel.errors.experience"], potential: ["panel.errors.potential"] });
    await run(panel.action, await requestAs("ld", path, form({ values: "5", experience: "4", potential: "5" })), params);
    await run(panel.action, await requestAs("admin", path, form({ values: "4", experience: "4", potential: "4", comment: "Strong values." })), params);
    const ranked = await rankedApplications(intake.id, DEFAULT_SETTINGS);
    const alex = ranked.find((r) => r.id === alexApplication.id)!;
    expect(alex).toMatchObject({ total: 13, panelists: 2, perCriterion: { values: 4.5, experience: 4, potential: 4.5 } });
    const scored = ranked.filter((r) => r.rank !== null);
    expect(scored.map((r) => r.total)).toEqual([...scored.map((r) => r.total)].sort((a, b) => b! - a!));
    for (let i = 1; i < scored.length; i += 1) expect(scored[i].rank).toBe(scored[i].total === scored[i - 1].total ? scored[i - 1].rank : i + 1);
    expect(alex.rank).toBe(1);
  });

  it("keeps applications from other applicants, and their scores, away from applicants", async () => {
    const panel = await import("../routes/applications.$applicationId");
    const other = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("person_id", "!=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    expect((await run(panel.loader, await requestAs("practitioner", `/programmes/apprenticeship/applications/${other.id}`), { applicationId: String(other.id) })).status).toBe(403);
    const home = await import("../routes/index");
    const mine = (await run(home.loader, await requestAs("practitioner", "/programmes/apprenticeship"))).data as { applications: { id: number }[] };
    expect(mine.applications.map((a) => a.id)).toEqual([(await applicationOfPerson(await personIdOf("practitioner"))).id]);
  });
});

describe("conflicts of interest", () => {
  it("keeps a member of L&D who applies off their own application on the panel", async () => {
    const apply = await import("../routes/apply.$intakeId");
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    await run(apply.action, await requestAs("ld", `/programmes/apprenticeship/apply/${intake.id}`, form({ statement: "Me too.", currentRole: "L&D officer", serviceMonths: "40", english: "held", maths: "held" })), { intakeId: String(intake.id) });
    const own = await applicationOfPerson(await personIdOf("ld"));
    expect((await run(panel.loader, await requestAs("ld", `/programmes/apprenticeship/applications/${own.id}`), { applicationId: String(own.id) })).status).toBe(404);
    expect((await run(panel.loader, await requestAs("admin", `/programmes/apprenticeship/applications/${own.id}`), { applicationId: String(own.id) })).status).toBe(200);
  });
});

describe("decisions and offers", () => {
  it("puts an offer on the reserve list when the places are full, and promotes the first reserve when an offer is declined", async () => {
    const panel = await import("../routes/applications.$applicationId");
    const home = await import("../routes/index");
    const alexApplication = await applicationOfPerson(await personIdOf("practitioner"));
    const path = `/programmes/apprenticeship/applications/${alexApplication.id}`;
    const params = { applicationId: String(alexApplication.id) };
    const noFeedback = await run(panel.action, await requestAs("ld", path, form({ intent: "decision", decision: "offer" })), params);
    expect((noFeedback.data as { reply: Errors }).reply.error).toEqual({ feedback: ["decision.errors.feedback"] });
    expect((await run(panel.action, await requestAs("ld", path, form({ intent: "decision", decision: "offer", feedback: "A strong interview." })), params)).status).toBe(303);
    // Intake 2's two places are taken, so the offer waits behind the seeded reserve.
    const enrolment = await db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("id", "=", (await applicationOfPerson(alexApplication.person_id)).enrolment_id!).executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ status: "waitlisted", waitlist_position: 2 });
    // The notice says what the applicant has: a reserve place, not an offer to accept.
    const notice = await db().selectFrom("notices").select(["message_key", "values_json"]).where("person_id", "=", alexApplication.person_id).where("source", "=", "apprenticeship").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(notice.message_key).toBe("notices.decision.reserve");
    expect(fixedT("en-GB")(`apprenticeship:${notice.message_key}`, JSON.parse(notice.values_json))).toBe("You are on the reserve list for Intake 2.");
    const intake = await openIntake();
    const offered = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.decision === "offer" && r.enrolmentStatus === "enrolled" && !r.response)!;
    const reserve = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.decision === "reserve")!;
    await respond(await applicationOfPerson(offered.personId), false, SYSTEM);
    // The declined place keeps no English sentence as its reason: the application's response says it.
    const declined = await db().selectFrom("enrolments").select(["status", "reason"]).where("id", "=", (await applicationOfPerson(offered.personId)).enrolment_id!).executeTakeFirstOrThrow();
    expect(declined).toEqual({ status: "withdrawn", reason: null });
    const promoted = await applicationOfPerson(reserve.personId);
    const promotedEnrolment = await db().selectFrom("enrolments").select("status").where("id", "=", promoted.enrolment_id!).executeTakeFirstOrThrow();
    expect(promotedEnrolment.status).toBe("enrolled");
    expect(applicationStage({ ...promoted, enrolment_status: promotedEnrolment.status })).toBe("offered");
    // Told they are offered the place, which they must still accept; not the core's "you are now enrolled".
    const told = await db().selectFrom("notices").select(["source", "message_key", "values_json"]).where("person_id", "=", reserve.personId).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(told).toMatchObject({ source: "apprenticeship", message_key: "notices.decision.promoted" });
    expect(fixedT("en-GB")(`apprenticeship:${told.message_key}`, JSON.parse(told.values_json))).toBe("A place came free on Intake 2 and you have been offered it. Accept or decline it on the apprenticeship page.");
    expect(applicationStage({ ...(await applicationOfPerson(offered.personId)), enrolment_status: "withdrawn" })).toBe("offer_declined");
    // Alex is now first in line: the applicant sees the stage and the feedback.
    const page = (await run(home.loader, await requestAs("practitioner", "/programmes/apprenticeship"))).data as { applications: { stage: string; feedback: string; canRespond: boolean }[] };
    expect(page.applications[0]).toMatchObject({ stage: "reserve", feedback: "A strong interview.", canRespond: false });
    const again = await run(panel.action, await requestAs("ld", path, form({ intent: "decision", decision: "decline", feedback: "x" })), params);
    expect((again.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["decision.errors.already"] });
  });
});

describe("opening an intake", () => {
  const intakeForm = (startsOn: string) => form({ name: "Intake 9", university: "University of the Midlands", opensOn: "2026-01-05", closesOn: "2026-02-27", startsOn, places: "2", criteria: "Values, experience and potential." });
  const cohortsNamed = async (name: string) => db().selectFrom("cohorts").select(["starts_on", "ends_on"]).where("name", "=", name).execute();

  it("refuses a start in a year past 2199 next to the start date, and stores nothing", async () => {
    const intakes = await import("../routes/intakes");
    const before = (await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("id").execute()).length;
    for (const startsOn of ["9997-09-01", "9999-12-31", "2200-01-01"]) {
      const refused = await run(intakes.action, await requestAs("ld", "/programmes/apprenticeship/intakes", intakeForm(startsOn)));
      expect(refused.status).toBe(400);
      expect((refused.data as Errors).error).toEqual({ startsOn: ["errors.date"] });
    }
    expect(await cohortsNamed("Intake 9")).toEqual([]);
    expect((await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("id").execute()).length).toBe(before);
    expect(await run(intakes.action, await requestAs("ld", "/programmes/apprenticeship/intakes", intakeForm("2199-12-31")))).toMatchObject({ status: 303 });
    expect(await cohortsNamed("Intake 9")).toEqual([{ starts_on: "2199-12-31", ends_on: "2202-12-31" }]);
  });

  it("refuses a name, partner or criteria too long with a message naming the limit, in both languages", async () => {
    const intakes = await import("../routes/intakes");
    const tooLong = form({ name: "n".repeat(101), university: "u".repeat(201), opensOn: "2026-01-05", closesOn: "2026-02-27", startsOn: "2026-09-07", places: "2", criteria: "c".repeat(4001) });
    const refused = await run(intakes.action, await requestAs("ld", "/programmes/apprenticeship/intakes", tooLong));
    expect(refused.status).toBe(400);
    const error = (refused.data as Errors).error;
    expect(error).toEqual({ name: ["intakes.errors.nameTooLong"], university: ["intakes.errors.universityTooLong"], criteria: ["intakes.errors.criteriaTooLong"] });
    const [en, cy] = [fixedT("en-GB"), fixedT("cy")];
    expect([error.name, error.university, error.criteria].map(([key]) => en(`apprenticeship:${key}`))).toEqual(["The name must be 100 characters or fewer", "The university partner must be 200 characters or fewer", "The selection criteria must be 4,000 characters or fewer"]);
    expect([error.name, error.university, error.criteria].map(([key]) => cy(`apprenticeship:${key}`))).toEqual(["Rhaid i'r enw fod yn 100 nod neu lai", "Rhaid i'r brifysgol bartner fod yn 200 nod neu lai", "Rhaid i'r meini prawf dethol fod yn 4,000 nod neu lai"]);
  });

  it("ends an intake starting on 29 February three years on, on the last day of February", async () => {
    const intakes = await import("../routes/intakes");
    const leap = form({ name: "Intake 10", university: "University of the Midlands", opensOn: "2027-11-01", closesOn: "2027-12-17", startsOn: "2028-02-29", places: "2", criteria: "Values, experience and potential." });
    expect((await run(intakes.action, await requestAs("ld", "/programmes/apprenticeship/intakes", leap))).status).toBe(303);
    expect(await cohortsNamed("Intake 10")).toEqual([{ starts_on: "2028-02-29", ends_on: "2031-02-28" }]);
  });
});

describe("an application taken off the shortlist after scoring", () => {
  it("gives its score without a rank, since only the shortlist is ranked", async () => {
    const intakePage = await import("../routes/intakes.$intakeId");
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    const scored = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.shortlisted && r.panelists === 1 && r.decision === null)!;
    await run(intakePage.action, await requestAs("ld", `/programmes/apprenticeship/intakes/${intake.id}`, form({ application: String(scored.id), shortlist: "0" })), { intakeId: String(intake.id) });
    const path = `/programmes/apprenticeship/applications/${scored.id}`;
    const params = { applicationId: String(scored.id) };
    const summary = async (query = "") => ((await run(panel.loader, await requestAs("admin", `${path}${query}`), params)).data as { scores: { summary: string; rank: number | null } }).scores;
    expect(await summary()).toEqual(expect.objectContaining({ rank: null, summary: `${scored.total} out of 15, from 1 panel member` }));
    expect((await summary("?lng=cy")).summary).toBe(`${scored.total} allan o 15, gan 1 aelod o'r panel`);
    expect(fixedT("en-GB")("apprenticeship:panel.totalValueUnranked", { total: 12, panelists: 2, count: 2 })).toBe("12 out of 15, from 2 panel members");
  });
});

describe("a manager's inbox after the panel declines an application they have not answered", () => {
  it("no longer asks for their support, which they could not give", async () => {
    const apply = await import("../routes/apply.$intakeId");
    const panel = await import("../routes/applications.$applicationId");
    const intake = await openIntake();
    const jordan = await personIdOf("asye");
    const applied = await run(apply.action, await requestAs("asye", `/programmes/apprenticeship/apply/${intake.id}`, form({ statement: "I want to qualify.", currentRole: "Social worker", serviceMonths: "30", english: "held", maths: "held" })), { intakeId: String(intake.id) });
    expect(applied.status).toBe(303);
    const application = await applicationOfPerson(jordan);
    const askedOf = async () => ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; href: string }[] }).inbox.filter((i) => i.href.endsWith(`/applications/${application.id}/support`));
    expect(await askedOf()).toHaveLength(1);

    const path = `/programmes/apprenticeship/applications/${application.id}`;
    const params = { applicationId: String(application.id) };
    expect((await run(panel.action, await requestAs("ld", path, form({ intent: "decision", decision: "decline", feedback: "Not this time." })), params)).status).toBe(303);
    expect(await askedOf()).toEqual([]);
    // The support it no longer asks for is refused, as before.
    const refused = await sendSupport("manager", application.id, { support: "given" }, application.updated_at);
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).error).toEqual({ "": ["support.errors.decided"] });
  });
});

describe("two panel members deciding the same application at once", () => {
  it("lets one decide; the other is told it is already decided, and the place matches the decision", async () => {
    const intake = await openIntake();
    const undecided = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.shortlisted && r.decision === null)!;
    // Both read the application before either decided, as two open pages do.
    const seenByBoth = await applicationOfPerson(undecided.personId);
    const full = (await intakeById(intake.id))!;
    const [offer, decline] = await Promise.all([decide(seenByBoth, full, "offer", "Strong.", SYSTEM), decide(seenByBoth, full, "decline", "Not this time.", SYSTEM)]);
    expect([offer.ok, decline.ok].sort()).toEqual([false, true]);
    expect([offer, decline].find((r) => !r.ok)).toEqual({ ok: false, error: "decision.errors.already" });
    const after = await applicationOfPerson(undecided.personId);
    const places = await db().selectFrom("enrolments").select("status").where("cohort_id", "=", intake.cohort_id).where("person_id", "=", undecided.personId).execute();
    if (after.decision === "decline") expect(places).toEqual([]);
    else expect(places).toHaveLength(1);
  });

  it("refuses an offer to an application taken off the shortlist after the page was read", async () => {
    const intake = await openIntake();
    const undecided = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.decision === null)!;
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ shortlisted: 1 }).where("id", "=", undecided.id).execute();
    const seen = await applicationOfPerson(undecided.personId);
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ shortlisted: 0 }).where("id", "=", seen.id).execute();
    expect(await decide(seen, (await intakeById(intake.id))!, "offer", "Strong.", SYSTEM)).toEqual({ ok: false, error: "decision.errors.notShortlisted" });
    expect((await applicationOfPerson(undecided.personId)).decision).toBeNull();
  });
});

describe("an applicant answering their offer from two tabs at once", () => {
  it("takes one answer; the place and the application agree", async () => {
    const intake = await openIntake();
    // A free place, offered to an application not yet decided.
    const undecided = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).find((r) => r.decision === null)!;
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ shortlisted: 1 }).where("id", "=", undecided.id).execute();
    await db().updateTable("cohorts").set((eb) => ({ capacity: eb("capacity", "+", 1) })).where("id", "=", intake.cohort_id).execute();
    expect(await decide(await applicationOfPerson(undecided.personId), (await intakeById(intake.id))!, "offer", "Strong.", SYSTEM)).toEqual({ ok: true, status: "enrolled" });
    const offered = { personId: undecided.personId };
    // Both tabs read the application before either answered.
    const seenByBoth = await applicationOfPerson(offered.personId);
    const answers = await Promise.all([respond(seenByBoth, true, SYSTEM), respond(seenByBoth, false, SYSTEM)]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    const after = await applicationOfPerson(offered.personId);
    const place = await db().selectFrom("enrolments").select("status").where("id", "=", after.enrolment_id!).executeTakeFirstOrThrow();
    expect([after.response, place.status]).toEqual(after.response === "accepted" ? ["accepted", "enrolled"] : ["declined", "withdrawn"]);
  });
});

describe("changing the shortlist from a request the intake page does not offer", () => {
  const shortlistedOf = async (id: number) => (await apprenticeshipDb().selectFrom("apprenticeship_applications").select("shortlisted").where("id", "=", id).executeTakeFirstOrThrow()).shortlisted;
  const post = async (id: number, shortlist: "0" | "1") => {
    const intake = await openIntake();
    const intakePage = await import("../routes/intakes.$intakeId");
    return run(intakePage.action, await requestAs("ld", `/programmes/apprenticeship/intakes/${intake.id}`, form({ application: String(id), shortlist })), { intakeId: String(intake.id) });
  };

  it("refuses a member of L&D shortlisting their own application, which the page offers them no button for", async () => {
    const intake = await openIntake();
    const intakePage = await import("../routes/intakes.$intakeId");
    const own = await applicationOfPerson(await personIdOf("ld"));
    // Eligible, so only its being their own stands in the way.
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ manager_support: "given" }).where("id", "=", own.id).execute();
    const rows = ((await run(intakePage.loader, await requestAs("ld", `/programmes/apprenticeship/intakes/${intake.id}`), { intakeId: String(intake.id) })).data as { applications: { id: number; own: boolean; eligible: boolean }[] }).applications;
    expect(rows.find((r) => r.id === own.id)).toMatchObject({ own: true, eligible: true });
    expect((await post(own.id, "1")).status).toBe(403);
    expect(await shortlistedOf(own.id)).toBe(0);
  });

  it("refuses taking a decided application off the shortlist, or putting one on it", async () => {
    const intake = await openIntake();
    const decided = (await rankedApplications(intake.id, DEFAULT_SETTINGS)).filter((r) => r.decision !== null);
    const onList = decided.find((r) => r.shortlisted)!;
    // Declined without a place on the shortlist; made eligible, so only the decision stands in the way.
    const offList = decided.find((r) => !r.shortlisted && r.decision === "decline")!;
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ manager_support: "given", service_months: 30, english: "held", maths: "held" }).where("id", "=", offList.id).execute();
    expect((await post(onList.id, "0")).status).toBe(409);
    expect(await shortlistedOf(onList.id)).toBe(1);
    expect((await post(offList.id, "1")).status).toBe(409);
    expect(await shortlistedOf(offList.id)).toBe(0);
  });
});
