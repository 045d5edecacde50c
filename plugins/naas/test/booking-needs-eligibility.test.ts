// An endorsement does not outlast eligibility: someone endorsed who is no longer eligible for the track (they
// have left a frontline role, say) is refused a booking with a clear message, nothing stored, and the booking
// page offers no window. Through the real loader and action.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { addWindow, candidate, form, placeOnTrack, startAfresh } from "./support";

beforeAll(seedDemo);

const BOOK_PATH = "/programmes/naas/book?track=practitioner";
let alex: number;
let role: string;
let auditBefore: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  role = (await db().selectFrom("people").select("role_category").where("id", "=", alex).executeTakeFirstOrThrow()).role_category;
});

beforeEach(async () => {
  auditBefore = await startAfresh(alex);
  await db().updateTable("people").set({ role_category: role }).where("id", "=", alex).execute();
});

afterAll(async () => {
  await db().updateTable("people").set({ role_category: role }).where("id", "=", alex).execute();
});

const route = () => import("../routes/book");
const bookings = async () => (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "=", "naas.booked").execute()).length;

describe("booking an assessment when no longer eligible", () => {
  it("is refused with a clear message, stores nothing, and the page offers no window", async () => {
    const window = await addWindow();
    await placeOnTrack(alex);
    // Endorsed while eligible; since moved out of a frontline role.
    await db().updateTable("people").set({ role_category: "business_support" }).where("id", "=", alex).execute();

    const refused = await run((await route()).action, await requestAs("practitioner", BOOK_PATH, form({ window: String(window) })));

    expect(refused.status).toBe(409);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ window: ["book.errors.notEligible"] });
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: null });
    expect(await bookings()).toBe(0);
    for (const locale of ["en-GB", "cy"] as const) {
      const page = (await run((await route()).loader, await requestAs("practitioner", `${BOOK_PATH}&lng=${locale}`))).data as { windows: unknown[]; ineligible: boolean };
      expect(page).toMatchObject({ windows: [], ineligible: true });
      const html = decodeHtml(await renderedAfterPost((await route()).default, page, refused.data, locale));
      expect(postForms(html, `http://localhost${BOOK_PATH}`)).toEqual([]);
      expect(html).toContain(fixedT(locale, "naas")("book.notEligible"));
      expect(html).toContain(fixedT(locale, "naas")("book.errors.notEligible"));
    }
  });

  it("still books someone endorsed who is eligible", async () => {
    const window = await addWindow();
    await placeOnTrack(alex);
    expect((await run((await route()).action, await requestAs("practitioner", BOOK_PATH, form({ window: String(window) })))).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: window });
  });
});
