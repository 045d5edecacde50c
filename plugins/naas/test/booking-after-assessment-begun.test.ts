// Someone booked on an assessment that has begun (its knowledge assessment today or past, in London) has
// sat it, or is sitting it, and waits for the outcome recorded on that booking: they may not move to a later
// window then, and the booking page says so instead of offering windows. Before it begins they may move,
// and after "not yet accredited" they book again.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { addWindow, candidate, form, placeOnTrack, startAfresh } from "./support";

beforeAll(seedDemo);

const BOOK_PATH = "/programmes/naas/book?track=practitioner";
type Refusal = { error: Record<string, string[]> };
type BookPage = { windows: { id: number }[]; assessmentBegunOn: string | null };

let alex: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  auditBefore = await startAfresh(alex);
});

const route = () => import("../routes/book");
const openBooking = async (query = "") => (await run((await route()).loader, await requestAs("practitioner", `${BOOK_PATH}${query}`))).data as BookPage;
const book = async (windowId: number) => run((await route()).action, await requestAs("practitioner", BOOK_PATH, form({ window: String(windowId) })));
const bookings = async () => (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "=", "naas.booked").execute()).length;

describe("moving to another assessment window", () => {
  it("is refused once the booked assessment has begun, beside the field and in the summary, and the page offers no window", async () => {
    const later = await addWindow();
    for (const begun of ["2020-01-06", londonToday()]) {
      const sitting = await addWindow({ knowledgeOn: begun });
      await startAfresh(alex);
      await placeOnTrack(alex, { window_id: sitting, booked_at: new Date().toISOString() });
      // The page was drawn while the window was still offered (another tab, or the day before).
      const stale = await renderedAfterPost((await route()).default, { title: "", track: "practitioner", endorsed: true, assessmentBegunOn: null, windows: [{ id: later, label: "Later", hint: "", full: false }] }, null);
      expect(postForms(stale, `http://localhost${BOOK_PATH}`)).toHaveLength(1);

      const refused = await book(later);

      expect(refused.status).toBe(409);
      expect((refused.data as Refusal).error).toEqual({ window: ["book.errors.assessmentBegun"] });
      expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: sitting, outcome: null });
      expect(await bookings()).toBe(0);

      for (const locale of ["en-GB", "cy"] as const) {
        const page = await openBooking(`&lng=${locale}`);
        expect(page.windows).toEqual([]);
        expect(page.assessmentBegunOn).not.toBeNull();
        const html = await renderedAfterPost((await route()).default, page, refused.data, locale);
        const t = fixedT(locale, "naas");
        expect(postForms(html, `http://localhost${BOOK_PATH}`)).toEqual([]);
        expect(decodeHtml(html)).toContain(t("book.assessmentBegun", { date: page.assessmentBegunOn }));
        expect(decodeHtml(html)).toContain(t("book.errors.assessmentBegun"));
        expect(html).toContain("govuk-error-summary");
      }
    }
  });

  it("is allowed while the booked assessment is still to come, and booking again after 'not yet accredited'", async () => {
    const sitting = await addWindow({ knowledgeOn: "2099-01-10" });
    const later = await addWindow({ knowledgeOn: "2099-02-10" });
    await placeOnTrack(alex, { window_id: sitting, booked_at: new Date().toISOString() });
    expect((await openBooking()).assessmentBegunOn).toBeNull();
    expect((await book(later)).status).toBe(303);
    expect((await candidate(alex, "practitioner"))!.window_id).toBe(later);

    const sat = await addWindow({ knowledgeOn: "2020-01-06" });
    await startAfresh(alex);
    await placeOnTrack(alex, { window_id: sat, booked_at: new Date().toISOString(), outcome: "not_yet_accredited", outcome_on: "2020-01-20" });
    expect((await openBooking()).windows.map((w) => w.id)).toContain(later);
    expect((await book(later)).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: later, outcome: null });
  });
});
