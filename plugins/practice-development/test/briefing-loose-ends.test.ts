// Two loose ends of the briefing pages, through the real loaders and actions on a migrated, seeded
// database. A new briefing's form does not read what only an edit's hidden fields say (the version and
// revision shown): sent with them, tampered or not, it was refused beside a field it does not have, in
// words ("briefing.errors.notAsShown") nothing else shows, now gone from both languages. And a session
// whose every date is cancelled has not ended, whenever its dates were (nobody attended one), so its
// places can still be withdrawn, and its page says so, where it showed only each date as cancelled.
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { hasEnded } from "../places";
import * as newBriefing from "../routes/briefings.new";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { pdDb } from "../server/db.server";
import { post } from "./briefing-requests";
import { sessionWithWaitingList } from "./one-seat-session";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";
const EVERY_DATE_CANCELLED = {
  "en-GB": "Every date of this session is cancelled. Nobody can book it and nobody attended it, so the places on it can still be withdrawn.",
  cy: "Mae pob dyddiad o'r sesiwn hon wedi'i ganslo. Ni all neb ei harchebu ac ni fu neb yn bresennol, felly gellir tynnu'r lleoedd arni yn ôl o hyd.",
} as const;

beforeAll(async () => {
  await seedDemo();
});

describe("a new briefing", () => {
  it("is created whatever an edit's hidden fields say, which a new briefing does not have", async () => {
    const fields = { title: "Sent with an edit's fields", summary: "What to know", linkUrl: "https://intranet.example.org/new", delivery: "read" };
    for (const shown of [{ shownVersion: "not a version", shownRevision: "-1" }, { shownVersion: "3", shownRevision: "7" }]) {
      const created = await run(newBriefing.action, await requestAs("ld", `${BASE}/new`, post({ ...fields, ...shown })));
      expect(created.status, JSON.stringify(created.data)).toBe(302);
    }
    expect(await pdDb().selectFrom("practice_development_briefings").select("id").where("title", "=", fields.title).execute()).toHaveLength(2);
  });

  it("leaves no words behind that nothing shows", async () => {
    for (const locale of ["en-GB", "cy"]) {
      const words = JSON.parse(await readFile(new URL(`../locales/${locale}.json`, import.meta.url), "utf8")) as { briefing: { errors: Record<string, string> } };
      expect(Object.keys(words.briefing.errors), locale).not.toContain("notAsShown");
      expect(words.briefing.errors.pageOutOfDate, locale).toBeTruthy();
    }
  });
});

describe("a session whose every date is cancelled", () => {
  const longAgo = new Date(Date.now() - 30 * 86_400_000);
  const roster = async (cohort: number, locale: Locale = "en-GB") => {
    const address = `${BASE}/sessions/${cohort}`;
    const page = await run(sessionPage.loader, await requestAs("ld", address), { cohortId: String(cohort) });
    expect(page.status).toBe(200);
    const data = page.data as { roster: { id: number; withdrawable: boolean }[] };
    return { data, html: decodeHtml(await renderedAt(sessionPage.default, data, address, locale)) };
  };

  it("has not ended, though its dates are long past: nobody attended it", async () => {
    expect(hasEnded(null, new Date())).toBe(false);
    expect(hasEnded(longAgo.toISOString(), new Date())).toBe(true);
  });

  it("says so on its page, in English and Welsh, and L&D can still withdraw a place on it, offered to nobody", async () => {
    const { cohort, place } = await sessionWithWaitingList("Every date cancelled, long ago");
    await db().updateTable("cohort_sessions").set({ status: "cancelled", starts_at: longAgo.toISOString(), ends_at: new Date(longAgo.getTime() + 5_400_000).toISOString() }).where("cohort_id", "=", cohort).execute();
    for (const locale of ["en-GB", "cy"] as const) expect((await roster(cohort, locale)).html).toContain(EVERY_DATE_CANCELLED[locale]);
    const { data } = await roster(cohort);
    expect(data.roster.find((r) => r.id === place)?.withdrawable).toBe(true);
    const withdrawn = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(place) })), { cohortId: String(cohort) });
    expect(withdrawn.headers.get("Location")).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=noDates`);
    expect(await db().selectFrom("enrolments").select("status").where("id", "=", place).executeTakeFirstOrThrow()).toEqual({ status: "withdrawn" });
    expect(await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("manager")).executeTakeFirstOrThrow()).toEqual({ status: "waitlisted" });
  });

  it("is not said of a session with a date still scheduled", async () => {
    const { cohort } = await sessionWithWaitingList("A date still scheduled");
    expect((await roster(cohort)).html).not.toContain(EVERY_DATE_CANCELLED["en-GB"]);
  });
});
