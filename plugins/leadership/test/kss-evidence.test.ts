// The practice supervisor KSS statements a Level 5 completion is offered as evidence for are one of the
// programme rules, not code: REFERENCE.md confirms the numbering of statements 4 and 7 only, so those are
// the default, and L&D may change them. Offers already made keep the statements they were made for.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as settingsPage from "../routes/settings";
import { leadershipSettings } from "../server/settings.server";
import { form, learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

const path = "/programmes/leadership/settings";
type SettingsPage = { current: Record<string, string> };
const settingsShown = async (query = "") => (await run(settingsPage.loader, await requestAs("ld", path + query))).data as SettingsPage;
const saveStatements = async (statements: string, query = "") => run(settingsPage.action, await requestAs("ld", path + query, form({ ...(await settingsShown()).current, supervisorStatements: statements })));

const offersTo = async (personId: number) =>
  (await db().selectFrom("evidence_offers").select("statement_ref").where("person_id", "=", personId).where("source", "=", PLUGIN_ID).orderBy("statement_ref").execute()).map((o) => o.statement_ref);

/** The next learner on Cohort 1 completes, through the learner page's real action. */
async function completeTheNextLearner(certificate: string) {
  const learner = await learnerOnCohortOne();
  await meetEveryRequirement(learner);
  const done = await learner.post({ intent: "complete", ilmRegistration: `ILM-${certificate}`, certificateNumber: `CERT-${certificate}` });
  expect(done.data).toEqual({ ok: true, message: "learner.completed" });
  return learner.enrolment.person_id;
}

describe("the KSS statements a completion is evidence for", () => {
  it("are statements 4 and 7 by default, the two whose numbering is confirmed", async () => {
    expect((await settingsShown()).current.supervisorStatements).toBe("kss-supervisor:4\nkss-supervisor:7");
    expect(await offersTo(await completeTheNextLearner("KSS1"))).toEqual(["kss-supervisor:4", "kss-supervisor:7"]);
  });

  it("are the ones L&D set in the programme rules, and offers made before keep theirs", async () => {
    const before = await completeTheNextLearner("KSS2");
    const saved = await saveStatements("kss-supervisor:2\r\nKSS-Supervisor:5, kss-supervisor:2\n");
    expect(saved.status).toBe(303);
    expect((await settingsShown()).current.supervisorStatements).toBe("kss-supervisor:2\nkss-supervisor:5");
    const change = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("action", "=", "setting.changed").where("subject_id", "=", "leadership.supervisorStatements").executeTakeFirstOrThrow();
    expect(JSON.parse(change.after_json!)).toEqual(["kss-supervisor:2", "kss-supervisor:5"]);
    expect(await offersTo(await completeTheNextLearner("KSS3"))).toEqual(["kss-supervisor:2", "kss-supervisor:5"]);
    expect(await offersTo(before)).toEqual(["kss-supervisor:4", "kss-supervisor:7"]);
  });

  it("refuses a statement that is not a practice supervisor's 1 to 8, beside the field and in the summary, and saves nothing", async () => {
    const kept = await leadershipSettings();
    for (const bad of ["kss-supervisor:9", "kss-practitioner:1", "kss-supervisor:4\nstatement 7", " \n "]) {
      const refused = await saveStatements(bad);
      expect(refused.status, bad).toBe(400);
      expect((refused.data as { error: Record<string, string[]> }).error, bad).toEqual({ supervisorStatements: ["settings.errors.supervisorStatements"] });
    }
    expect(await leadershipSettings()).toEqual(kept);
    for (const [lng, message] of [
      ["en-GB", "Enter from 1 to 8 statements, each as kss-supervisor: and a number from 1 to 8, like kss-supervisor:4, one on each line"],
      ["cy", "Rhowch o 1 i 8 datganiad, pob un fel kss-supervisor: a rhif o 1 i 8, fel kss-supervisor:4, un ar bob llinell"],
    ] as const) {
      expect(fixedT(lng, PLUGIN_ID)("settings.errors.supervisorStatements")).toBe(message);
      const refused = await saveStatements("kss-supervisor:9", `?lng=${lng}`);
      const html = decodeHtml(await renderedAfterPost(settingsPage.default, await settingsShown(`?lng=${lng}`), refused.data, lng));
      expect(errorSummaryTargets(html), lng).toEqual(["settings-supervisorStatements"]);
      expect(html.split(message).length - 1, lng).toBe(2); // in the summary and at the field
      expect(html).toMatch(/<p id="settings-supervisorStatements-error" class="govuk-error-message">/);
      expect(html, lng).toContain("kss-supervisor:9"); // what was typed stays in the field
    }
  });
});
