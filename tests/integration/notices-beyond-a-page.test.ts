// /me lists a person's undismissed notices a page at a time. Past one page it says how many there are and
// pages to the rest, in both languages, instead of quietly showing only the newest twenty.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../app/routes/me._index";
import { addNotices, NOTICES_PAGE_SIZE } from "../../app/services/notices.server";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

const TEXT = { "en-GB": { notices: enGB.notices, pagination: enGB.pagination }, cy: { notices: cy.notices, pagination: cy.pagination } } as const;

interface MePage {
  notices: { id: number; text: string }[];
  noticesPage: { total: number; page: number; pageCount: number; from: number; to: number };
}

/** The practitioner with exactly `count` undismissed notices, all sent at one moment (as an import sends them). */
async function noticesFor(count: number) {
  const alex = await personIdOf("practitioner");
  await db().updateTable("notices").set({ dismissed_at: new Date().toISOString() }).where("person_id", "=", alex).where("dismissed_at", "is", null).execute();
  const cohort = (n: number) => `Cohort ${String(n).padStart(2, "0")}`;
  await addNotices(Array.from({ length: count }, (_, i) => ({ personId: alex, source: "common", messageKey: "notices.promoted", values: { cohort: cohort(i + 1) } })));
  return cohort;
}

async function meAt(query: string, locale: Locale = "en-GB") {
  const loaded = await run(me.loader, await requestAs("practitioner", `/me?lng=${locale}${query}`));
  expect(loaded.status).toBe(200);
  return { data: loaded.data as MePage, html: decodeHtml(await renderedAfterPost(me.default, loaded.data, null, locale)) };
}

describe("more notices than a page holds", () => {
  for (const locale of ["en-GB", "cy"] as const) {
    it(`says how many there are and pages to the rest, newest first (${locale})`, async () => {
      const cohort = await noticesFor(47);
      const first = await meAt("", locale);
      expect(first.data.notices).toHaveLength(NOTICES_PAGE_SIZE);
      expect(first.data.noticesPage).toEqual({ total: 47, page: 1, pageCount: 3, from: 1, to: 20 });
      expect(first.data.notices[0].text).toContain(cohort(47));
      expect(first.html).toContain(TEXT[locale].notices.showing.replace("{{from}}", "1").replace("{{to}}", "20").replace("{{total}}", "47"));
      expect(first.html).toContain(`aria-label="${TEXT[locale].pagination.labelOf.replace("{{list}}", TEXT[locale].notices.listName)}"`);
      expect(first.html).toContain('rel="next"');
      expect(first.html).toContain('href="?page=2"');

      const last = await meAt("&page=3", locale);
      expect(last.data.noticesPage).toMatchObject({ page: 3, from: 41, to: 47 });
      expect(last.data.notices.at(-1)!.text).toContain(cohort(1));
      expect(last.html).toContain(TEXT[locale].notices.showing.replace("{{from}}", "41").replace("{{to}}", "47").replace("{{total}}", "47"));

      // Every notice is on exactly one page.
      const middle = await meAt("&page=2", locale);
      const ids = [first, middle, last].flatMap((p) => p.data.notices.map((n) => n.id));
      expect(new Set(ids).size).toBe(47);
    });
  }

  it("shows the last page for a page asked past the end", async () => {
    await noticesFor(21);
    const past = await meAt("&page=99");
    expect(past.data.noticesPage).toMatchObject({ page: 2, pageCount: 2, from: 21, to: 21 });
    expect(past.data.notices).toHaveLength(1);
  });

  it("says nothing of pages when they all fit", async () => {
    await noticesFor(NOTICES_PAGE_SIZE);
    const page = await meAt("");
    expect(page.data.notices).toHaveLength(NOTICES_PAGE_SIZE);
    expect(page.html).not.toContain("govuk-pagination");
    expect(page.html).not.toContain(enGB.notices.showing.slice(0, 16));
  });
});
