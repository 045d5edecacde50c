// The withdrawal page says where the person stands on the intake. An offer nobody has answered holds the
// place for the applicant, but it is not theirs until they accept it: the page says it is offered and
// waiting for their answer, not that they hold a place, and that withdrawing takes the offer back rather
// than that they stop being listed or counted as an apprentice, which they never were. Through the real
// confirmation page, its data and the page rendered from it, in both languages.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

type Lng = "en-GB" | "cy";
type ConfirmationPage = { rows: { key: string; value: string }[]; consequences: string[] };

/** The confirmation page's data for the place, in the language asked for. */
async function confirmation(enrolmentId: number, lng: Lng) {
  const request = await requestAs("ld", `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw?lng=${lng}`);
  return (await run(withdrawPage.loader, request, { enrolmentId: String(enrolmentId) })).data as ConfirmationPage;
}

/** The "Place" row the confirmation page shows L&D for the place, in the language asked for. */
async function placeRow(enrolmentId: number, lng: Lng) {
  return (await confirmation(enrolmentId, lng)).rows.find((r) => r.key === "place")!.value;
}

/** What the page says becomes of the place: in its data, and the text of the page drawn from it. */
async function consequencesShown(enrolmentId: number, lng: Lng) {
  const page = await confirmation(enrolmentId, lng);
  return { said: page.consequences, html: decodeHtml(await renderedAfterPost(withdrawPage.default, page, null, lng)) };
}

const WHAT_WITHDRAWAL_MEANS = {
  offer: {
    "en-GB": "Their offer is withdrawn, so they can no longer accept it and will not become an apprentice on this intake.",
    cy: "Mae eu cynnig yn cael ei dynnu'n ôl, felly ni allant ei dderbyn mwyach ac ni fyddant yn dod yn brentis ar y derbyniad hwn.",
  },
  apprentice: {
    "en-GB": "They will no longer be listed or counted as an apprentice, owe off-the-job hours or be due progress reviews.",
    cy: "Ni fyddant yn cael eu rhestru na'u cyfrif fel prentis mwyach, ac ni fydd oriau hyfforddiant i ffwrdd o'r gwaith nac adolygiadau cynnydd yn ddyledus ganddynt.",
  },
};

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

  it("says withdrawing an offer nobody has answered takes the offer back, not that they stop being an apprentice", async () => {
    const place = await offeredPlace(null);
    for (const lng of ["en-GB", "cy"] as const) {
      const { said, html } = await consequencesShown(place, lng);
      expect(said[0]).toBe(WHAT_WITHDRAWAL_MEANS.offer[lng]);
      expect(html).toContain(WHAT_WITHDRAWAL_MEANS.offer[lng]);
      expect(html).not.toContain(WHAT_WITHDRAWAL_MEANS.apprentice[lng]);
    }
  });

  it("says withdrawing an accepted offer means they are no longer listed or counted as an apprentice", async () => {
    const place = await offeredPlace("accepted");
    for (const lng of ["en-GB", "cy"] as const) {
      const { said, html } = await consequencesShown(place, lng);
      expect(said[0]).toBe(WHAT_WITHDRAWAL_MEANS.apprentice[lng]);
      expect(html).toContain(WHAT_WITHDRAWAL_MEANS.apprentice[lng]);
      expect(html).not.toContain(WHAT_WITHDRAWAL_MEANS.offer[lng]);
    }
  });

  it("says an offer accepted holds a place", async () => {
    const place = await offeredPlace("accepted");
    expect(await placeRow(place, "en-GB")).toBe("Holds a place");
    expect(await placeRow(place, "cy")).toBe("Mae ganddynt le");
  });
});
