// A learner's place withdrawn (or completed) between the self-study page reading it and the entry being
// written: the entry is refused with a message saying why, and nothing is stored. The place is read again
// inside the entry's transaction, under the cohort's lock that withdrawals and completions hold; read only
// before it, the entry was stored against a place already given up, and counted nowhere. Without the lock a
// withdrawal could still land between that read and the write (on PostgreSQL; SQLite's transactions hold
// its one write lock from the start): under it, the withdrawal waits, and the entry comes first.
import { beforeAll, describe, expect, it } from "vitest";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import { currentPlace } from "../server/guided-learning.server";
import { leadershipDb } from "../server/progress.server";
import { form, fullCohort, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

const LEARNING = `/programmes/${PLUGIN_ID}/learning`;
/** The action's first read of the learner's place (`currentPlace`), before its transaction. */
const PLACE_READ = /"c"\."online_url" from "enrolments"/;
/** `logEntry`'s read of the place, in its transaction, just before the entry is written. */
const PLACE_READ_IN_TRANSACTION = /"c"\."starts_on" from "enrolments" as "e"/;

const storedOn = (enrolmentId: number) => leadershipDb().selectFrom("leadership_guided_learning").select("id").where("enrolment_id", "=", enrolmentId).execute();
const auditedEntries = () => db().selectFrom("audit_events").select("id").where("action", "=", "leadership.guided_learning.logged").execute();

describe("a self-study entry sent as its place ends", () => {
  it("is refused, storing nothing, when the place is withdrawn after the page read it", async () => {
    const manager = await personIdOf("manager");
    const place = (await currentPlace(manager))!;
    expect(place.status).toBe("enrolled");
    const [before, auditsBefore] = [await storedOn(place.id), await auditedEntries()];
    const admin = { userId: null, personId: await personIdOf("admin") };
    const request = await requestAs("manager", LEARNING, form({ occurredOn: londonToday(), activity: "Reading as the place is withdrawn", hours: "1" }));

    const refused = await whenFirstRead(
      PLACE_READ,
      () => withdraw(place.id, "Left the council", admin),
      () => run(learning.action, request),
    );

    expect((await db().selectFrom("enrolments").select("status").where("id", "=", place.id).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ "": ["learning.errors.placeEnded"] });
    expect(await storedOn(place.id)).toEqual(before);
    expect(await auditedEntries()).toEqual(auditsBefore);
    // The page, read again, has no place and no form: the refusal is said at its top, in both languages.
    const page = (await run(learning.loader, await requestAs("manager", LEARNING))).data;
    expect(await renderedAfterPost(learning.default, page, refused.data)).toContain("You no longer have a place on this cohort, so this self-study was not added to your log");
    const welsh = (await run(learning.loader, await requestAs("manager", `${LEARNING}?lng=cy`))).data;
    expect((await renderedAfterPost(learning.default, welsh, refused.data, "cy")).replaceAll("&#x27;", "'")).toContain("Nid oes gennych le ar y garfan hon bellach, felly ni chafodd yr hunan-astudio hwn ei ychwanegu at eich cofnod");
  });

  it("is stored while the place is held, before the withdrawal, never after it", async () => {
    const manager = await personIdOf("manager");
    await withoutLevel5Places(manager);
    const { places } = await fullCohort("Withdrawn as an entry is written", -30, [manager], []);
    const enrolmentId = places.get(manager)!;
    const admin = { userId: null, personId: await personIdOf("admin") };
    const request = await requestAs("manager", LEARNING, form({ occurredOn: londonToday(), activity: "Reading under the lock", hours: "1" }));

    // The admin withdraws the learner just after the entry's transaction reads the place as held: the
    // withdrawal waits for the cohort's lock, so the entry lands first, while the place is still held.
    const answer = await whenFirstRead(
      PLACE_READ_IN_TRANSACTION,
      () => withdraw(enrolmentId, "Left the council", admin),
      () => run(learning.action, request),
    );

    expect((await db().selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    const logged = await db().selectFrom("audit_events").select("id").where("action", "=", "leadership.guided_learning.logged").where("person_id", "=", manager).where("after_json", "like", "%Reading under the lock%").execute();
    const withdrawn = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").where("subject_id", "=", String(enrolmentId)).executeTakeFirstOrThrow();
    // Either nothing was stored (refused), or it was stored before the place was given up.
    expect((await storedOn(enrolmentId)).length).toBe(answer.status === 303 ? 1 : 0);
    expect(logged.length).toBe(answer.status === 303 ? 1 : 0);
    for (const event of logged) expect(event.id).toBeLessThan(withdrawn.id);
  });
});
