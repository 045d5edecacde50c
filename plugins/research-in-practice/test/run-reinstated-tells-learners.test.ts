// When the provider offers a withdrawn run again, the learners whose bookings stand again are told on /me,
// in English and Welsh, once: a sync run again with the same data tells nobody. Only a booking stands
// again (the withdrawal closed the requests and waiting list), so only those booked are told; a learner who
// cancelled while it was withdrawn is not, nor is anyone on a run that was never withdrawn. Through the real
// sync (msw standing in for the provider).
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace, withdraw } from "../../../app/services/enrolment.server";
import { formatValues } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const asSystem = { userId: null, personId: null };
const HREF = "/programmes/research-in-practice/courses/back-again";
const runOn = (startsOn: string) => ({ id: "back-again-run", startsOn, endsOn: startsOn, venue: "Civic Offices", capacity: 2, managerApproval: false });
const offered = (modified: string, withdrawn: boolean, startsOn = "2031-09-01") => course("back-again", modified, { title: "Back-again course", withdrawn, runs: [runOn(startsOn)] });
const noticesOn = (key: string) => db().selectFrom("notices").select(["person_id", "message_key", "values_json"]).where("message_key", "=", key).where("href", "=", HREF).orderBy("id").execute();

describe("a withdrawn run the provider offers again", () => {
  let booked: number;
  let cancelled: number;
  let waiting: number;

  beforeAll(async () => {
    serve([[offered("2031-03-01T00:00:00Z", false)]]);
    await sync();
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "back-again-run").executeTakeFirstOrThrow();
    [booked, cancelled, waiting] = (await db().selectFrom("people").select("id").orderBy("id").limit(3).execute()).map((p) => p.id);
    // Two booked (the run's two places), one waiting.
    for (const personId of [booked, cancelled, waiting]) expect((await requestPlace({ cohortId: cohort_id, personId, actor: asSystem, direct: true })).ok).toBe(true);
    serve([[offered("2031-03-02T00:00:00Z", true)]]);
    await sync();
    expect(await noticesOn("notices.runWithdrawn.enrolled")).toHaveLength(2);
    // One booked learner gives up their place while the run is withdrawn.
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", cancelled).executeTakeFirstOrThrow();
    expect((await withdraw(place.id, null, asSystem, { promote: false })).ok).toBe(true);
  });

  it("tells the learner whose booking stands again, once, with the run's date as it now is", async () => {
    serve([[offered("2031-03-03T00:00:00Z", false, "2031-09-08")]]);
    await sync();
    await sync();
    serve([[offered("2031-03-03T00:00:00Z", false, "2031-09-08")]]);
    await sync();
    expect(await noticesOn("notices.runReinstated")).toEqual([{ person_id: booked, message_key: "notices.runReinstated", values_json: JSON.stringify({ course: "Back-again course", date: "2031-09-08" }) }]);
    // Offered again at a new date, it tells of its return, not of a move as well.
    expect(await db().selectFrom("notices").select("id").where("message_key", "like", "notices.runMoved.%").where("href", "=", HREF).execute()).toEqual([]);
    // The waiting-list place closed on withdrawal stays closed, so that learner is not told it stands.
    expect((await noticesOn("notices.runReinstated")).map((n) => n.person_id)).not.toContain(waiting);
  });

  it("tells nobody when a run that was never withdrawn changes", async () => {
    serve([[offered("2031-03-04T00:00:00Z", false, "2031-09-15")]]);
    await sync();
    expect(await noticesOn("notices.runReinstated")).toHaveLength(1);
  });

  it("words the notice in English and Welsh, with the date in the reader's language", () => {
    const values = formatValues({ course: "Back-again course", date: "2031-09-08" }, "en-GB");
    expect(fixedT("en-GB", "research-in-practice")("notices.runReinstated", values)).toBe(
      "Research in Practice is offering Back-again course on 8 September 2031 again, so your booking stands. If you no longer need the place, you can cancel it on the course page.",
    );
    expect(fixedT("cy", "research-in-practice")("notices.runReinstated", formatValues({ course: "Back-again course", date: "2031-09-08" }, "cy"))).toBe(
      "Mae Research in Practice yn cynnig Back-again course ar 8 Medi 2031 eto, felly mae eich archeb yn dal i sefyll. Os nad oes angen y lle arnoch mwyach, gallwch ei ganslo ar dudalen y cwrs.",
    );
  });
});
