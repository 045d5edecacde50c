// A council-only run has no key of its own (two may share a name and a date), so a second send of the
// course page's tailored-run form (a double click before the redirect arrives, a resend after a slow
// answer) made a second run, with its cohort, session and audit event, open to booking like the first. The
// form carries the one-time token its page was drawn with: the same form sent again, even at the same
// moment, makes nothing and lands on the course page, which lists the first send's run.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as coursePage from "../routes/courses.$courseId";
import { ripDb } from "../server/db.server";
import { form } from "./support";

beforeAll(seedDemo);

const path = "/programmes/research-in-practice/courses/rip-law";
const params = { courseId: "rip-law" };
const tailored = (name: string) => ({ intent: "tailored", name, startsOn: "2030-10-07", endsOn: "2030-10-07", venue: "Twice room", capacity: "8", managerApproval: "no" });
const send = async (fields: Record<string, string>) => run(coursePage.action, await requestAs("ld", path, form(fields)), params);

/** The tailored-run form's hidden fields (its token, its intent), as the page drawn for L&D posts them. */
async function drawnForm(): Promise<Record<string, string>> {
  const page = await run(coursePage.loader, await requestAs("ld", path), params);
  const forms = postForms(await renderedAfterPost(coursePage.default, page.data, null), `http://localhost${path}`);
  const tailoredForms = forms.filter((f) => f.fields.some(([name, value]) => name === "intent" && value === "tailored"));
  expect(tailoredForms).toHaveLength(1);
  const hidden = Object.fromEntries(tailoredForms[0].fields.filter(([name]) => !tailoredForms[0].visible.has(name)));
  expect(hidden.formToken).toBe((page.data as { formToken: string }).formToken);
  return hidden;
}

/** The council-only runs called `name`: their ids, and how many "created" events were audited for them. */
async function runsCalled(name: string) {
  const runs = await ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select("r.id").where("r.course_id", "=", "rip-law").where("r.tailored", "=", 1).where("c.name", "=", name).orderBy("r.id").execute();
  const ids = runs.map((r) => r.id);
  const audited = ids.length ? await db().selectFrom("audit_events").select("id").where("action", "=", "research-in-practice.tailored_run.created").where("subject_id", "in", ids).execute() : [];
  return { runs: ids.length, audited: audited.length };
}

const landedOnTheCourse = (answer: Awaited<ReturnType<typeof send>>) => {
  expect(answer.status).toBe(303);
  expect(answer.headers.get("Location")).toBe(`${path}?saved=tailored`);
};

describe("the tailored-run form sent twice", () => {
  it("makes one run, audited once, when the same form is sent twice", async () => {
    const drawn = await drawnForm();
    expect(drawn.formToken).toMatch(/^[0-9a-f-]{36}$/);
    const fields = { ...drawn, ...tailored("Law: sent twice") };
    landedOnTheCourse(await send(fields));
    landedOnTheCourse(await send(fields));
    expect(await runsCalled("Law: sent twice")).toEqual({ runs: 1, audited: 1 });
  });

  it("makes one run when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm()), ...tailored("Law: sent at once") };
    for (const answer of await Promise.all([send(fields), send(fields)])) landedOnTheCourse(answer);
    expect(await runsCalled("Law: sent at once")).toEqual({ runs: 1, audited: 1 });
  });

  it("makes another run of the same name from a new drawing of the page, on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) landedOnTheCourse(await send({ ...(await drawnForm()), ...tailored("Law: twice on purpose") }));
    expect(await runsCalled("Law: twice on purpose")).toEqual({ runs: 2, audited: 2 });
  });

  it("keeps no token of a refused form, so the corrected form makes its run", async () => {
    const drawn = await drawnForm();
    expect((await send({ ...drawn, ...tailored("Law: corrected"), capacity: "0" })).status).toBe(400);
    landedOnTheCourse(await send({ ...drawn, ...tailored("Law: corrected") }));
    expect(await runsCalled("Law: corrected")).toEqual({ runs: 1, audited: 1 });
  });

  it("gives no token to a learner, who is offered no form", async () => {
    const page = await run(coursePage.loader, await requestAs("practitioner", path), params);
    expect((page.data as { formToken: string | null }).formToken).toBeNull();
  });
});
