// "Record completion" sent twice at once (a double click, two L&D colleagues) records one completion and
// refuses the other as a duplicate, rather than failing on the table's unique keys with an error page; the
// refused one comes back with the numbers typed still on the page.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { leadershipDb } from "../server/progress.server";
import { form, learnerOnCohortOne, meetEveryRequirement } from "./support";
import { renderedAfterPost } from "../../../tests/support/rendered-page";

beforeAll(seedDemo);

const completionsOf = (enrolmentId: number) => leadershipDb().selectFrom("leadership_completions").select(["enrolment_id", "certificate_number"]).where("enrolment_id", "=", enrolmentId).execute();

describe("recording a completion twice at once", () => {
  it("records it once and refuses the second as already recorded", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const both = await Promise.all([learner.post({ intent: "complete", ilmRegistration: "ILM-TWICE-1", certificateNumber: "CERT-TWICE-1" }), learner.post({ intent: "complete", ilmRegistration: "ILM-TWICE-1", certificateNumber: "CERT-TWICE-1" })]);
    // The second was changed by someone else meanwhile: the core's 409, not a mistake in what was typed.
    expect(both.map((o) => o.status).sort()).toEqual([200, 409]);
    expect(both.find((o) => o.status === 409)?.data).toMatchObject({ ok: false, form: "completion", formError: "learner.errors.already", values: { ilmRegistration: "ILM-TWICE-1", certificateNumber: "CERT-TWICE-1" } });
    expect(await completionsOf(learner.enrolment.id)).toEqual([{ enrolment_id: learner.enrolment.id, certificate_number: "CERT-TWICE-1" }]);
    const cpd = await db().selectFrom("cpd_entries").select("id").where("source", "=", "leadership").where("source_ref", "=", `enrolment:${learner.enrolment.id}`).execute();
    expect(cpd).toHaveLength(1);
  });

  it("gives one certificate number to only one of two learners completed at once", async () => {
    const first = await learnerOnCohortOne();
    const enrolments = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", first.cohortId).where("status", "=", "enrolled").orderBy("id").limit(2).execute();
    const learners = enrolments.map((enrolment) => ({
      ...first,
      enrolment,
      post: async (fields: Record<string, string>) =>
        run(learnerPage.action, await requestAs("ld", `/programmes/leadership/cohorts/${first.cohortId}/learners/${enrolment.id}`, form(fields)), { cohortId: String(first.cohortId), enrolmentId: String(enrolment.id) }),
    }));
    for (const learner of learners) await meetEveryRequirement(learner);
    const both = await Promise.all(learners.map((l) => l.post({ intent: "complete", ilmRegistration: "ILM-SHARED-1", certificateNumber: "CERT-SHARED-1" })));
    expect(both.map((o) => o.status).sort()).toEqual([200, 400]);
    expect(both.find((o) => o.status === 400)?.data).toMatchObject({ ok: false, form: "completion", errors: { certificateNumber: ["learner.errors.certificateTaken"] } });
    expect(await leadershipDb().selectFrom("leadership_completions").select("enrolment_id").where("certificate_number", "=", "CERT-SHARED-1").execute()).toHaveLength(1);
  });
});

describe("a completion a colleague recorded first", () => {
  it("shows the numbers typed, read-only and not recorded, beside the recorded ones, in both languages", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    expect((await learner.post({ intent: "complete", ilmRegistration: "ILM-FIRST-1", certificateNumber: "CERT-FIRST-1" })).status).toBe(200);
    // The second colleague's page still had the form: their numbers arrive after the first were recorded.
    const late = await learner.post({ intent: "complete", ilmRegistration: "ILM-LATE-1", certificateNumber: "CERT-LATE-1" });
    expect(late.status).toBe(409);
    expect(late.data).toMatchObject({ ok: false, form: "completion", formError: "learner.errors.already", values: { ilmRegistration: "ILM-LATE-1", certificateNumber: "CERT-LATE-1" } });
    const path = `/programmes/leadership/cohorts/${learner.cohortId}/learners/${learner.enrolment.id}`;
    const params = { cohortId: String(learner.cohortId), enrolmentId: String(learner.enrolment.id) };
    const page = await run(learnerPage.loader, await requestAs("ld", path), params);
    const english = decodeHtml(await renderedAfterPost(learnerPage.default, page.data, late.data));
    expect(english).toContain("CERT-FIRST-1");
    expect(english).toContain("A completion is already recorded for this learner");
    expect(english).toContain("What you entered</h3>");
    expect(english).toContain("so what you entered has not been recorded");
    expect(english).toContain("ILM-LATE-1");
    expect(english).toContain("CERT-LATE-1");
    const welsh = decodeHtml(await renderedAfterPost(learnerPage.default, (await run(learnerPage.loader, await requestAs("ld", `${path}?lng=cy`), params)).data, late.data, "cy"));
    expect(welsh).toContain("felly nid yw'r hyn a roesoch wedi'i gofnodi");
    expect(welsh).toContain("CERT-LATE-1");
    expect(await completionsOf(learner.enrolment.id)).toEqual([{ enrolment_id: learner.enrolment.id, certificate_number: "CERT-FIRST-1" }]);
  });
});
