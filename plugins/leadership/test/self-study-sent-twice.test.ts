// A self-study entry has no key of its own and counts towards the hours target, so a second send of the
// same form (a double click before the redirect arrives, a resend) must not log it twice. The form carries
// the one-time token its page was drawn with: the same form sent again, even at the same moment, is
// answered as saved and logs nothing, while a new drawing of the page logs another.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import { leadershipDb } from "../server/progress.server";
import { form } from "./support";

beforeAll(seedDemo);

const path = `/programmes/${PLUGIN_ID}/learning`;

/** The form's hidden fields (its token), as the page drawn for the learner posts them. */
async function drawnForm(): Promise<Record<string, string>> {
  const page = await run(learning.loader, await requestAs("manager", path));
  const forms = postForms(await renderedAfterPost(learning.default, page.data, null), `http://localhost${path}`);
  expect(forms).toHaveLength(1);
  return Object.fromEntries(forms[0].fields);
}

const entry = (activity: string, hours = "2") => ({ occurredOn: londonToday(), activity, hours, reflection: "" });
const send = async (fields: Record<string, string>) => run(learning.action, await requestAs("manager", path, form(fields)));

async function logged(activity: string) {
  const manager = await personIdOf("manager");
  return leadershipDb().selectFrom("leadership_guided_learning as g").innerJoin("enrolments as e", "e.id", "g.enrolment_id").select("g.id").where("e.person_id", "=", manager).where("g.activity", "=", activity).execute();
}

async function audited(activity: string) {
  const events = await db().selectFrom("audit_events").select("after_json").where("action", "=", "leadership.guided_learning.logged").execute();
  return events.filter((e) => JSON.parse(e.after_json!).activity === activity).length;
}

const expectSaved = (answer: Awaited<ReturnType<typeof send>>) => {
  expect(answer.status).toBe(303);
  expect(answer.headers.get("Location")).toBe(`${path}?saved=1`);
};

describe("a self-study entry sent twice", () => {
  it("is logged once when the same form is sent twice, one after the other, and both are answered as saved", async () => {
    const drawn = await drawnForm();
    expect(drawn.formToken).toMatch(/^[0-9a-f-]{36}$/);
    const fields = { ...drawn, ...entry("Reading: sent twice") };
    for (let sent = 0; sent < 2; sent++) expectSaved(await send(fields));
    expect(await logged("Reading: sent twice")).toHaveLength(1);
    expect(await audited("Reading: sent twice")).toBe(1);
  });

  it("is logged once when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm()), ...entry("Reading: sent at once") };
    const answers = await Promise.all([send(fields), send(fields)]);
    for (const answer of answers) expectSaved(answer);
    expect(await logged("Reading: sent at once")).toHaveLength(1);
    expect(await audited("Reading: sent at once")).toBe(1);
  });

  it("is logged again from a new drawing of the page, the same activity written again on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) expectSaved(await send({ ...(await drawnForm()), ...entry("Shadowing: twice on purpose") }));
    expect(await logged("Shadowing: twice on purpose")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its hours, so the corrected form saves", async () => {
    const drawn = await drawnForm();
    expect((await send({ ...drawn, ...entry("Reflective log: corrected", "30") })).status).toBe(400);
    expectSaved(await send({ ...drawn, ...entry("Reflective log: corrected") }));
    expect(await logged("Reflective log: corrected")).toHaveLength(1);
  });

  it("takes a form without a token as before tokens", async () => {
    for (let sent = 0; sent < 2; sent++) expectSaved(await send(entry("Reading: no token")));
    expect(await logged("Reading: no token")).toHaveLength(2);
  });
});
