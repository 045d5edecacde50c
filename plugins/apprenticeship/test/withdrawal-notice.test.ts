// Someone L&D withdraw (an apprentice, an offer or a reserve) was not told: their place was simply gone.
// They are told on their home page, as the core tells people of decisions about their place, with the
// intake and L&D's reason, in their language.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { apprenticeshipDb } from "../server/db.server";
import { placeAsShown } from "../server/withdrawal.server";

beforeAll(seedDemo);

const intake2Applications = () =>
  apprenticeshipDb().selectFrom("apprenticeship_applications as a").innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["a.person_id", "a.enrolment_id", "a.decision"]).where("c.name", "=", "Intake 2");

async function withdraw(enrolmentId: number, reason: string) {
  const place = await db().selectFrom("enrolments").select(["status", "updated_at"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow();
  const body = new URLSearchParams({ reason, shown: placeAsShown(place) });
  return run(withdrawPage.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw`, { method: "POST", body }), { enrolmentId: String(enrolmentId) });
}

const noticesOf = (personId: number) => db().selectFrom("notices").select(["source", "message_key", "values_json", "href"]).where("person_id", "=", personId).where("message_key", "like", "notices.withdrawn.%").execute();

describe("someone withdrawn by L&D", () => {
  it("is told on their home page, with the intake and the reason, whether they held a place or waited as a reserve, in English and Welsh", async () => {
    // An offer accepted: an apprentice, who leaves the apprenticeship (an offer not yet answered is below).
    const offered = await intake2Applications().where("a.decision", "=", "offer").where("a.response", "=", "accepted").executeTakeFirstOrThrow();
    const reserve = await intake2Applications().where("a.decision", "=", "reserve").executeTakeFirstOrThrow();
    // The reserve first: the offer's place, given up before the start, would go to them.
    expect((await withdraw(reserve.enrolment_id!, "Chose not to continue")).status).toBe(303);
    expect((await withdraw(offered.enrolment_id!, "Left the council")).status).toBe(303);

    expect(await noticesOf(offered.person_id)).toEqual([{ source: PLUGIN_ID, message_key: "notices.withdrawn.enrolled", values_json: JSON.stringify({ intake: "Intake 2", reason: "Left the council" }), href: `/programmes/${PLUGIN_ID}` }]);
    expect(await noticesOf(reserve.person_id)).toEqual([{ source: PLUGIN_ID, message_key: "notices.withdrawn.waitlisted", values_json: JSON.stringify({ intake: "Intake 2", reason: "Chose not to continue" }), href: `/programmes/${PLUGIN_ID}` }]);

    const values = { intake: "Intake 2", reason: "Left the council" };
    expect(fixedT("en-GB", PLUGIN_ID)("notices.withdrawn.enrolled", values)).toBe("Learning and development have recorded that you have left the apprenticeship, so your place on Intake 2 has been withdrawn: Left the council");
    expect(fixedT("cy", PLUGIN_ID)("notices.withdrawn.enrolled", values)).toBe("Mae'r tîm dysgu a datblygu wedi cofnodi eich bod wedi gadael y brentisiaeth, felly mae eich lle ar Intake 2 wedi'i dynnu'n ôl: Left the council");
    for (const locale of ["en-GB", "cy"] as const) expect(fixedT(locale, PLUGIN_ID)("notices.withdrawn.waitlisted", values)).toContain("Intake 2");
  });

  it("is not told when the withdrawal is refused", async () => {
    const accepted = await intake2Applications().where("a.decision", "=", "offer").where("a.enrolment_id", "is not", null).execute();
    const still = accepted.find((a) => a.enrolment_id !== null)!;
    const body = new URLSearchParams({ reason: "Left", shown: "enrolled@long-ago" });
    const refused = await run(withdrawPage.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/places/${still.enrolment_id}/withdraw`, { method: "POST", body }), { enrolmentId: String(still.enrolment_id) });
    expect(refused.status).toBe(409);
    expect((await noticesOf(still.person_id)).filter((n) => n.values_json.includes('"Left"'))).toEqual([]);
  });
});

describe("someone only offered a place, withdrawn by L&D", () => {
  it("is told the offer was withdrawn, not that they left the apprenticeship they never joined, in English and Welsh", async () => {
    const unanswered = await apprenticeshipDb()
      .selectFrom("apprenticeship_applications as a")
      .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
      .select(["a.person_id", "a.enrolment_id"])
      .where("a.decision", "=", "offer")
      .where("a.response", "is", null)
      .where("e.status", "=", "enrolled")
      .orderBy("a.id")
      .executeTakeFirstOrThrow();
    expect((await withdraw(unanswered.enrolment_id!, "Post no longer funded")).status).toBe(303);

    const told = await noticesOf(unanswered.person_id);
    expect(told.map((n) => n.message_key)).toEqual(["notices.withdrawn.offered"]);
    const values = JSON.parse(told[0].values_json) as Record<string, string>;
    expect(values.reason).toBe("Post no longer funded");
    expect(fixedT("en-GB", PLUGIN_ID)("notices.withdrawn.offered", values)).toBe(`Learning and development have withdrawn the offer of a place on ${values.intake}, so you can no longer accept it: Post no longer funded`);
    expect(fixedT("cy", PLUGIN_ID)("notices.withdrawn.offered", values)).toBe(`Mae'r tîm dysgu a datblygu wedi tynnu'n ôl y cynnig o le ar ${values.intake}, felly ni allwch ei dderbyn mwyach: Post no longer funded`);
  });
});
