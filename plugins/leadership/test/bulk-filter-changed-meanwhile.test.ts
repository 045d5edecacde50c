// Enrolling everyone a filter finds, when another officer gives one of them a place between the filter's
// read and the enrolment: the enrolment, checking again under the cohort's lock, enrols nobody, and the
// refusal names who was given a place (409, "changed meanwhile"), in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import * as newCohort from "../routes/cohorts.new";
import { cohortNamed, form, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

const COHORT = { name: "Bulk filter, changed meanwhile", startsOn: "2028-02-07", endsOn: "2028-10-30", capacity: "200", requiresManagerApproval: "no", firstSession: "2028-02-07", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };

/** The filter's read of the people it finds, the moment another officer can beat. */
const FILTER_READS_PEOPLE = /from "people" as "p" inner join "org_units" as "t"/i;

describe("enrolling everyone a filter finds when one of them is given a place meanwhile", () => {
  it("enrols nobody and names who was given a place", async () => {
    expect((await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form(COHORT)))).status).toBe(302);
    const { id: cohortId } = await cohortNamed(COHORT.name);
    const ld = await personIdOf("ld");
    const found = await db().selectFrom("people").select(["id", "given_name", "family_name"]).where("role_category", "=", "team_manager").where("employment_status", "=", "active").where("id", "!=", ld).orderBy("family_name").orderBy("given_name").orderBy("id").execute();
    expect(found.length).toBeGreaterThan(1);
    // One Level 5 place a person: the demo's places elsewhere are given up, so the filter finds them all.
    for (const p of found) await withoutLevel5Places(p.id);
    const taken = found[found.length - 1];
    const otherOfficer = { userId: null, personId: await personIdOf("admin") };
    const placeTaken = () => requestPlace({ cohortId, personId: taken.id, actor: otherOfficer, direct: true });
    const path = `/programmes/leadership/cohorts/${cohortId}/bulk`;
    // What the page's preview showed, sent back with the form as the page sends it.
    const { preview } = (await run(bulk.loader, await requestAs("ld", `${path}?preview=1&role=team_manager`), { cohortId: String(cohortId) })).data as { preview: { shown: string } };
    const post = async () => run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "team_manager", reason: "Agreed with the head of service", shown: preview.shown })), { cohortId: String(cohortId) });

    const refused = await whenFirstRead(FILTER_READS_PEOPLE, placeTaken, post);

    expect(refused.status).toBe(409);
    const name = `${taken.given_name} ${taken.family_name}`;
    expect(refused.data).toMatchObject({ kind: "error", error: "bulk.errors.givenPlacesMeanwhile", errorValues: { names: name } });
    expect(fixedT("en-GB")("bulk.errors.givenPlacesMeanwhile", { names: name })).toBe(`${name} got a place on this cohort meanwhile, so nobody was enrolled. Check who the filter finds now, then enrol again`);
    expect(fixedT("cy")("bulk.errors.givenPlacesMeanwhile", { names: name })).toContain(`Cafodd ${name} le ar y garfan hon yn y cyfamser`);
    const places = await db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohortId).execute();
    expect(places).toEqual([{ person_id: taken.id, status: "enrolled" }]);
  });
});
