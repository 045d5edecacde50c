// L&D could add a council-only run to a course the provider had withdrawn: the course page still offered the
// form and the service never looked at the course's withdrawn flag, so a run bookable by a link appeared on
// a course the catalogue hides. Now the page offers no form there and says why, in English and Welsh, and a
// form sent anyway is refused with that reason (409, the page drawn again), making nothing. Whether the
// course is withdrawn is read in the transaction that writes the run, so a sync withdrawing the course after
// the action read it (the read is wrapped here to let the sync in at that moment) is seen too.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as coursePage from "../routes/courses.$courseId";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { sampleCourses } from "../server/sample-feed.server";
import { applyCourses, checkItems } from "../server/sync.server";
import { form } from "./support";

/** What happens between the action reading the course and writing its run; once. */
const race = vi.hoisted(() => ({ afterRead: undefined as (() => Promise<void>) | undefined }));

vi.mock("../server/catalogue.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../server/catalogue.server")>();
  return {
    ...real,
    courseById: async (...args: Parameters<typeof real.courseById>) => {
      const read = await real.courseById(...args);
      const meanwhile = race.afterRead;
      race.afterRead = undefined;
      if (meanwhile) await meanwhile();
      return read;
    },
  };
});

beforeAll(seedDemo);

const REFUSED = "course.errors.courseWithdrawn";
const pathOf = (courseId: string) => `/programmes/research-in-practice/courses/${courseId}`;
const tailored = (name: string) => ({ intent: "tailored", name, startsOn: "2030-10-07", endsOn: "2030-10-07", venue: "Withdrawn room", capacity: "8", managerApproval: "no" });
const send = async (courseId: string, fields: Record<string, string>) => run(coursePage.action, await requestAs("ld", pathOf(courseId), form(fields)), { courseId });
const load = async (courseId: string) => run(coursePage.loader, await requestAs("ld", pathOf(courseId)), { courseId });

/** The provider withdraws the course, applied as the sync applies it. */
async function providerWithdraws(courseId: string) {
  const course = checkItems(sampleCourses(new Date())).courses.find((c) => c.id === courseId)!;
  await ripDb()
    .transaction()
    .execute((trx) => applyCourses(trx, [{ ...course, withdrawn: true, lastModified: "2999-01-01T00:00:00.000Z" }]));
}

/** The tailored-run forms on the page as L&D get it, and the page's text. */
async function drawn(courseId: string, locale: "en-GB" | "cy" = "en-GB", actionData: unknown = null) {
  const page = await load(courseId);
  const html = await renderedAfterPost(coursePage.default, page.data, actionData, locale);
  const forms = postForms(html, `http://localhost${pathOf(courseId)}`).filter((f) => f.fields.some(([name, value]) => name === "intent" && value === "tailored"));
  return { page, forms, text: decodeHtml(html) };
}

/** The hidden fields (token, intent) of the tailored-run form the page offers now. */
async function hiddenFieldsOf(courseId: string) {
  const { forms } = await drawn(courseId);
  expect(forms).toHaveLength(1);
  return Object.fromEntries(forms[0].fields.filter(([name]) => !forms[0].visible.has(name)));
}

/** What a tailored run called `name` left behind: cohorts of that name, runs on them, and "created" events. */
async function madeCalled(name: string) {
  const cohorts = await db().selectFrom("cohorts").select("id").where("programme_id", "=", "research-in-practice").where("name", "=", name).execute();
  const ids = cohorts.map((c) => c.id);
  const runs = ids.length ? await ripDb().selectFrom("research_in_practice_runs").select("id").where("cohort_id", "in", ids).execute() : [];
  const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "research-in-practice.tailored_run.created").where("after_json", "like", `%${name}%`).execute();
  return { cohorts: cohorts.length, runs: runs.length, audited: audited.length };
}

const NOTHING = { cohorts: 0, runs: 0, audited: 0 };

describe("a council-only run on a course the provider has withdrawn", () => {
  it("is offered on the page while the course is on offer, and no longer once it is withdrawn, saying why in English and Welsh", async () => {
    expect((await drawn("rip-supervision")).forms).toHaveLength(1);
    await providerWithdraws("rip-supervision");

    const english = await drawn("rip-supervision");
    expect(english.forms).toEqual([]);
    expect((english.page.data as { formToken: string | null }).formToken).toBeNull();
    expect(english.text).toContain("The provider has withdrawn this course, so no new runs can be added.");
    const welsh = await drawn("rip-supervision", "cy");
    expect(welsh.forms).toEqual([]);
    expect(welsh.text).toContain("Mae'r darparwr wedi tynnu'r cwrs hwn yn ôl, felly nid oes modd ychwanegu cyflwyniadau newydd.");
  });

  it("is refused with the reason when a form drawn before the withdrawal is sent, making nothing", async () => {
    const hidden = await hiddenFieldsOf("rip-adolescents");
    await providerWithdraws("rip-adolescents");

    const answer = await send("rip-adolescents", { ...hidden, ...tailored("Adolescents: after withdrawal") });
    expect(answer.status).toBe(409);
    expect(answer.data).toEqual({ intent: "tailored", error: REFUSED });
    expect(await madeCalled("Adolescents: after withdrawal")).toEqual(NOTHING);
    // Fields left wrong are refused for the withdrawal too: the page drawn again has no form for their errors.
    expect((await send("rip-adolescents", { ...hidden, ...tailored("Adolescents: wrong"), capacity: "0" })).data).toEqual({ intent: "tailored", error: REFUSED });

    const again = await drawn("rip-adolescents", "en-GB", answer.data);
    expect(again.forms).toEqual([]);
    expect(again.text).toContain('class="govuk-error-summary"');
    expect(again.text).toContain("The provider has withdrawn this course, so no new run can be added");
    expect((await drawn("rip-adolescents", "cy", answer.data)).text).toContain("Mae'r darparwr wedi tynnu'r cwrs hwn yn ôl, felly nid oes modd ychwanegu cyflwyniad newydd");
  });

  it("is refused when the sync withdraws the course after the action read it, keeping nothing, not even the form's token", async () => {
    const hidden = await hiddenFieldsOf("rip-law");
    race.afterRead = () => providerWithdraws("rip-law");
    const answer = await send("rip-law", { ...hidden, ...tailored("Law: withdrawn meanwhile") });
    expect(race.afterRead).toBeUndefined();
    expect((await courseById("rip-law"))?.withdrawn).toBe(1);

    expect(answer.status).toBe(409);
    expect(answer.data).toEqual({ intent: "tailored", error: REFUSED });
    expect(await madeCalled("Law: withdrawn meanwhile")).toEqual(NOTHING);
    expect(await db().selectFrom("submitted_forms").select("token").where("token", "=", hidden.formToken).execute()).toEqual([]);
  });

  it("is refused by the service itself, whoever calls it", async () => {
    await providerWithdraws("rip-analysis");
    const course = (await courseById("rip-analysis"))!;
    await expect(createTailoredRun(course, { name: "Analysis: by the service", startsOn: "2030-10-07", endsOn: "2030-10-07", venue: "Hall", capacity: 5, managerApproval: false }, SYSTEM_ACTOR)).rejects.toThrow(/withdrawn/);
    expect(await madeCalled("Analysis: by the service")).toEqual(NOTHING);
  });

  it("is still made on a course on offer", async () => {
    const answer = await send("rip-voice", { ...(await hiddenFieldsOf("rip-voice")), ...tailored("Voice: on offer") });
    expect(answer.status).toBe(303);
    expect(await madeCalled("Voice: on offer")).toEqual({ cohorts: 1, runs: 1, audited: 1 });
  });
});
