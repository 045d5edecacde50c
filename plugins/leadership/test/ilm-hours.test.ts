// ILM's guided learning hours are tutor-led: on Level 5, the taught sessions. The learner's own reading,
// shadowing and reflective log is self-study, which ILM counts in total qualification time, not in guided
// learning hours (REFERENCE.md section 7). The learners' CSV a centre may quote to ILM gives the taught
// hours as the guided learning hours, the self-study on its own, and the two together; the pages call the
// learner's log self-study, in both languages.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import * as learnersCsv from "../routes/cohorts.$cohortId.report.learners";
import * as reportPage from "../routes/cohorts.$cohortId.report";
import * as confirmPage from "../routes/cohorts.$cohortId.learning";
import * as learningPage from "../routes/learning";
import * as settingsPage from "../routes/settings";
import { leadershipDb } from "../server/progress.server";
import { cohortNamed } from "./support";

beforeAll(seedDemo);

/** A CSV line's cells; a cell in quotes may hold a comma. */
const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"'));

async function learnersCsvOf(cohortId: number, locale: Locale) {
  const answer = await run(learnersCsv.loader, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/report/learners?lng=${locale}`), { cohortId: String(cohortId) });
  return (answer.data as string).replace(/^\uFEFF/, "").trim().split("\r\n").map(cells);
}

/**
 * Each learner's hours read straight from the tables, by employee number: the taught minutes of the held
 * sessions they were present at (each session's length, its start to its end) and their confirmed self-study.
 */
async function minutesFromTheTables(cohortId: number) {
  const now = new Date().toISOString();
  const present = await db()
    .selectFrom("attendance as a")
    .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["p.employee_number", "s.starts_at", "s.ends_at"])
    .where("s.cohort_id", "=", cohortId)
    .where("s.status", "=", "scheduled")
    .where("s.starts_at", "<=", now)
    .where("a.status", "=", "present")
    .execute();
  const selfStudy = await leadershipDb()
    .selectFrom("leadership_guided_learning as g")
    .innerJoin("enrolments as e", "e.id", "g.enrolment_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["p.employee_number", "g.minutes"])
    .where("e.cohort_id", "=", cohortId)
    .where("g.confirmed_at", "is not", null)
    .execute();
  const taught = new Map<string, number>();
  for (const p of present) taught.set(p.employee_number, (taught.get(p.employee_number) ?? 0) + (Date.parse(p.ends_at) - Date.parse(p.starts_at)) / 60_000);
  const studied = new Map<string, number>();
  for (const s of selfStudy) studied.set(s.employee_number, (studied.get(s.employee_number) ?? 0) + s.minutes);
  return { taught: (employee: string) => taught.get(employee) ?? 0, selfStudy: (employee: string) => studied.get(employee) ?? 0 };
}

describe("the learners' CSV", () => {
  it("gives the taught sessions attended as the guided learning hours, the self-study as its own column, and the total", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const [header, ...rows] = await learnersCsvOf(id, "en-GB");
    expect(header).toEqual([
      "Employee number",
      "Family name",
      "Given name",
      "Sessions attended",
      "Sessions held",
      "Attendance",
      "Guided learning hours (taught sessions attended)",
      "Self-study hours confirmed",
      "Total hours (guided learning and self-study)",
      "Expected to complete",
    ]);
    expect(rows).toHaveLength(13);
    const expected = await minutesFromTheTables(id);
    const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
    for (const row of rows) {
      const [employee, , , attended] = row;
      const [guided, selfStudy, total] = row.slice(6, 9).map(Number);
      expect(guided, employee).toBe(hoursOf(expected.taught(employee)));
      // Every demo session lasts three and a half hours.
      expect(guided, employee).toBe(Number(attended) * 3.5);
      expect(selfStudy, employee).toBe(hoursOf(expected.selfStudy(employee)));
      expect(total, employee).toBe(hoursOf(expected.taught(employee) + expected.selfStudy(employee)));
    }
    // The demo learners have both, so a column holding the other's figure would show.
    expect(rows.every((row) => Number(row[6]) > 0 && Number(row[7]) > 0 && Number(row[6]) !== Number(row[7]))).toBe(true);
  });

  it("heads the same columns in Welsh", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const [header] = await learnersCsvOf(id, "cy");
    expect(header.slice(6, 9)).toEqual(["Oriau dysgu dan arweiniad (sesiynau a addysgir a fynychwyd)", "Oriau hunan-astudio wedi'u cadarnhau", "Cyfanswm yr oriau (dysgu dan arweiniad a hunan-astudio)"]);
  });
});

describe("the pages' wording", () => {
  /** A page as the server renders it from its real loader's data, in a language. */
  async function rendered(page: { loader: typeof learningPage.loader; default: () => JSX.Element }, account: "ld" | "manager", path: string, locale: Locale, params: Record<string, string> = {}) {
    const loaded = await run(page.loader, await requestAs(account, `${path}?lng=${locale}`), params);
    return { data: loaded.data as { title: string }, html: decodeHtml(await renderedAfterPost(page.default, loaded.data, null, locale)) };
  }

  it("calls the learner's log self-study, never guided learning, in English and Welsh", async () => {
    const english = await rendered(learningPage, "manager", "/programmes/leadership/learning", "en-GB");
    expect(english.data.title).toBe("Your self-study");
    expect(english.html).toContain("Add self-study");
    expect(english.html).not.toMatch(/guided/i);
    const welsh = await rendered(learningPage, "manager", "/programmes/leadership/learning", "cy");
    expect(welsh.data.title).toBe("Eich hunan-astudio");
    expect(welsh.html).toContain("Ychwanegu hunan-astudio");
    expect(welsh.html).not.toContain("dan arweiniad");
  });

  it("asks L&D to confirm self-study", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const path = `/programmes/leadership/cohorts/${id}/learning`;
    const english = await rendered(confirmPage as never, "ld", path, "en-GB", { cohortId: String(id) });
    expect(english.data.title).toBe("Confirm self-study");
    expect(english.html).not.toMatch(/guided/i);
    const welsh = await rendered(confirmPage as never, "ld", path, "cy", { cohortId: String(id) });
    expect(welsh.data.title).toBe("Cadarnhau hunan-astudio");
    expect(welsh.html).not.toContain("dan arweiniad");
  });

  it("heads the cohort report's hours as guided learning (taught), self-study and total", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const { html } = await rendered(reportPage as never, "ld", `/programmes/leadership/cohorts/${id}/report`, "en-GB", { cohortId: String(id) });
    expect(html).toContain("Guided learning hours (taught sessions attended)");
    expect(html).toContain("Self-study hours confirmed");
    expect(html).toContain("Total hours (guided learning and self-study)");
    expect(html).not.toContain("Guided hours confirmed");
  });

  it("asks L&D for the self-study hours a learner needs, saying they are not ILM's guided learning hours", async () => {
    const { data, html } = await rendered(settingsPage as never, "ld", "/programmes/leadership/settings", "en-GB");
    expect(data.title).toBe("Programme rules");
    expect(html).toContain("Self-study hours a learner needs");
    expect(html).toContain("These are not ILM's guided learning hours: those are the tutor-led taught sessions.");
    expect(html).not.toContain("Guided-learning hours");
    const welsh = await rendered(settingsPage as never, "ld", "/programmes/leadership/settings", "cy");
    expect(welsh.html).toContain("Oriau hunan-astudio sydd eu hangen ar ddysgwr");
  });

  it("names guided learning only for the programme itself and for the taught hours, in both languages", async () => {
    /** Every string of a locale, by its key. */
    const strings = (tree: object, prefix = ""): [string, string][] =>
      Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : strings(value as object, `${prefix}${key}.`)));
    const naming = (locale: object, words: RegExp) => strings(locale).filter(([, text]) => words.test(text)).map(([key]) => key);
    const allowed = ["summary", "settings.guidedHoursTargetHint", "hoursReport.guidedLearningHours", "hoursReport.totalHours"];
    expect(naming(enGB, /guided/i)).toEqual(allowed);
    expect(naming(cy, /dan arweiniad/i)).toEqual(allowed);
  });
});
