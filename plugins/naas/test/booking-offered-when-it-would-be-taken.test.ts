// The home page and the readiness links offer booking only where the booking page would take it: "Book
// another assessment" after "not yet accredited" only to someone still eligible, and to someone booked a way
// to change the booking while it may still move (before the knowledge assessment begins), the booking page
// then saying which window they hold. Through the real loaders and actions, in both languages.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addWindow, candidate, form, placeOnTrack, startAfresh } from "./support";

beforeAll(seedDemo);

const BOOK_PATH = "/programmes/naas/book?track=practitioner";
let alex: number;
let role: string;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  role = (await db().selectFrom("people").select("role_category").where("id", "=", alex).executeTakeFirstOrThrow()).role_category;
});

beforeEach(async () => {
  await startAfresh(alex);
  await db().updateTable("people").set({ role_category: role }).where("id", "=", alex).execute();
});

afterAll(async () => {
  await db().updateTable("people").set({ role_category: role }).where("id", "=", alex).execute();
});

const home = () => import("../routes/index");
const book = () => import("../routes/book");
const leaveFrontline = () => db().updateTable("people").set({ role_category: "business_support" }).where("id", "=", alex).execute();

/** Alex's own NAAS page as rendered in `locale`. */
async function homeHtml(locale: "en-GB" | "cy") {
  const { loader, default: Page } = await home();
  const page = (await run(loader, await requestAs("practitioner", `/programmes/naas?lng=${locale}`))).data;
  return decodeHtml(await renderedAfterPost(Page, page, null, locale));
}

/** The link beside Alex's NAAS assessment item on /me. */
const accreditationLink = async () =>
  ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { readiness: { source: string; requirementId: string; actionHref?: string }[] }).readiness.find((i) => i.source === "naas" && i.requirementId === "accreditation-practitioner")!.actionHref;

/** Whether the rendered page links to the booking page (relative, as the test renderer resolves it against its own path). */
const bookLinkIn = (html: string) => /href="[^"]*\/book\?track=practitioner"/.test(html);

describe("booking another assessment after 'not yet accredited'", () => {
  beforeEach(async () => {
    const held = await addWindow({ knowledgeOn: "2020-03-01" });
    await placeOnTrack(alex, { window_id: held, booked_at: new Date().toISOString(), outcome: "not_yet_accredited", outcome_on: "2020-03-20" });
  });

  it("is offered, on the home page and on /me, while the person is eligible", async () => {
    for (const locale of ["en-GB", "cy"] as const) {
      const html = await homeHtml(locale);
      expect(html).toContain(fixedT(locale, "naas")("home.bookAgain"));
      expect(bookLinkIn(html)).toBe(true);
    }
    expect(await accreditationLink()).toBe(BOOK_PATH);
  });

  it("is not offered to someone no longer eligible, who is told why in both languages", async () => {
    await leaveFrontline();
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, "naas");
      const html = await homeHtml(locale);
      expect(html).not.toContain(t("home.bookAgain"));
      expect(bookLinkIn(html)).toBe(false);
      expect(html).toContain(t("home.notYetAccreditedNotEligible"));
    }
    expect(await accreditationLink()).toBe("/programmes/naas#track-practitioner");
  });
});

describe("a booked person changing their booking", () => {
  let held: number;
  let other: number;

  beforeEach(async () => {
    held = await addWindow({ knowledgeOn: "2099-03-01" });
    other = await addWindow({ knowledgeOn: "2099-06-01" });
    await placeOnTrack(alex, { window_id: held, booked_at: new Date().toISOString() });
  });

  it("is linked to the booking page, which names the window held and offers the others, in both languages", async () => {
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, "naas");
      const html = await homeHtml(locale);
      expect(html).toContain(t("home.changeBooking"));
      expect(bookLinkIn(html)).toBe(true);

      const { loader, default: Page } = await book();
      const page = (await run(loader, await requestAs("practitioner", `${BOOK_PATH}&lng=${locale}`))).data as { held: string | null; windows: { id: number }[] };
      const heldWords = t("book.held", { knowledge: fixedDate(locale, "2099-03-01"), knowledgePlace: "Room", practice: fixedDate(locale, "2099-03-08"), practicePlace: "Centre" });
      expect(page.held).toBe(heldWords);
      expect(page.windows.map((w) => w.id)).toContain(other);
      expect(page.windows.map((w) => w.id)).not.toContain(held);
      const bookHtml = decodeHtml(await renderedAfterPost(Page, page, null, locale));
      expect(bookHtml).toContain(heldWords);
      expect(bookHtml).toContain(t("book.moveLegend"));
    }
    expect(await accreditationLink()).toBe(BOOK_PATH);

    // The link leads somewhere that takes the change.
    expect((await run((await book()).action, await requestAs("practitioner", BOOK_PATH, form({ window: String(other) })))).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: other });
  });

  it("is not offered the change once the knowledge assessment has begun", async () => {
    const begun = await addWindow({ knowledgeOn: addDaysToDate(londonToday(), -1) });
    await naasDb().updateTable("naas_candidates").set({ window_id: begun }).where("person_id", "=", alex).execute();
    for (const locale of ["en-GB", "cy"] as const) {
      const html = await homeHtml(locale);
      expect(html).not.toContain(fixedT(locale, "naas")("home.changeBooking"));
      expect(bookLinkIn(html)).toBe(false);
    }
    expect(await accreditationLink()).toBe("/programmes/naas#track-practitioner");
  });
});

/** A date as the pages format it. */
function fixedDate(locale: "en-GB" | "cy", iso: string) {
  return formatDate(iso, locale);
}
