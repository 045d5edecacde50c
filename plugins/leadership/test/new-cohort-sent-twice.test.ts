// A new cohort has no key of its own (two may share a name), so a second send of the same form (a double
// click before the redirect arrives, a resend after a slow answer) made a second cohort with all its
// sessions, open to learners like the first. The form carries the one-time token its page was drawn with:
// the same form sent again, even at the same moment, makes nothing and lands on the cohort the first send
// made; a new drawing of the page makes another.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as newCohort from "../routes/cohorts.new";
import { leadershipSettings } from "../server/settings.server";
import { form } from "./support";

beforeAll(seedDemo);

const path = `/programmes/${PLUGIN_ID}/cohorts/new`;
const cohort = (name: string, sessionCount = "16") => ({ name, startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "12", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount, sessionTime: "10:00", durationMinutes: "180" });
const send = async (fields: Record<string, string>) => run(newCohort.action, await requestAs("ld", path, form(fields)));

/** The form's hidden fields (its token), as the page drawn for L&D posts them. */
async function drawnForm(): Promise<Record<string, string>> {
  const page = await run(newCohort.loader, await requestAs("ld", path));
  const forms = postForms(await renderedAfterPost(newCohort.default, page.data, null), `http://localhost${path}`);
  expect(forms).toHaveLength(1);
  const hidden = Object.fromEntries(forms[0].fields.filter(([name]) => !forms[0].visible.has(name)));
  expect(hidden.formToken).toBe((page.data as { formToken: string }).formToken);
  return hidden;
}

async function cohortsCalled(name: string) {
  const cohorts = await db().selectFrom("cohorts").select("id").where("programme_id", "=", PLUGIN_ID).where("name", "=", name).orderBy("id").execute();
  const sessions = await Promise.all(cohorts.map(async (c) => (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", c.id).execute()).length));
  const audited = cohorts.length ? await db().selectFrom("audit_events").select("subject_id").where("action", "=", "cohort.created").where("subject_id", "in", cohorts.map((c) => String(c.id))).execute() : [];
  return { ids: cohorts.map((c) => c.id), sessions, audited: audited.length };
}

const madeCohort = (answer: Awaited<ReturnType<typeof send>>) => {
  expect(answer.status).toBe(302);
  const location = answer.headers.get("Location") ?? "";
  expect(location).toMatch(new RegExp(`^/programmes/${PLUGIN_ID}/cohorts/\\d+\\?created=1$`));
  return Number(location.split("/")[4].split("?")[0]);
};

const landedOn = (answer: Awaited<ReturnType<typeof send>>, id: number) => {
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}/cohorts/${id}?created=1`);
};

describe("the new cohort form sent twice", () => {
  it("makes one cohort with its sessions when the same form is sent twice, and the second send lands on the cohort the first made", async () => {
    const drawn = await drawnForm();
    expect(drawn.formToken).toMatch(/^[0-9a-f-]{36}$/);
    const fields = { ...drawn, ...cohort("Sent twice") };
    const id = madeCohort(await send(fields));
    landedOn(await send(fields), id);
    expect(await cohortsCalled("Sent twice")).toEqual({ ids: [id], sessions: [16], audited: 1 });
  });

  it("makes one cohort when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm()), ...cohort("Sent at once") };
    const answers = await Promise.all([send(fields), send(fields)]);
    const { ids } = await cohortsCalled("Sent at once");
    expect(ids).toHaveLength(1);
    // The second waits for the first's token to be claimed, then lands on the cohort it made.
    for (const answer of answers) landedOn(answer, ids[0]);
  });

  it("makes another cohort of the same name from a new drawing of the page, on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) madeCohort(await send({ ...(await drawnForm()), ...cohort("Twice on purpose") }));
    expect((await cohortsCalled("Twice on purpose")).ids).toHaveLength(2);
  });

  it("keeps no token of a refused form, so the corrected form makes its cohort", async () => {
    const drawn = await drawnForm();
    const { requiredSessions } = await leadershipSettings();
    expect((await send({ ...drawn, ...cohort("Corrected", String(requiredSessions - 1)) })).status).toBe(400);
    madeCohort(await send({ ...drawn, ...cohort("Corrected") }));
    expect((await cohortsCalled("Corrected")).ids).toHaveLength(1);
  });

  it("takes a form without a token as before tokens", async () => {
    for (let sent = 0; sent < 2; sent++) madeCohort(await send(cohort("No token")));
    expect((await cohortsCalled("No token")).ids).toHaveLength(2);
  });
});
