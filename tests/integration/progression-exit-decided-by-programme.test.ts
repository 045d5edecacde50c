// A programme that moves people on from a stage itself (a passed ASYE makes a social worker) decides that
// move, not the progression panel: while the ASYE plugin is enabled, an ASYE social worker cannot ask the
// panel to move them, and the panel cannot approve a request they made before. With the plugin switched
// off, the panel decides as for any other stage. Through the real loaders and actions on a seeded database.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as panelDecision from "../../app/routes/admin.progression.$requestId";
import * as myPathway from "../../app/routes/me.pathway";
import * as managerDecision from "../../app/routes/team.progression.$requestId";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";
import { ask, clearRequests, get, latestRequest, post } from "./pathway-support";

const ASYE = "asye";
const ASYE_STAGE = "asye_social_worker";

beforeAll(seedDemo);

type Reply = { error: Record<string, string[]> };
type PathwayPage = { exitDecided: { programme: string; stage: string } | null; targets: { value: string }[] };

const stageOf = async (personId: number) => (await db().selectFrom("people").select("career_stage").where("id", "=", personId).executeTakeFirstOrThrow()).career_stage;
const movesOf = async (personId: number) => db().selectFrom("career_stage_history").select("stage_code").where("person_id", "=", personId).where("source", "=", "progression").execute();

/** Jordan's request, supported by their line manager, so it waits for the panel. */
async function requestAwaitingPanel(jordan: number) {
  expect((await ask(ASYE, "social_worker", "My year is going well.")).status).toBe(302);
  const request = await latestRequest(jordan);
  if (request.status === "awaiting_manager") {
    const supported = await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "yes", note: "Ready." }), { requestId: String(request.id) });
    expect(supported.status).toBe(302);
  }
  expect((await latestRequest(jordan)).status).toBe("awaiting_panel");
  return request.id;
}

describe("a stage whose exit a programme decides", () => {
  let jordan: number;
  beforeEach(async () => {
    jordan = await personIdOf(ASYE);
    await db().updateTable("people").set({ career_stage: ASYE_STAGE }).where("id", "=", jordan).execute();
    await db().deleteFrom("career_stage_history").where("person_id", "=", jordan).where("source", "=", "progression").execute();
    await clearRequests(jordan);
  });
  afterEach(() => setPluginEnabled("asye", true, SYSTEM_ACTOR));

  it("refuses an ASYE social worker's request to the panel, naming the programme, and offers no form", async () => {
    const refused = await ask(ASYE, "social_worker");
    expect(refused.status).toBe(409);
    expect((refused.data as Reply).error[""]).toEqual(["pathway.errors.exitDecided"]);
    expect(await db().selectFrom("progression_requests").selectAll().where("person_id", "=", jordan).execute()).toEqual([]);

    // They may still explore the stages, but the page says why there is nothing to ask for.
    const page = (await run(myPathway.loader, await get(ASYE, "/me/pathway?stage=senior_practitioner"))).data as PathwayPage;
    expect(page.exitDecided).toEqual({ programme: "Assessed and Supported Year in Employment (ASYE)", stage: "ASYE social worker" });
    const html = await renderedAfterPost(myPathway.default, page, refused.data);
    const message = "Your move on from ASYE social worker follows the decision of your Assessed and Supported Year in Employment (ASYE), so you cannot ask the progression panel for it";
    expect(html).toContain('class="govuk-error-summary"');
    expect(html.split(message).length - 1).toBe(2); // in the error summary and in place of the form
    expect(html).not.toContain('name="statement"');
    const welsh = (await run(myPathway.loader, await get(ASYE, "/me/pathway?lng=cy"))).data as PathwayPage;
    expect(await renderedAfterPost(myPathway.default, welsh, refused.data, "cy")).toContain("Byddwch yn symud ymlaen o Gweithiwr cymdeithasol ASYE yn dilyn penderfyniad eich Blwyddyn Asesedig â Chymorth mewn Cyflogaeth (ASYE)");
  });

  it("refuses the panel's approval of a request made while the programme was off, and changes nothing", async () => {
    await setPluginEnabled("asye", false, SYSTEM_ACTOR);
    const id = await requestAwaitingPanel(jordan);
    await setPluginEnabled("asye", true, SYSTEM_ACTOR);
    const params = { requestId: String(id) };

    const review = (await run(panelDecision.loader, await get("ld", `/admin/progression/${id}`), params)).data as { exitDecided: { name: string } | null };
    expect(review.exitDecided).toMatchObject({ name: "Jordan Evans", programme: "Assessed and Supported Year in Employment (ASYE)" });
    const refused = await run(panelDecision.action, await post("ld", `/admin/progression/${id}`, { decision: "approve", note: "Doing well." }), params);
    expect(refused.status).toBe(409);
    expect((refused.data as Reply).error[""]).toEqual(["progression.errors.exitDecided"]);
    const html = await renderedAfterPost(panelDecision.default, review, refused.data);
    expect(html).toContain("Jordan Evans&#x27;s move on from ASYE social worker follows the decision of their Assessed and Supported Year in Employment (ASYE), so the panel cannot approve this request.");
    expect(html).not.toContain('value="approve"');
    expect(await latestRequest(jordan)).toMatchObject({ status: "awaiting_panel", panel_decided_at: null });
    expect(await stageOf(jordan)).toBe(ASYE_STAGE);
    expect(await movesOf(jordan)).toEqual([]);

    // The panel may still decline it, which takes it off their list.
    const declined = await run(panelDecision.action, await post("ld", `/admin/progression/${id}`, { decision: "decline", note: "Your ASYE decides this." }), params);
    expect(declined.headers.get("Location")).toBe("/admin/progression?decided=declined");
    expect(await stageOf(jordan)).toBe(ASYE_STAGE);
  });

  it("lets the panel move them as before while the ASYE plugin is switched off", async () => {
    await setPluginEnabled("asye", false, SYSTEM_ACTOR);
    const page = (await run(myPathway.loader, await get(ASYE, "/me/pathway"))).data as PathwayPage;
    expect(page.exitDecided).toBeNull();
    expect(page.targets.map((t) => t.value)).toContain("social_worker");
    const id = await requestAwaitingPanel(jordan);
    const approved = await run(panelDecision.action, await post("ld", `/admin/progression/${id}`, { decision: "approve", note: "Doing well." }), { requestId: String(id) });
    expect(approved.headers.get("Location")).toBe("/admin/progression?decided=approved");
    expect(await stageOf(jordan)).toBe("social_worker");
    expect(await movesOf(jordan)).toEqual([{ stage_code: "social_worker" }]);
  });
});
