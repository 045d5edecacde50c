// NAAS's one accreditation requirement became one a track (migration 0005): an admin's overrides of the old
// one are kept as overrides of the track's, so a stage an admin took it off, or added it to, stays so.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pathwayModel, requirementKey } from "../../../app/services/pathway.server";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { accreditationPerTrack } from "../migrations/0005-accreditation-per-track";

beforeAll(seedDemo);

const overrides = async () =>
  (await db().selectFrom("career_stage_requirements").select(["stage_code", "requirement_key", "included"]).where("requirement_key", "like", "naas:accreditation%").orderBy("stage_code").orderBy("requirement_key").execute()).map(
    (r) => `${r.stage_code} ${r.requirement_key} ${r.included}`,
  );

beforeEach(async () => {
  await db().deleteFrom("career_stage_requirements").where("requirement_key", "like", "naas:accreditation%").execute();
});

describe("the accreditation's overrides, one requirement a track", () => {
  it("keeps one taken off its stage, and one added to another stage, as the track's that stage leads from", async () => {
    const old = (stage_code: string, included: 0 | 1) => ({ stage_code, requirement_key: "naas:accreditation", included });
    await db().insertInto("career_stage_requirements").values([old("advanced_practitioner", 0), old("practice_supervisor", 0), old("senior_practitioner", 1), old("team_manager", 1)]).execute();

    await accreditationPerTrack.up(db());

    expect(await overrides()).toEqual([
      "advanced_practitioner naas:accreditation-practitioner 0",
      "practice_supervisor naas:accreditation-supervisor 0",
      "senior_practitioner naas:accreditation-practitioner 1",
      "team_manager naas:accreditation-supervisor 1",
    ]);
  });

  it("takes the accreditation off the pathway where an admin had taken it off", async () => {
    await db().insertInto("career_stage_requirements").values({ stage_code: "advanced_practitioner", requirement_key: "naas:accreditation", included: 0 }).execute();
    await accreditationPerTrack.up(db());
    const { requirements } = await pathwayModel("en-GB");
    expect(requirements.get("advanced_practitioner")!.map(requirementKey)).not.toContain("naas:accreditation-practitioner");
    expect(requirements.get("practice_supervisor")!.map(requirementKey)).toContain("naas:accreditation-supervisor");
  });

  it("leaves alone an override of a track's requirement set since, and goes back as it came", async () => {
    await db().insertInto("career_stage_requirements").values([
      { stage_code: "senior_practitioner", requirement_key: "naas:accreditation", included: 1 },
      { stage_code: "senior_practitioner", requirement_key: "naas:accreditation-practitioner", included: 0 },
    ]).execute();
    await accreditationPerTrack.up(db());
    expect(await overrides()).toEqual(["senior_practitioner naas:accreditation-practitioner 0"]);

    await accreditationPerTrack.down!(db());
    expect(await overrides()).toEqual(["senior_practitioner naas:accreditation 0"]);
  });
});
