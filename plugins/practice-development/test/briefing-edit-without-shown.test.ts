// A briefing's edit form sends back the version and revision its page showed (`shownVersion`,
// `shownRevision`). A post without them, or with one that cannot be read, does not say what its page showed
// (a page drawn before the form carried them, or one tampered with): it is refused (409) with nothing
// changed, as the manager's place decision refuses one without `askedAt`, and never saved blindly, which
// undid a colleague's correction. The form comes back as typed, on top of the briefing as it is now, so
// sending it again then saves; the "Show teams" step, which would otherwise carry the version now, too.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import { pdDb } from "../server/db.server";
import { createBriefing, post, shownOnEditPage } from "./briefing-requests";

beforeAll(seedDemo);

const OUT_OF_DATE = "briefing.errors.pageOutOfDate";
const CORRECTION = { title: "Test briefing", linkUrl: "https://intranet.example.org/b", delivery: "read" };

type Answer = { errors: Record<string, string>; values: Record<string, string | string[]>; editing?: { version: number; revision: number } };
const answer = (outcome: Outcome) => outcome.data as Answer;

const pathOf = (briefing: number) => `/programmes/practice-development/briefings/${briefing}/edit`;
const send = async (who: "ld" | "admin", briefing: number, fields: Record<string, string | string[]>) =>
  run(editBriefing.action, await requestAs(who, pathOf(briefing), post(fields)), { briefingId: String(briefing) });
const pageData = async (briefing: number) => (await run(editBriefing.loader, await requestAs("ld", pathOf(briefing)), { briefingId: String(briefing) })).data;
const stored = (briefing: number) => pdDb().selectFrom("practice_development_briefings").select(["summary", "version", "revision"]).where("id", "=", briefing).executeTakeFirstOrThrow();
const auditOf = async (briefing: number) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "practice_development_briefing").where("subject_id", "=", String(briefing)).orderBy("id").execute()).map((e) => e.action);

describe("a briefing's edit form that does not say what its page showed", () => {
  it("is refused (409) and leaves a colleague's correction alone; the form comes back on top of the briefing now, and sending again saves", async () => {
    const briefing = await createBriefing();
    expect((await send("admin", briefing, { ...CORRECTION, summary: "Their correction", ...(await shownOnEditPage(briefing)) })).status).toBe(302);
    const afterTheirs = await stored(briefing);
    expect(afterTheirs).toEqual({ summary: "Their correction", version: 1, revision: 2 });
    const audited = await auditOf(briefing);

    // Sent from a page drawn before it said which version and revision it showed.
    const refused = await send("ld", briefing, { ...CORRECTION, summary: "My correction" });
    expect(refused.status).toBe(409);
    expect(await stored(briefing)).toEqual(afterTheirs);
    expect(await auditOf(briefing)).toEqual(audited);
    expect(answer(refused).errors).toEqual({ form: OUT_OF_DATE });
    expect(answer(refused).values).toMatchObject({ summary: "My correction" });
    expect(answer(refused).editing).toEqual({ version: 1, revision: 2 });

    // The page drawn again (its data loaded afresh after a 409): the message in the summary and at the top
    // of the form, what was typed, and the briefing's revision now in the hidden fields.
    const html = decodeHtml(await renderedAfterPost(editBriefing.default, await pageData(briefing), refused.data));
    const message = fixedT("en-GB", "practice-development")(OUT_OF_DATE);
    expect(message).toContain("This page was out of date, so your changes are not saved yet");
    expect(html.split(message)).toHaveLength(3);
    expect(errorSummaryTargets(html)).toEqual([]);
    expect(html).toContain(">My correction</textarea>");
    expect(fixedT("cy", "practice-development")(OUT_OF_DATE)).toContain("Roedd y dudalen hon wedi dyddio");
    const [form] = postForms(html, `http://localhost${pathOf(briefing)}`);
    const fields = new URLSearchParams(form.fields);
    expect([fields.get("shownVersion"), fields.get("shownRevision")]).toEqual(["1", "2"]);

    // Sent again from that page, having been told, the editor's correction is saved.
    expect((await send("ld", briefing, Object.fromEntries(fields))).status).toBe(302);
    expect(await stored(briefing)).toEqual({ summary: "My correction", version: 1, revision: 3 });
  });

  it("is refused when nobody has changed the briefing, with either field missing, blank or not a number", async () => {
    const briefing = await createBriefing();
    const before = await stored(briefing);
    const shown = await shownOnEditPage(briefing);
    const forms: Record<string, string>[] = [
      {},
      { shownVersion: shown.shownVersion },
      { shownRevision: shown.shownRevision },
      { ...shown, shownRevision: "" },
      { ...shown, shownVersion: "one" },
      { ...shown, shownRevision: "0" },
    ];
    for (const hidden of forms) {
      const refused = await send("ld", briefing, { ...CORRECTION, summary: "Saved blindly", newVersion: "yes", ...hidden });
      expect(refused.status).toBe(409);
      expect(answer(refused).errors).toEqual({ form: OUT_OF_DATE });
      expect(answer(refused).editing).toEqual({ version: 1, revision: 1 });
    }
    expect(await stored(briefing)).toEqual(before);
    expect(await auditOf(briefing)).toEqual(["practice-development.briefing.created"]);
  });

  it("gives its fields' own errors too, beside them and in the summary", async () => {
    const briefing = await createBriefing();
    const refused = await send("ld", briefing, { ...CORRECTION, title: "", summary: "Changed" });
    expect(refused.status).toBe(409);
    expect(answer(refused).errors).toEqual({ title: "briefing.errors.titleRequired", form: OUT_OF_DATE });
    const html = await renderedAfterPost(editBriefing.default, await pageData(briefing), refused.data);
    expect(errorSummaryTargets(html)).toEqual(["title"]);
    expect(html).toContain('id="title-error"');
    expect(decodeHtml(html).split(fixedT("en-GB", "practice-development")(OUT_OF_DATE))).toHaveLength(3);
  });

  it("is refused at the \"Show teams\" step, which saves nothing, so the form does not come back carrying the briefing now unchecked", async () => {
    const briefing = await createBriefing();
    const locality = await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").executeTakeFirstOrThrow();
    const step = await send("ld", briefing, { ...CORRECTION, summary: "Typed before the step", intent: "showTeams", showTeamsIn: String(locality.id) });
    expect(step.status).toBe(409);
    expect(answer(step).errors).toEqual({ form: OUT_OF_DATE });
    expect(answer(step).values).toMatchObject({ summary: "Typed before the step" });
    expect(answer(step).editing).toEqual({ version: 1, revision: 1 });
    expect((await stored(briefing)).summary).toBe("What to know");
    // With what the page showed, the step goes on as before.
    const shownStep = await send("ld", briefing, { ...CORRECTION, summary: "Typed before the step", intent: "showTeams", showTeamsIn: String(locality.id), ...(await shownOnEditPage(briefing)) });
    expect(shownStep.status).toBe(200);
    expect(answer(shownStep).editing).toEqual({ version: 1, revision: 1 });
  });
});
