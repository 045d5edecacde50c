// A learner completes Level 5 by attending the sessions the programme rules require (14 by default). A
// cohort with fewer sessions than that saved, and nobody on it could ever complete: it is refused beside
// the number of sessions and in the summary, saying how many are needed, and nothing is made. The rules
// page, likewise, refuses more sessions needed than it has topics: a new cohort has one session a topic.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import { cohortNamed, holdEverySession } from "./support";
import * as newCohort from "../routes/cohorts.new";
import * as settings from "../routes/settings";
import { leadershipSettings } from "../server/settings.server";
import { form } from "./support";

beforeAll(seedDemo);

type Reply = { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> };

describe("a new cohort with fewer sessions than a learner must attend", () => {
  const path = `/programmes/${PLUGIN_ID}/cohorts/new`;
  const cohort = (name: string, sessionCount: number) => ({ name, startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "12", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: String(sessionCount), sessionTime: "10:00", durationMinutes: "180" });
  const send = async (fields: Record<string, string>) => run(newCohort.action, await requestAs("ld", path, form(fields)));
  const cohortsCalled = (name: string) => db().selectFrom("cohorts").select("id").where("name", "=", name).execute();

  it("is refused beside the number of sessions and in the summary, in English and Welsh, keeping what was typed, and makes nothing", async () => {
    const { requiredSessions } = await leadershipSettings();
    expect(requiredSessions).toBe(14);
    const refused = await send(cohort("Too short to complete", 10));
    expect(refused.status).toBe(400);
    const reply = refused.data as Reply;
    expect(reply.error).toEqual({ sessionCount: ["cohortForm.errors.fewerSessionsThanRequired"] });
    expect(reply.initialValue).toMatchObject({ name: "Too short to complete", sessionCount: "10" });
    expect(await cohortsCalled("Too short to complete")).toEqual([]);

    const page = (await run(newCohort.loader, await requestAs("ld", path))).data;
    const english = decodeHtml(await renderedAfterPost(newCohort.default, page, refused.data));
    const message = "A learner must attend 14 sessions to complete Level 5, so a cohort needs at least 14 sessions: enter 14 or more, or change the sessions needed in the programme rules";
    // Once in the summary, linking to the field, and once beside it.
    expect(english.match(new RegExp(message, "g"))).toHaveLength(2);
    expect(english).toContain('href="#cohort-sessionCount"');
    expect(english).toContain('id="cohort-sessionCount-error"');
    expect(english).toContain('value="10"');
    expect(english).toContain("From 14 to 16: a learner must attend 14 sessions to complete");
    const welsh = decodeHtml(await renderedAfterPost(newCohort.default, page, refused.data, "cy"));
    expect(welsh.match(/Rhaid i ddysgwr fynychu 14 o sesiynau i gwblhau Lefel 5, felly mae angen o leiaf 14 o sesiynau ar garfan/g)).toHaveLength(2);
  });

  it("makes a cohort of exactly the sessions a learner must attend", async () => {
    const made = await send(cohort("Just enough to complete", 14));
    expect(made.status).toBe(302);
    const [{ id }] = await cohortsCalled("Just enough to complete");
    expect(await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).execute()).toHaveLength(14);
  });
});

describe("the programme rules needing more sessions than there are topics", () => {
  const path = `/programmes/${PLUGIN_ID}/settings`;
  type Page = { current: Record<string, string>; units: { id: number; title: string }[] };
  const shown = async () => (await run(settings.loader, await requestAs("ld", path))).data as Page;
  const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
  const formOf = (page: Page, changes: Record<string, string>) => ({ ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit: "", ...changes });

  it("refuses more sessions needed than the topics beside the sessions needed and in the summary, and saves nothing", async () => {
    const page = await shown();
    const before = await leadershipSettings();
    expect(before.topics).toHaveLength(16);
    const refused = await send(formOf(page, { requiredSessions: "17" }));
    expect(refused.status).toBe(400);
    const reply = refused.data as Reply;
    expect(reply.error).toEqual({ requiredSessions: ["settings.errors.moreRequiredThanTopics"] });
    expect(await leadershipSettings()).toEqual(before);

    // Fewer topics than the sessions needed is the same rule broken from the other side.
    const topicsCut = await send(formOf(page, { topics: before.topics.slice(0, 10).join("\n") }));
    expect((topicsCut.data as Reply).error).toEqual({ requiredSessions: ["settings.errors.moreRequiredThanTopics"] });
    expect(await leadershipSettings()).toEqual(before);

    const html = decodeHtml(await renderedAfterPost(settings.default, page, refused.data));
    const message = "The sessions a learner must attend cannot be more than the session topics: a new cohort has one session for each topic, so no learner could complete. Enter fewer sessions, or add topics";
    expect(html.match(new RegExp(message.replace(/\./g, "\\."), "g"))).toHaveLength(2);
    expect(html).toContain('href="#settings-requiredSessions"');
    const welsh = decodeHtml(await renderedAfterPost(settings.default, page, refused.data, "cy"));
    expect(welsh.match(/Ni all y sesiynau y mae'n rhaid i ddysgwr eu mynychu fod yn fwy na nifer y pynciau sesiwn/g)).toHaveLength(2);
  });

  it("refuses a bad number of sessions once, for its range only", async () => {
    const page = await shown();
    const refused = await send(formOf(page, { requiredSessions: "60" }));
    expect((refused.data as Reply).error).toEqual({ requiredSessions: ["settings.errors.requiredSessions"] });
  });

  it("saves as many sessions needed as there are topics", async () => {
    // The 14-session cohort made above must have finished first: raising the rule above a running
    // cohort's sessions is refused (sessions-needed-running-cohorts.test.ts).
    await holdEverySession((await cohortNamed("Just enough to complete")).id);
    const page = await shown();
    expect((await send(formOf(page, { requiredSessions: "16" }))).status).toBe(303);
    expect((await leadershipSettings()).requiredSessions).toBe(16);
  });
});
