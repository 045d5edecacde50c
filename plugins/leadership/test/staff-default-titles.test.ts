// L&D's pages and files name a cohort's sessions as the learner's pages do: a default topic (stored in
// English) in the reader's language, and a title L&D typed themselves exactly as typed, in either language.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import cy from "../locales/cy.json";
import { DEFAULT_TOPICS } from "../programme";
import * as cohortCalendar from "../routes/cohorts.$cohortId.calendar";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as report from "../routes/cohorts.$cohortId.report";
import * as sessionsCsv from "../routes/cohorts.$cohortId.report.sessions";
import * as sessionCalendar from "../routes/sessions.$sessionId.calendar";
import * as register from "../routes/sessions.$sessionId.register";

const SYSTEM = { userId: null, personId: null };
const COHORT = "Cohort for titles";
const TYPED = "Session with the Director";
// The cohort's three sessions, in order, as an English and a Welsh reader should see them.
const ENGLISH = [DEFAULT_TOPICS[0], DEFAULT_TOPICS[7], TYPED];
const WELSH = [cy.defaultTitles.topics["1"], cy.defaultTitles.topics["8"], TYPED];

let cohortId: number;
let sessionIds: number[];

beforeAll(async () => {
  await seedDemo();
  const startsOn = addDaysToDate(londonToday(), 30);
  cohortId = await createCohort(
    { programmeId: "leadership", name: COHORT, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 3, time: "09:30", durationMinutes: 60, titles: ENGLISH },
    SYSTEM,
  );
  sessionIds = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").execute()).map((s) => s.id);
});

type Language = "en-GB" | "cy";
const inLanguage = (path: string, language: Language) => `${path}?lng=${language}`;
const expected = (language: Language) => (language === "cy" ? WELSH : ENGLISH);
const cohortPath = () => `/programmes/leadership/cohorts/${cohortId}`;

/** A calendar file's event summaries, its folded lines joined again. */
const summaries = (ics: string) => [...ics.replace(/\r\n[ \t]/g, "").matchAll(/^SUMMARY:(.*)$/gm)].map((m) => m[1].replace(/\\([,;\\])/g, "$1").trim());

describe("a cohort's session titles on L&D's pages and files", () => {
  it("keeps the Welsh wording different from the stored English one, so the checks below mean something", () => {
    expect(WELSH.slice(0, 2)).not.toEqual(ENGLISH.slice(0, 2));
  });

  it.each<Language>(["en-GB", "cy"])("names the sessions on the cohort page in %s", async (language) => {
    const page = (await run(cohortPage.loader, await requestAs("ld", inLanguage(cohortPath(), language)), { cohortId: String(cohortId) })).data as { sessions: { title: string }[] };
    expect(page.sessions.map((s) => s.title)).toEqual(expected(language));
  });

  it.each<Language>(["en-GB", "cy"])("names the session on its register in %s", async (language) => {
    const titles = [];
    for (const id of sessionIds) {
      const page = (await run(register.loader, await requestAs("ld", inLanguage(`/programmes/leadership/sessions/${id}/register`, language)), { sessionId: String(id) })).data as { title: string; session: { title: string } };
      expect(page.title).toBe(`${COHORT}: ${page.session.title}`);
      titles.push(page.session.title);
    }
    expect(titles).toEqual(expected(language));
  });

  it.each<Language>(["en-GB", "cy"])("names the sessions on the cohort's report in %s", async (language) => {
    const page = (await run(report.loader, await requestAs("ld", inLanguage(`${cohortPath()}/report`, language)), { cohortId: String(cohortId) })).data as { sessions: { title: string }[] };
    expect(page.sessions.map((s) => s.title)).toEqual(expected(language));
  });

  it.each<Language>(["en-GB", "cy"])("names the sessions in the sessions CSV in %s, as its headers and statuses are", async (language) => {
    const csv = (await run(sessionsCsv.loader, await requestAs("ld", inLanguage(`${cohortPath()}/report/sessions`, language)), { cohortId: String(cohortId) })).data as string;
    const topics = csv.replace(/^\uFEFF/, "").trim().split("\r\n").slice(1).map((line) => line.split(",")[1]);
    expect(topics).toEqual(expected(language));
  });

  it.each<Language>(["en-GB", "cy"])("names the sessions in the cohort's calendar file in %s", async (language) => {
    const ics = (await run(cohortCalendar.loader, await requestAs("ld", inLanguage(`${cohortPath()}/calendar`, language)), { cohortId: String(cohortId) })).data as string;
    expect(summaries(ics)).toEqual(expected(language).map((title) => `${COHORT}: ${title}`));
  });

  it.each<Language>(["en-GB", "cy"])("names the session in its own calendar file in %s", async (language) => {
    const titles = [];
    for (const id of sessionIds) {
      const ics = (await run(sessionCalendar.loader, await requestAs("ld", inLanguage(`/programmes/leadership/sessions/${id}/calendar`, language)), { sessionId: String(id) })).data as string;
      titles.push(...summaries(ics));
    }
    expect(titles).toEqual(expected(language).map((title) => `${COHORT}: ${title}`));
  });
});
