// A cohort's sessions fall on or between its first and last days. A new cohort whose plan runs past its
// end (eight monthly sessions in a cohort of two months) is refused beside the number of sessions and
// makes nothing; a session moved outside its cohort is refused beside its date, with the cohort's first and
// last days named in the reader's language, and keeps its own.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { cohortSchema } from "../../../app/utils/cohort-form";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as newCohort from "../routes/cohorts.new";
import * as editSession from "../routes/sessions.$sessionId.edit";

beforeAll(seedDemo);

const NEW_PATH = `/programmes/${PLUGIN_ID}/cohorts/new`;
// Sixteen fortnightly sessions from 10 January 2028: the last is on 7 August 2028.
const PLAN = { startsOn: "2028-01-10", capacity: "10", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "16", sessionTime: "10:00", durationMinutes: "180" };

const cohortsCalled = (name: string) => db().selectFrom("cohorts").select("id").where("name", "=", name).execute();

/** The new cohort form sent as its page would send it, with its one-time token where the page has one. */
async function createFromForm(fields: Record<string, string>) {
  const page = await run(newCohort.loader, await requestAs("ld", NEW_PATH));
  const token = (page.data as { formToken?: string }).formToken;
  const sent = await run(newCohort.action, await requestAs("ld", NEW_PATH, { method: "POST", body: new URLSearchParams({ ...fields, ...(token ? { formToken: token } : {}) }) }));
  return { page, sent };
}

describe("a new cohort's plan", () => {
  it("is refused beside the number of sessions, and in the summary, when its last session falls after the cohort ends, and makes nothing", async () => {
    const { page, sent } = await createFromForm({ ...PLAN, name: "Runs past its end", endsOn: "2028-08-06" });
    expect(sent.status).toBe(400);
    expect((sent.data as { error: Record<string, string[]> }).error).toEqual({ sessionCount: ["cohorts.errors.lastSessionAfterEnd"] });
    expect(await cohortsCalled("Runs past its end")).toEqual([]);

    const html = decodeHtml(await renderedAfterPost(newCohort.default, page.data, sent.data));
    // The message names the cohort's end date as typed.
    const message = fixedT("en-GB", "common")("cohorts.errors.lastSessionAfterEnd", { to: "6 August 2028" });
    expect(message).toContain("The last session would be after the cohort's end date, 6 August 2028:");
    expect(errorSummaryTargets(html)).toEqual(["cohort-sessionCount"]);
    expect(html).toContain('id="cohort-sessionCount-error"');
    expect(html.split(message)).toHaveLength(3);
    expect(fixedT("cy", "common")("cohorts.errors.lastSessionAfterEnd")).toContain("Byddai'r sesiwn olaf ar ôl dyddiad gorffen y garfan");
  });

  it("is refused beside the first session, naming the cohort's dates, when the first session falls outside them", async () => {
    const { page, sent } = await createFromForm({ ...PLAN, name: "Starts too early", endsOn: "2028-09-30", firstSession: "2028-01-03" });
    expect(sent.status).toBe(400);
    expect((sent.data as { error: Record<string, string[]> }).error).toEqual({ firstSession: ["cohorts.errors.firstSessionOutside"] });
    const html = decodeHtml(await renderedAfterPost(newCohort.default, page.data, sent.data));
    const message = "The first session must be between 10 January 2028 and 30 September 2028, the cohort's start and end dates";
    expect(html.split(message)).toHaveLength(3);
    expect(errorSummaryTargets(html)).toEqual(["cohort-firstSession"]);
  });

  it("is saved when its last session is on the cohort's last day", async () => {
    const { sent } = await createFromForm({ ...PLAN, name: "Ends with its last session", endsOn: "2028-08-07" });
    expect(sent.status).toBe(302);
    const [cohort] = await cohortsCalled("Ends with its last session");
    const last = await db().selectFrom("cohort_sessions").select("starts_at").where("cohort_id", "=", cohort.id).orderBy("sequence", "desc").executeTakeFirstOrThrow();
    expect(last.starts_at.slice(0, 10)).toBe("2028-08-07");
  });

  it("counts monthly sessions as the cohort gets them, a month's last day where the first's is missing", () => {
    const plan = { ...PLAN, name: "Monthly", cadence: "monthly", firstSession: "2028-01-31", sessionCount: "2" };
    // The second session is on 29 February 2028, the month's last day.
    expect(cohortSchema.safeParse({ ...plan, endsOn: "2028-02-29" }).success).toBe(true);
    const refused = cohortSchema.safeParse({ ...plan, endsOn: "2028-02-28" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["sessionCount", "cohorts.errors.lastSessionAfterEnd"]]);
  });
});

