// A place withdrawn after L&D opened the learner's page, just before "Record completion" arrives, is not
// completed: the completion reads the place where it is written, and refuses it with the core's 409
// ("changed meanwhile"), keeping what was typed and saying why on the page, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { leadershipDb } from "../server/progress.server";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

describe("a completion for a place withdrawn since the page was shown", () => {
  it("is refused, completing nothing, and the page says why beside the numbers typed", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const path = `/programmes/leadership/cohorts/${learner.cohortId}/learners/${learner.enrolment.id}`;
    const params = { cohortId: String(learner.cohortId), enrolmentId: String(learner.enrolment.id) };
    // The page as L&D have it open; after a refusal the browser keeps it rather than load it again.
    const shown = { english: (await run(learnerPage.loader, await requestAs("ld", path), params)).data, welsh: (await run(learnerPage.loader, await requestAs("ld", `${path}?lng=cy`), params)).data };

    // A colleague withdraws the place once the page's own checks have passed, as the completion begins.
    const completed = await whenFirstRead(
      /from "leadership_completions"/,
      () => withdraw(learner.enrolment.id, "Left the council", { userId: null, personId: null }),
      () => learner.post({ intent: "complete", ilmRegistration: "ILM-GONE-1", certificateNumber: "CERT-GONE-1" }),
    );

    expect(completed.status).toBe(409);
    expect(completed.data).toMatchObject({ ok: false, form: "completion", formError: "learner.errors.noPlace", values: { ilmRegistration: "ILM-GONE-1", certificateNumber: "CERT-GONE-1" } });
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", learner.enrolment.id).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    expect(await leadershipDb().selectFrom("leadership_completions").select("enrolment_id").where("enrolment_id", "=", learner.enrolment.id).execute()).toEqual([]);
    expect(await db().selectFrom("cpd_entries").select("id").where("source", "=", "leadership").where("source_ref", "=", `enrolment:${learner.enrolment.id}`).execute()).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "leadership.completed").where("subject_id", "=", String(learner.enrolment.id)).execute()).toEqual([]);

    const english = decodeHtml(await renderedAfterPost(learnerPage.default, shown.english, completed.data));
    expect(english).toContain("This learner no longer holds a place on the cohort, so their results and completion cannot be recorded");
    expect(english).toContain('value="CERT-GONE-1"');
    const welsh = decodeHtml(await renderedAfterPost(learnerPage.default, shown.welsh, completed.data, "cy"));
    expect(welsh).toContain("Nid oes gan y dysgwr hwn le ar y garfan bellach, felly ni ellir cofnodi ei ganlyniadau na'i gwblhau");
    expect(welsh).toContain('value="ILM-GONE-1"');

    // Without JavaScript the page is drawn again after the refusal, from the place as it now stands: the
    // withdrawn learner's record, read-only, with the refusal and what was typed, not "Page not found".
    const again = await run(learnerPage.loader, await requestAs("ld", path), params);
    expect(again.status).toBe(200);
    expect(again.data).toMatchObject({ holdsPlace: false });
    const redrawn = decodeHtml(await renderedAfterPost(learnerPage.default, again.data, completed.data));
    expect(redrawn).toContain("This learner no longer holds a place on the cohort, so their results and completion cannot be recorded");
    expect(redrawn).toContain("This learner has been withdrawn from the cohort.");
    expect(redrawn).toContain("CERT-GONE-1");
    expect(redrawn).toContain("What you entered has not been recorded.");
    expect(redrawn).not.toContain("A colleague recorded the completion");
    expect(redrawn).not.toContain('name="certificateNumber"');
    expect(redrawn).not.toContain('name="result"');
  });

  it("records a unit result wholly before a withdrawal at the same moment, or refuses it after", async () => {
    const learner = await learnerOnCohortOne();
    const unit = await leadershipDb().selectFrom("leadership_units").select("id").orderBy("sequence", "desc").executeTakeFirstOrThrow();
    const saved = await whenFirstRead(
      /from "leadership_units"/,
      () => withdraw(learner.enrolment.id, "Left the council", { userId: null, personId: null }),
      () => learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-11-02", result: "refer", feedback: "" }),
    );
    const events = async (action: string) => (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("person_id", "=", learner.enrolment.person_id).orderBy("id").execute()).map((e) => e.id);
    const [withdrawal] = await events("enrolment.withdrawn");
    expect(withdrawal, "the withdrawal landed").toBeDefined();
    const results = await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").where("enrolment_id", "=", learner.enrolment.id).where("unit_id", "=", unit.id).execute();
    if (saved.status === 409) {
      expect(saved.data).toMatchObject({ ok: false, form: "unit", formError: "learner.errors.noPlace" });
      expect(results).toEqual([]);
    } else {
      // Recorded first: the result and its event came before the withdrawal, never after it.
      expect(saved.status).toBe(200);
      expect(results).toEqual([{ unit_id: unit.id }]);
      expect((await events("leadership.unit_result.recorded")).every((id) => id < withdrawal)).toBe(true);
    }
  });

  it("refuses a unit result for the withdrawn place in the same words, storing nothing", async () => {
    const learner = await learnerOnCohortOne();
    expect((await withdraw(learner.enrolment.id, "Left the council", { userId: null, personId: null })).ok).toBe(true);
    const unit = await leadershipDb().selectFrom("leadership_units").select("id").orderBy("sequence").executeTakeFirstOrThrow();
    const before = await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").where("enrolment_id", "=", learner.enrolment.id).execute();
    const saved = await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-11-02", result: "pass", feedback: "" });
    expect(saved.status).toBe(409);
    expect(saved.data).toMatchObject({ ok: false, form: "unit", formError: "learner.errors.noPlace" });
    expect(await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").where("enrolment_id", "=", learner.enrolment.id).execute()).toEqual(before);
  });
});
