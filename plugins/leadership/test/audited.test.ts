// Every Level 5 change and its audit event are written in one transaction: when the audit cannot be
// written, nothing of the change is stored. On a real migrated database, through the real code.
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../../app/utils/london-time";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import * as learning from "../routes/learning";
import * as settingsPage from "../routes/settings";
import { leadershipDb, units } from "../server/progress.server";
import { saveUnits } from "../server/units.server";
import { form, learnerOnCohortOne } from "./support";

beforeAll(seedDemo);

describe("while the audit cannot be written", () => {
  it("stores no guided-learning entry", async () => {
    const manager = await personIdOf("manager");
    const entries = () => leadershipDb().selectFrom("leadership_guided_learning as g").innerJoin("enrolments as e", "e.id", "g.enrolment_id").select("g.id").where("e.person_id", "=", manager).execute();
    const before = await entries();
    const request = await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: londonToday(), activity: "Reading while the audit is down", hours: "1" }));
    expect(await failsWhileAuditFails(() => run(learning.action, request))).toBe(true);
    expect(await entries()).toEqual(before);
  });

  it("stores no unit result and sends no notice", async () => {
    const learner = await learnerOnCohortOne();
    const unit = learner.units[0];
    const stored = () => leadershipDb().selectFrom("leadership_unit_results").selectAll().where("enrolment_id", "=", learner.enrolment.id).execute();
    const notices = () => leadershipDb().selectFrom("notices").select("id").where("person_id", "=", learner.enrolment.person_id).execute();
    const [resultsBefore, noticesBefore] = [await stored(), await notices()];
    const path = `/programmes/leadership/cohorts/${learner.cohortId}/learners/${learner.enrolment.id}`;
    const request = await requestAs("ld", path, form({ intent: "unit", unit: String(unit.id), submittedOn: "2026-01-05", result: "refer", feedback: "Written while the audit is down" }));
    const params = { cohortId: String(learner.cohortId), enrolmentId: String(learner.enrolment.id) };
    expect(await failsWhileAuditFails(() => run(learnerPage.action, request, params))).toBe(true);
    expect(await stored()).toEqual(resultsBefore);
    expect(await notices()).toEqual(noticesBefore);
  });

  it("keeps the settings page's rules unsaved when its new unit cannot be audited: the form is saved whole or not at all", async () => {
    const path = "/programmes/leadership/settings";
    const page = (await run(settingsPage.loader, await requestAs("ld", path))).data as { current: Record<string, string>; units: { id: number; title: string }[] };
    const sent = form({ ...page.current, requiredSessions: String(Number(page.current.requiredSessions) - 1), newUnit: "Added as its audit fails" });
    expect(await failsWhileAuditFails(async () => run(settingsPage.action, await requestAs("ld", path, sent)), "leadership.unit.added")).toBe(true);
    expect((await run(settingsPage.loader, await requestAs("ld", path))).data).toEqual(page);
  });

  it("renames no unit and adds none", async () => {
    const before = await units();
    const actor = { userId: null, personId: await personIdOf("ld") };
    const renamed = new Map([[before[0].id, "Renamed while the audit is down"]]);
    expect(await failsWhileAuditFails(() => saveUnits(renamed, "Added while the audit is down", actor))).toBe(true);
    expect(await units()).toEqual(before);
  });
});
