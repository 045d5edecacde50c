// A first line manager asking for a place on a cohort that needs approval, with nobody above them who can
// act on the portal: the core sends the request to L&D, and the Level 5 page says so rather than telling
// them it has gone to a manager who will never see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as home from "../routes/index";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import { form, withoutLevel5Places } from "./support";

let asker: number;
let realManager: number | null;

const approvalCohort = (name: string) =>
  createCohort(
    { programmeId: PLUGIN_ID, name, startsOn: "2031-03-03", endsOn: "2031-09-01", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2031-03-03", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );

// One place a person: each test asks afresh, with the demo's place (and the earlier test's request) given up.
const ask = async (cohortId: number) => (await withoutLevel5Places(asker), await run(home.action, await requestAs("manager", "/programmes/leadership", form({ intent: "request", cohort: String(cohortId) })))).data as { ok: boolean; message: string };

beforeAll(async () => {
  await seedDemo();
  asker = await personIdOf("manager");
  const person = await db().selectFrom("people").select(["line_manager_id", "team_id"]).where("id", "=", asker).executeTakeFirstOrThrow();
  realManager = person.line_manager_id;
});

afterAll(async () => {
  await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", asker).execute();
});

describe("a Level 5 place request", () => {
  it("says it has gone to the manager when one above the asker can act", async () => {
    expect(await ask(await approvalCohort("Approval with a manager"))).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.requested` });
  });

  it("says it has gone to learning and development when nobody above the asker can act on the portal", async () => {
    const team = await db().selectFrom("people").select("team_id").where("id", "=", asker).executeTakeFirstOrThrow();
    await db().updateTable("people").set({ line_manager_id: await managerWithNoAccount(team.team_id) }).where("id", "=", asker).execute();
    const outcome = await ask(await approvalCohort("Approval with nobody on the portal"));
    expect(outcome).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.requestedToLearningTeam` });
    expect(fixedT("en-GB", PLUGIN_ID)(outcome.message)).toBe("No manager on your line uses the portal, so your request has gone to learning and development.");
    expect(fixedT("cy", PLUGIN_ID)(outcome.message)).toBe("Nid oes rheolwr ar eich llinell yn defnyddio'r porth, felly mae eich cais wedi mynd at y tîm dysgu a datblygu.");
  });
});
