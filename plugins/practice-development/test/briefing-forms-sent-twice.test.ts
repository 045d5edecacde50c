// A new briefing and a new session cohort have no key of their own to meet on, so each form carries the
// one-time token its page was drawn with: the same form sent twice (a double click, a resend) creates and
// audits once, even at the same moment, and the second send lands where the first did, on what it created
// (sent-again-lands-on-record.test.ts has more of that); a new drawing of the page creates again. A form refused, before its save or in it, keeps its
// token unclaimed and is shown again with it, as is the briefing form after its "Show teams" step, so the
// corrected form creates, once.
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import { pdDb } from "../server/db.server";
import { createBriefing, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";
const NEW_BRIEFING = `${BASE}/briefings/new`;
const NEW_SESSION = `${BASE}/briefings/sessions/new`;

type Page = { loader: Parameters<typeof run>[0]; action: Parameters<typeof run>[0]; default: ComponentType };
type Fields = Record<string, string | string[]>;

/** The token the page's form sends, as L&D's browser would post it from the page drawn from `loaderData` (and `actionData`, after a post). */
async function tokenSent(page: Page, path: string, loaderData: unknown, actionData: unknown = null) {
  const [form] = postForms(await renderedAfterPost(page.default, loaderData, actionData), `http://localhost${path}`);
  return Object.fromEntries(form.fields).formToken;
}

/** A drawing of the page for L&D: the token its form carries, which must be the one the loader drew it with. */
async function drawnForm(page: Page, path: string) {
  const { data } = await run(page.loader, await requestAs("ld", path));
  const formToken = await tokenSent(page, path, data);
  expect(formToken, "the page's form carries the token it was drawn with").toBe((data as { formToken: string }).formToken);
  expect(formToken).toMatch(/^[0-9a-f-]{36}$/);
  return { formToken };
}

/** The page as a browser without JavaScript gets it after a post: drawn afresh by the loader, with the action's answer. */
async function redrawnAfter(page: Page, path: string, answer: Outcome) {
  const { data } = await run(page.loader, await requestAs("ld", path));
  return tokenSent(page, path, data, answer.data);
}

const send = async (page: Page, path: string, fields: Fields) => run(page.action, await requestAs("ld", path, post(fields)));
const auditEvents = async (action: string, subjectIds: number[]) =>
  (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "in", subjectIds.length ? subjectIds.map(String) : ["none"]).execute()).length;
const redirectedTo = (answer: Outcome) => {
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  return answer.headers.get("Location");
};

beforeAll(async () => {
  await seedDemo();
});

describe("a new briefing", () => {
  const briefing = (title: string) => ({ title, summary: "What to know", linkUrl: "https://intranet.example.org/twice", delivery: "read" });
  const briefingsTitled = async (title: string) => (await pdDb().selectFrom("practice_development_briefings").select("id").where("title", "=", title).orderBy("id").execute()).map((r) => r.id);

  it("is created and audited once when the same form is sent twice, the second sent to the briefing the first created", async () => {
    const fields = { ...(await drawnForm(newBriefing, NEW_BRIEFING)), ...briefing("Created twice") };
    const first = redirectedTo(await send(newBriefing, NEW_BRIEFING, fields));
    const second = redirectedTo(await send(newBriefing, NEW_BRIEFING, fields));
    const ids = await briefingsTitled("Created twice");
    expect(ids).toHaveLength(1);
    expect([first, second]).toEqual([`${BASE}/briefings/${ids[0]}?saved=created`, `${BASE}/briefings/${ids[0]}?saved=created`]);
    expect(await auditEvents("practice-development.briefing.created", ids)).toBe(1);
    expect(await pdDb().selectFrom("practice_development_briefing_versions").select("version").where("briefing_id", "=", ids[0]).execute()).toHaveLength(1);
  });

  it("is created once when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm(newBriefing, NEW_BRIEFING)), ...briefing("Created at once") };
    (await Promise.all([send(newBriefing, NEW_BRIEFING, fields), send(newBriefing, NEW_BRIEFING, fields)])).forEach(redirectedTo);
    const ids = await briefingsTitled("Created at once");
    expect(ids).toHaveLength(1);
    expect(await auditEvents("practice-development.briefing.created", ids)).toBe(1);
  });

  it("is created again from a new drawing of the page, two briefings of the same title on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) redirectedTo(await send(newBriefing, NEW_BRIEFING, { ...(await drawnForm(newBriefing, NEW_BRIEFING)), ...briefing("Created again") }));
    expect(await briefingsTitled("Created again")).toHaveLength(2);
  });

  it("keeps no token of a refused form, shown again with it, so the corrected form creates, once", async () => {
    const drawn = await drawnForm(newBriefing, NEW_BRIEFING);
    const refused = await send(newBriefing, NEW_BRIEFING, { ...drawn, ...briefing("Corrected briefing"), linkUrl: "" });
    expect(refused.status).toBe(400);
    expect(await redrawnAfter(newBriefing, NEW_BRIEFING, refused)).toBe(drawn.formToken);
    for (let again = 0; again < 2; again++) redirectedTo(await send(newBriefing, NEW_BRIEFING, { ...drawn, ...briefing("Corrected briefing") }));
    expect(await briefingsTitled("Corrected briefing")).toHaveLength(1);
  });

  it("carries its token through the \"Show teams\" step, so the form sent before the step and after it create once", async () => {
    const locality = await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").executeTakeFirstOrThrow();
    const drawn = await drawnForm(newBriefing, NEW_BRIEFING);
    const step = await send(newBriefing, NEW_BRIEFING, { ...drawn, ...briefing("Stepped briefing"), showTeamsIn: String(locality.id), intent: "showTeams" });
    expect(step.status, JSON.stringify(step.data)).toBe(200);
    const afterStep = await redrawnAfter(newBriefing, NEW_BRIEFING, step);
    expect(afterStep).toBe(drawn.formToken);
    const first = redirectedTo(await send(newBriefing, NEW_BRIEFING, { formToken: afterStep, ...briefing("Stepped briefing") }));
    expect(redirectedTo(await send(newBriefing, NEW_BRIEFING, { ...drawn, ...briefing("Stepped briefing") }))).toBe(first);
    expect(await briefingsTitled("Stepped briefing")).toHaveLength(1);
  });

  it("is taken from a form without a token as before tokens", async () => {
    for (let sent = 0; sent < 2; sent++) redirectedTo(await send(newBriefing, NEW_BRIEFING, briefing("Sent without a token")));
    expect(await briefingsTitled("Sent without a token")).toHaveLength(2);
  });
});

