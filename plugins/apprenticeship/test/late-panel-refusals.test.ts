// A panel member's post refused because the application moved on while they typed (another member
// decided it, or took it off the shortlist) comes back with what they typed and why, in both languages:
// up to 4,000 characters of feedback are not lost with the form.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { CRITERIA } from "../programme";
import * as panel from "../routes/applications.$applicationId";
import { setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { renderedAfterPost } from "../../../tests/support/rendered-page";

beforeAll(seedDemo);

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const SYSTEM = { userId: null, personId: null };

/** Intake 2's applications on the shortlist with no decision yet, as the demo seeds them. */
async function undecidedOnShortlist() {
  return apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("shortlisted", "=", 1).where("decision", "is", null).orderBy("id").execute();
}

/** The value of the radio button named `name` the page shows chosen. */
const checkedIn = (html: string, name: string) => html.match(new RegExp(`<input[^>]*name="${name}"[^>]*checked=""[^>]*value="([^"]*)"`))?.[1];

/** The panel page as `who` is shown it after posting `fields`: what the action answered, and the page rendered from it. */
async function postAndRender(who: "ld" | "admin", applicationId: number, fields: Record<string, string>) {
  const path = `/programmes/apprenticeship/applications/${applicationId}`;
  const params = { applicationId: String(applicationId) };
  const refused = await run(panel.action, await requestAs(who, path, form(fields)), params);
  const rendered = async (locale: "en-GB" | "cy") => {
    const shown = await run(panel.loader, await requestAs(who, `${path}?lng=${locale}`), params);
    return renderedAfterPost(panel.default, shown.data, refused.data, locale);
  };
  return { refused, rendered };
}

describe("a decision sent after another panel member decided", () => {
  it("is refused, and the page keeps the decision form with the feedback as typed and the reason", async () => {
    const [application] = await undecidedOnShortlist();
    const intake = (await intakeById(application.intake_id))!;
    // Another panel member decides while this one is writing long feedback.
    expect(await decide(application, intake, "decline", "Decided first.", SYSTEM)).toEqual({ ok: true, status: undefined });
    const feedback = `Thank you for a thoughtful interview ${"and a clear statement ".repeat(170)}`.trim();
    expect(feedback.length).toBeGreaterThan(3_500);
    const { refused, rendered } = await postAndRender("ld", application.id, { intent: "decision", decision: "offer", feedback });
    expect(refused.status).toBe(400);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select(["decision", "feedback"]).where("id", "=", application.id).executeTakeFirstOrThrow()).toEqual({ decision: "decline", feedback: "Decided first." });

    const english = await rendered("en-GB");
    expect(english).toContain('<form method="post" action="/page" id="decision"');
    expect(english).toContain(`>${feedback}</textarea>`);
    expect(checkedIn(english, "decision")).toBe("offer");
    expect(english).toContain("This application has already been decided, so your decision was not saved. Your feedback is below so you can keep a copy.");
    const welsh = await rendered("cy");
    expect(welsh).toContain(`>${feedback}</textarea>`);
    expect(welsh).toContain("Mae penderfyniad eisoes wedi&#x27;i wneud ar y cais hwn, felly ni chafodd eich penderfyniad ei gadw. Mae eich adborth isod er mwyn i chi allu cadw copi ohono.");
  });
});

describe("a score sent after the application was taken off the shortlist", () => {
  it("is refused, and the page keeps the score form with the scores and comment as typed and the reason", async () => {
    const [application] = await undecidedOnShortlist();
    // Another panel member takes it off the shortlist while this one is scoring.
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ shortlisted: 0 }).where("id", "=", application.id).execute();
    const comment = "Strong values shown in the interview, with examples from direct work with families.";
    const { refused, rendered } = await postAndRender("admin", application.id, { intent: "score", values: "5", experience: "3", potential: "4", comment });
    expect(refused.status).toBe(400);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_scores").select("comment").where("application_id", "=", application.id).where("comment", "=", comment).execute()).toEqual([]);

    const english = await rendered("en-GB");
    expect(english).toContain('id="score"');
    expect(english).toContain(`>${comment}</textarea>`);
    expect(CRITERIA.map((c) => checkedIn(english, c))).toEqual(["5", "3", "4"]);
    expect(english).toContain("Only shortlisted applications are scored, so your score was not saved. Your score and comment are below so you can keep a copy.");
    const welsh = await rendered("cy");
    expect(welsh).toContain(`>${comment}</textarea>`);
    expect(welsh).toContain("Dim ond ceisiadau ar y rhestr fer sy&#x27;n cael sgôr, felly ni chafodd eich sgôr ei chadw. Mae eich sgôr a&#x27;ch sylw isod er mwyn i chi allu cadw copi ohonynt.");
  });
});

describe("a score sent after another panel member decided the application", () => {
  it("is refused, and the page keeps the score form with the scores and comment as typed and the reason", async () => {
    // An application of its own, put on the shortlist here: the tests above take the demo's.
    const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("shortlisted", "=", 0).where("decision", "is", null).orderBy("id").executeTakeFirstOrThrow();
    const intake = (await intakeById(application.intake_id))!;
    expect(await setShortlisted({ id: application.id, personId: application.person_id }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    // Another panel member decides while this one is scoring: the page that was loaded still shows the form.
    expect(await decide(application, intake, "decline", "Decided first.", SYSTEM)).toEqual({ ok: true, status: undefined });
    const scoresBefore = await apprenticeshipDb().selectFrom("apprenticeship_scores").selectAll().where("application_id", "=", application.id).orderBy("panel_member_id").execute();
    const comment = "Clear reflection on supervision and a good grasp of safeguarding thresholds.";
    const { refused, rendered } = await postAndRender("admin", application.id, { intent: "score", values: "2", experience: "5", potential: "3", comment });
    expect(refused.status).toBe(400);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_scores").selectAll().where("application_id", "=", application.id).orderBy("panel_member_id").execute()).toEqual(scoresBefore);

    const english = await rendered("en-GB");
    expect(english).toContain('id="score"');
    expect(english).toContain(`>${comment}</textarea>`);
    expect(CRITERIA.map((c) => checkedIn(english, c))).toEqual(["2", "5", "3"]);
    expect(english).toContain("This application has already been decided, so your score was not saved. Your score and comment are below so you can keep a copy.");
    const welsh = await rendered("cy");
    expect(welsh).toContain(`>${comment}</textarea>`);
    expect(welsh).toContain("Mae penderfyniad eisoes wedi&#x27;i wneud ar y cais hwn, felly ni chafodd eich sgôr ei chadw. Mae eich sgôr a&#x27;ch sylw isod er mwyn i chi allu cadw copi ohonynt.");
  });
});
