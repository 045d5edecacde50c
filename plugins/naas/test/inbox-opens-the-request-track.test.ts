// An endorsement request in a manager's inbox opens on the request's own track. Without it the person's page
// opens on their main track, the supervisor one for someone who supervises and has begun it, so a
// supervisor's practitioner request showed the manager the wrong track to endorse. Through the team page's real loader.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import * as team from "../../../app/routes/team._index";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasPicture } from "../server/picture.server";
import { form, openAs, startAfresh } from "./support";

beforeAll(seedDemo);

let sam: number;
let role: string;

beforeAll(async () => {
  sam = await personIdOf("manager");
  role = (await db().selectFrom("people").select("role_category").where("id", "=", sam).executeTakeFirstOrThrow()).role_category;
  // A practice supervisor, in a frontline role: eligible for the practitioner track as well as the supervisor one.
  await db().updateTable("people").set({ role_category: "practice_supervisor" }).where("id", "=", sam).execute();
});

beforeEach(() => startAfresh(sam));

afterAll(async () => {
  await startAfresh(sam);
  await db().updateTable("people").set({ role_category: role }).where("id", "=", sam).execute();
});

describe("a supervisor's endorsement requests in their manager's inbox", () => {
  it("each open their page on the request's own track", async () => {
    // Eligible for both tracks, and asking on both: their page opens on the supervisor one unless told otherwise.
    const { action } = await import("../routes/index");
    for (const track of ["supervisor", "practitioner"]) {
      expect((await run(action, await requestAs("manager", "/programmes/naas", form({ track })))).status).toBe(303);
    }
    const picture = (await naasPicture(sam))!;
    expect(picture.tracks.map((e) => e.eligibility.eligible)).toEqual([true, true]);
    expect(picture.primary).toBe("supervisor");

    const inbox = ((await run(team.loader, await requestAs("serviceManager", "/team"))).data as { inbox: { personId: number; what: string; href: string }[] }).inbox;
    const items = inbox.filter((i) => i.personId === sam && i.what.startsWith("NAAS"));
    expect(items.map((i) => i.what).sort()).toEqual(["NAAS endorsement and review (practice supervisor)", "NAAS endorsement and review (practitioner)"]);
    const { loader } = await import("../routes/people.$personId");
    for (const [what, track] of [["NAAS endorsement and review (practitioner)", "practitioner"], ["NAAS endorsement and review (practice supervisor)", "supervisor"]]) {
      const item = items.find((i) => i.what === what)!;
      expect(await openAs("serviceManager", item.href)).toEqual({ status: 200, location: null });
      const url = new URL(item.href, "http://localhost");
      const page = (await run(loader, await requestAs("serviceManager", `${url.pathname}${url.search}`), { personId: String(sam) })).data as { view: { track: string }; canEndorse: boolean };
      expect({ what, track: page.view.track, canEndorse: page.canEndorse }).toEqual({ what, track, canEndorse: true });
    }
  });
});