describe("a new session cohort", () => {
  let sessionBriefing = 0;
  let readBriefing = 0;
  const cohort = (name: string, fields: Fields = {}) => ({ kind: "briefing", briefing: String(sessionBriefing), name, firstDate: inDays(20), time: "10:00", durationMinutes: "90", days: "2", capacity: "5", ...fields });
  const cohortsNamed = async (name: string) => (await db().selectFrom("cohorts").select("id").where("name", "=", name).orderBy("id").execute()).map((r) => r.id);

  beforeAll(async () => {
    sessionBriefing = await createBriefing({ delivery: "session", title: "Briefing in person, sent twice" });
    readBriefing = await createBriefing({ delivery: "read", title: "Briefing to read, sent twice" });
  });

  it("is created and audited once when the same form is sent twice, the second sent to the cohort the first created", async () => {
    const fields = { ...(await drawnForm(newSession, NEW_SESSION)), ...cohort("Session sent twice") };
    const first = redirectedTo(await send(newSession, NEW_SESSION, fields));
    const second = redirectedTo(await send(newSession, NEW_SESSION, fields));
    const ids = await cohortsNamed("Session sent twice");
    expect(ids).toHaveLength(1);
    expect([first, second]).toEqual([`${BASE}/briefings/sessions/${ids[0]}?saved=1`, `${BASE}/briefings/sessions/${ids[0]}?saved=1`]);
    expect(await auditEvents("cohort.created", ids)).toBe(1);
    expect(await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", ids[0]).execute()).toHaveLength(2);
  });

  it("sends a Signs of Safety stage's second send to the stage's cohort the first created", async () => {
    const fields = { ...(await drawnForm(newSession, NEW_SESSION)), ...cohort("Stage sent twice", { kind: "sos_intro", briefing: "" }) };
    const first = redirectedTo(await send(newSession, NEW_SESSION, fields));
    expect(redirectedTo(await send(newSession, NEW_SESSION, fields))).toBe(first);
    const ids = await cohortsNamed("Stage sent twice");
    expect(ids).toHaveLength(1);
    expect(first).toBe(`${BASE}/briefings/sessions/${ids[0]}?saved=1`);
  });

  it("is created once when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm(newSession, NEW_SESSION)), ...cohort("Session sent at once") };
    (await Promise.all([send(newSession, NEW_SESSION, fields), send(newSession, NEW_SESSION, fields)])).forEach(redirectedTo);
    const ids = await cohortsNamed("Session sent at once");
    expect(ids).toHaveLength(1);
    expect(await auditEvents("cohort.created", ids)).toBe(1);
  });

  it("is created again from a new drawing of the page, two cohorts of the same name on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) redirectedTo(await send(newSession, NEW_SESSION, { ...(await drawnForm(newSession, NEW_SESSION)), ...cohort("Session made again") }));
    expect(await cohortsNamed("Session made again")).toHaveLength(2);
  });

  it("keeps no token of a form refused in the transaction that claims it, shown again with it, so the corrected form creates, once", async () => {
    const drawn = await drawnForm(newSession, NEW_SESSION);
    // The briefing's delivery is read under the lock the save takes, after the token is claimed: the refusal undoes the claim.
    const refused = await send(newSession, NEW_SESSION, { ...drawn, ...cohort("Corrected session", { briefing: String(readBriefing) }) });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({ briefing: "sessions.errors.notSessionBriefing" });
    expect(await redrawnAfter(newSession, NEW_SESSION, refused)).toBe(drawn.formToken);
    for (let again = 0; again < 2; again++) redirectedTo(await send(newSession, NEW_SESSION, { ...drawn, ...cohort("Corrected session") }));
    expect(await cohortsNamed("Corrected session")).toHaveLength(1);
  });
});