describe("a session moved", () => {
  const pathOf = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/edit`;
  const url = (sessionId: number) => `http://localhost${pathOf(sessionId)}`;

  async function sessionOfNewCohort(name: string) {
    const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    const cohortId = await createCohort(
      { programmeId: PLUGIN_ID, name, startsOn: "2028-01-10", endsOn: "2028-03-31", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      { firstDate: "2028-01-10", cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 120, titles: ["First topic", "Second topic"] },
      actor,
    );
    return db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", cohortId).orderBy("sequence").executeTakeFirstOrThrow();
  }
  /** The edit page's data and the fields its form sends, as the page shows them. */
  async function pageOf(sessionId: number, locale: "en-GB" | "cy" = "en-GB") {
    const page = await run(editSession.loader, await requestAs("ld", pathOf(sessionId) + (locale === "cy" ? "?lng=cy" : "")), { sessionId: String(sessionId) });
    const [form] = postForms(await renderedAfterPost(editSession.default, page.data, null, locale), url(sessionId));
    return { data: page.data, fields: Object.fromEntries(form.fields) as Record<string, string> };
  }
  const save = async (sessionId: number, fields: Record<string, string>) =>
    run(editSession.action, await requestAs("ld", pathOf(sessionId), { method: "POST", body: new URLSearchParams(fields) }), { sessionId: String(sessionId) });
  const stored = (sessionId: number) => db().selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();

  it("is refused beside its date, before the cohort starts or after it ends, and keeps its own", async () => {
    const session = await sessionOfNewCohort("Moved outside");
    const page = await pageOf(session.id);
    for (const date of ["2028-01-09", "2028-04-01"]) {
      const refused = await save(session.id, { ...page.fields, date });
      expect(refused.status).toBe(400);
      const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, string> };
      expect(reply.error).toEqual({ date: ["cohorts.errors.sessionOutsideCohort"] });
      expect(reply.initialValue).toMatchObject({ date });
      expect(await stored(session.id)).toEqual(session);
    }

    const refused = await save(session.id, { ...page.fields, date: "2028-04-01" });
    const html = decodeHtml(await renderedAfterPost(editSession.default, page.data, refused.data));
    // The message names the cohort's first and last days, beside the date and in the summary.
    expect(errorSummaryTargets(html)).toEqual(["session-date"]);
    expect(html).toContain('id="session-date-error"');
    expect(html.split("The session must be between 10 January 2028 and 31 March 2028")).toHaveLength(3);
    // The date's hint says when the cohort runs.
    expect(html).toContain("The cohort runs from 10 January 2028 to 31 March 2028");
    // In Welsh, with the dates in Welsh.
    const welshPage = await pageOf(session.id, "cy");
    const welsh = decodeHtml(await renderedAfterPost(editSession.default, welshPage.data, (await save(session.id, { ...welshPage.fields, date: "2028-04-01" })).data, "cy"));
    expect(errorSummaryTargets(welsh)).toEqual(["session-date"]);
    expect(welsh.split("Rhaid i'r sesiwn fod ar ddyddiad o 10 Ionawr 2028 i 31 Mawrth 2028")).toHaveLength(3);

    // On the cohort's first and last days it moves.
    expect((await save(session.id, (await pageOf(session.id)).fields)).status).toBe(302);
    expect((await save(session.id, { ...(await pageOf(session.id)).fields, date: "2028-03-31" })).status).toBe(302);
    expect((await stored(session.id)).starts_at).toBe("2028-03-31T08:30:00.000Z");
  });

  it("planned outside its cohort before plans were checked, may keep its date to be renamed or cancelled", async () => {
    const session = await sessionOfNewCohort("Planned outside");
    await db().updateTable("cohort_sessions").set({ starts_at: "2028-05-01T08:30:00.000Z", ends_at: "2028-05-01T10:30:00.000Z" }).where("id", "=", session.id).execute();
    const page = await pageOf(session.id);
    expect((await save(session.id, { ...page.fields, status: "cancelled" })).status).toBe(302);
    expect(await stored(session.id)).toMatchObject({ starts_at: "2028-05-01T08:30:00.000Z", status: "cancelled" });
  });
});
