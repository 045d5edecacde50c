// The withdrawal page says where the person stands on the intake. An offer nobody has answered holds the
// place for the applicant, but it is not theirs until they accept it: the page says it is offered and
// waiting for their answer, not that they hold a place. Through the real confirmation page, in both languages.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

/** The "Place" row the confirmation page shows L&D for the place, in the language asked for. */
async function placeRow(enrolmentId: number, lng: "en-GB" | "cy") {
  const request = await requestAs("ld", `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw?lng=${lng}`);
  const page = (await run(withdrawPage.loader, request, { enrolmentId: String(enrolmentId) })).data as { rows: { key: string; value: string }[] };
  return page.rows.find((r) => r.key === "place")!.value;
}

/** A held place in the demo whose application's answer is `response` (null: nobody has answered the offer yet). */
async function offeredPlace(response: "accepted" | null) {
  const row = await apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .select("a.enrolment_id")
    .where("a.decision", "=", "offer")
    .where("e.status", "=", "enrolled")
    .where("a.response", response === null ? "is" : "=", response)
    .orderBy("a.id")
    .executeTakeFirstOrThrow();
  return row.enrolment_id!;
}

describe("the withdrawal page's account of the place", () => {
  it("says an offer nobody has answered is offered and waiting for the applicant's answer", async () => {
    const place = await offeredPlace(null);
    expect(await placeRow(place, "en-GB")).toBe("Offered a place, waiting for them to accept or decline it");
    expect(await placeRow(place, "cy")).toBe("Wedi cael cynnig lle, yn aros iddynt ei dderbyn neu ei wrthod");
  });

  it("says an offer accepted holds a place", async () => {
    const place = await offeredPlace("accepted");
    expect(await placeRow(place, "en-GB")).toBe("Holds a place");
    expect(await placeRow(place, "cy")).toBe("Mae ganddynt le");
  });
});
