// Dismissing a notice on a later page of /me's notices goes back to that page, without JavaScript: the
// dismiss form carries the page it is on. It went back to page 1, so someone working through page 2 had
// to page forward again after every dismissal.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../app/routes/me._index";
import * as dismissAction from "../../app/routes/me.notices.$noticeId";
import { addNotices, NOTICES_PAGE_SIZE } from "../../app/services/notices.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { postForms } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

interface MePage {
  notices: { id: number }[];
  noticesPage: { page: number; pageCount: number; total: number };
}

/** The practitioner with exactly `count` undismissed notices. */
async function noticesFor(count: number) {
  const alex = await personIdOf("practitioner");
  await db().updateTable("notices").set({ dismissed_at: new Date().toISOString() }).where("person_id", "=", alex).where("dismissed_at", "is", null).execute();
  await addNotices(Array.from({ length: count }, (_, i) => ({ personId: alex, source: "common", messageKey: "notices.promoted", values: { cohort: `Cohort ${i + 1}` } })));
}

async function meAt(address: string) {
  const loaded = await run(me.loader, await requestAs("practitioner", address));
  expect(loaded.status).toBe(200);
  return loaded.data as MePage;
}

/** The fields of the dismiss form of one notice, as a browser without JavaScript would send them. */
async function dismissFormOf(page: MePage, address: string, noticeId: number) {
  const forms = postForms(await renderedAfterPost(me.default, page, null), `http://localhost${address}`);
  const form = forms.find((f) => f.action === `/me/notices/${noticeId}`);
  expect(form, "the notice has a dismiss form").toBeDefined();
  return Object.fromEntries(form!.fields);
}

async function dismiss(noticeId: number, fields: Record<string, string> = {}) {
  const answer = await run(dismissAction.action, await requestAs("practitioner", `/me/notices/${noticeId}`, { method: "POST", body: new URLSearchParams(fields) }), { noticeId: String(noticeId) });
  expect(answer.status).toBe(302);
  return answer.headers.get("Location")!;
}

describe("dismissing a notice on a later page of /me", () => {
  it("carries the page its form is on, and goes back to that page", async () => {
    await noticesFor(NOTICES_PAGE_SIZE * 2 + 5);
    const second = await meAt("/me?page=2");
    expect(second.noticesPage).toMatchObject({ page: 2, pageCount: 3 });
    const notice = second.notices[0].id;
    const fields = await dismissFormOf(second, "/me?page=2", notice);
    expect(fields.page).toBe("2");

    const location = await dismiss(notice, fields);
    expect(location).toBe("/me?page=2");
    const back = await meAt(location);
    expect(back.noticesPage.page).toBe(2);
    expect(back.notices.map((n) => n.id)).not.toContain(notice);
    // A second click of the same form finds it dismissed already, and goes back to the same page.
    expect(await dismiss(notice, fields)).toBe("/me?page=2");
  });

  it("shows the last page when the page it was on has gone", async () => {
    await noticesFor(NOTICES_PAGE_SIZE + 1);
    const second = await meAt("/me?page=2");
    expect(second.notices).toHaveLength(1);
    const location = await dismiss(second.notices[0].id, await dismissFormOf(second, "/me?page=2", second.notices[0].id));
    expect(location).toBe("/me?page=2");
    expect((await meAt(location)).noticesPage).toMatchObject({ page: 1, pageCount: 1, total: NOTICES_PAGE_SIZE });
  });

  it("goes back to /me itself from page 1, without a page, or with one that is not a positive whole number", async () => {
    await noticesFor(NOTICES_PAGE_SIZE * 2);
    const first = await meAt("/me");
    expect((await dismissFormOf(first, "/me", first.notices[0].id)).page).toBe("1");
    const [a, b, c, d, e, f] = first.notices.map((n) => n.id);
    expect(await dismiss(a, { page: "1" })).toBe("/me");
    expect(await dismiss(b)).toBe("/me");
    for (const [notice, page] of [[c, "0"], [d, "-2"], [e, "two"], [f, "2.5"]] as const) expect(await dismiss(notice, { page }), page).toBe("/me");
  });
});
