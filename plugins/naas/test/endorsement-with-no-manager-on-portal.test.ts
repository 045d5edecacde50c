// A request for endorsement from someone with nobody on their line who can act on the portal would wait
// for ever with their manager. It goes to L&D instead, as the core's place requests do: the person is told
// so truthfully in both languages, L&D find it on their list of such requests (linked from their NAAS page) and may endorse, and while a manager on
// the line can act, L&D may not. Through the real loaders and actions, with Alex's line manager in HR's
// record made a person with no account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { candidate, form, shownRatings, startAfresh } from "./support";

beforeAll(seedDemo);

let alex: number;
let realManager: number;
let headOfNowhere: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  const person = await db().selectFrom("people").select(["line_manager_id", "team_id"]).where("id", "=", alex).executeTakeFirstOrThrow();
  realManager = person.line_manager_id!;
  headOfNowhere = await managerWithNoAccount(person.team_id);
});

beforeEach(async () => {
  await startAfresh(alex);
  await db().updateTable("people").set({ line_manager_id: headOfNowhere }).where("id", "=", alex).execute();
});

afterAll(async () => {
  await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
});

const home = () => import("../routes/index");
const personRoute = () => import("../routes/people.$personId");
const endorsementsRoute = () => import("../routes/endorsements");

/** The requests L&D's list of those waiting for them shows (its first page, as L&D see it). */
async function waitingForLearningTeam() {
  const page = await run((await endorsementsRoute()).loader, await requestAs("ld", "/programmes/naas/endorsements"));
  expect(page.status).toBe(200);
  return (page.data as { requests: { personId: number; track: string }[] }).requests;
}
const personPath = () => `/programmes/naas/people/${alex}?track=practitioner`;

async function alexAsks() {
  const asked = await run((await home()).action, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })));
  expect(asked.status).toBe(303);
  return asked.headers.get("Location")!;
}

describe("asking for endorsement with nobody on the line who can act on the portal", () => {
  it("tells the person L&D have been asked, not their manager, in both languages", async () => {
    const location = await alexAsks();
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: null });
    for (const locale of ["en-GB", "cy"] as const) {
      const { loader, default: Page } = await home();
      const page = (await run(loader, await requestAs("practitioner", `${location}&lng=${locale}`))).data;
      const html = decodeHtml(await renderedAfterPost(Page, page, null, locale));
      const t = fixedT(locale, "naas");
      expect(html).toContain(t("home.requestedOfLearningTeam"));
      expect(html).not.toContain(t("home.requested"));
    }
  });

  it("is listed for L&D, who may endorse it", async () => {
    await alexAsks();
    const waiting = await waitingForLearningTeam();
    expect(waiting).toContainEqual(expect.objectContaining({ personId: alex, track: "practitioner" }));

    const page = (await run((await personRoute()).loader, await requestAs("ld", personPath()), { personId: String(alex) })).data as { canEndorse: boolean; shownRatings: string };
    expect(page.canEndorse).toBe(true);
    const shown = await run((await personRoute()).loader, await requestAs("ld", personPath()), { personId: String(alex) });
    const decided = await run((await personRoute()).action, await requestAs("ld", personPath(), form({ intent: "endorse", decision: "endorsed", note: "", shownRatings: (shown.data as { shownRatings: string }).shownRatings, shownDecision: "" })), { personId: String(alex) });
    expect(decided.status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsed_by: await personIdOf("ld") });
    expect((await waitingForLearningTeam()).map((r) => r.personId)).not.toContain(alex);
  });

  it("stays with the manager, and out of L&D's hands, while a manager on the line can act", async () => {
    await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
    const location = await alexAsks();
    expect(location).toContain("of=manager");
    expect((await waitingForLearningTeam()).map((r) => r.personId)).not.toContain(alex);
    const refused = await run((await personRoute()).action, await requestAs("ld", personPath(), form({ intent: "endorse", decision: "endorsed", note: "", shownRatings: await shownRatings(alex), shownDecision: "" })), { personId: String(alex) });
    expect(refused.status).toBe(403);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: null });
  });
});
