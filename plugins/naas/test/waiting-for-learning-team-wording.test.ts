// A request L&D decide (nobody on the person's line can act on the portal) waits for L&D, and every page
// that says where it stands says so: the stage on the person's NAAS page and on L&D's page about them, and
// the endorsement item of their readiness on /me, in both languages. While a manager on the line can act,
// the wording stays the manager's. Through the real loaders, with Alex's line manager made a person with no account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { form, startAfresh } from "./support";

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

beforeEach(() => startAfresh(alex));

afterAll(async () => {
  await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
});

const home = () => import("../routes/index");
const personRoute = () => import("../routes/people.$personId");
const setLineManager = (id: number) => db().updateTable("people").set({ line_manager_id: id }).where("id", "=", alex).execute();

/** A readiness reason worded with any date: the date the request was made is not what is tested here. */
const ANY_DATE = "<date>";
const reasonPattern = (worded: string) => new RegExp(`^${worded.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(ANY_DATE, "[^;]+")}$`);

type TrackPage = { tracks: { track: string; stageName: string }[] };

/** Alex asks for endorsement on the practitioner track, through the home page's action. */
async function alexAsks() {
  expect((await run((await home()).action, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })))).status).toBe(303);
}

/** What each page says of Alex's request, in `locale`: their own page (as rendered), L&D's page about them, and /me. */
async function wordingIn(locale: "en-GB" | "cy") {
  const { loader, default: Page } = await home();
  const own = (await run(loader, await requestAs("practitioner", `/programmes/naas?lng=${locale}`))).data as TrackPage;
  const ownHtml = decodeHtml(await renderedAfterPost(Page, own, null, locale));
  const theirs = (await run((await personRoute()).loader, await requestAs("ld", `/programmes/naas/people/${alex}?track=practitioner&lng=${locale}`), { personId: String(alex) })).data as { view: { stageName: string } };
  const readiness = ((await run(me.loader, await requestAs("practitioner", `/me?lng=${locale}`))).data as { readiness: { source: string; requirementId: string; reason: string }[] }).readiness;
  return {
    own: own.tracks.find((v) => v.track === "practitioner")!.stageName,
    ownHtml,
    theirs: theirs.view.stageName,
    readiness: readiness.find((i) => i.source === "naas" && i.requirementId === "endorsement")!.reason,
  };
}

describe("the stage of an endorsement request", () => {
  it("says it waits for learning and development when nobody on the line can act on the portal, in both languages", async () => {
    await setLineManager(headOfNowhere);
    await alexAsks();
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, "naas");
      const said = await wordingIn(locale);
      expect(said.own).toBe(t("stages.requestedOfLearningTeam"));
      expect(said.theirs).toBe(t("stages.requestedOfLearningTeam"));
      expect(said.ownHtml).toContain(t("stages.requestedOfLearningTeam"));
      expect(said.ownHtml).not.toContain(t("stages.requested"));
      expect(said.readiness).toMatch(reasonPattern(t("readiness.endorsement.requestedOfLearningTeam", { date: ANY_DATE })));
    }
  });

  it("says it waits for the manager while a manager on the line can act", async () => {
    await setLineManager(realManager);
    await alexAsks();
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, "naas");
      const said = await wordingIn(locale);
      expect(said.own).toBe(t("stages.requested"));
      expect(said.theirs).toBe(t("stages.requested"));
      expect(said.readiness).toMatch(reasonPattern(t("readiness.endorsement.requested", { date: ANY_DATE })));
    }
  });
});
