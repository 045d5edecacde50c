// English counts read right at 1 and above ("1 week", "3 weeks"; "1 row checked", "2 rows checked"), and the
// Welsh, which words any number with one form, reads as before: the year's record from the year page's
// loader, rendered as the server renders it; the notice of an extension as /me words it (and notices sent
// before the count was stored); and the caseload check, limit, import and its problems.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { addNotice, openNotices } from "../../../app/services/notices.server";
import { isoDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { fixedT, serverI18n } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ASYE_STAGE, DEFAULT_CASELOAD_SETTINGS } from "../caseload/constants";
import { formatLimit, limitAsShown } from "../caseload/format";
import { importCaseloads } from "../caseload/server/import.server";
import { saveCaseloadSettings } from "../caseload/server/settings.server";
import { addWeeks, weekOf } from "../caseload/server/weeks";
import { averageText, importDoneText, importWeekText, limitText } from "../caseload/wording";
import { YearRecord } from "../components/YearRecord";
import { extendNoticeCount } from "../migrations/0005-extend-notice-count";
import { DEFAULT_SETTINGS } from "../programme";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { saveAsyeSettings } from "../server/settings.server";
import type { YearView } from "../server/views.server";
import { caseloadCsv, ensureCaseloadPlugin, peopleAtStage } from "./caseload-support";
import { asDecidedOnThePage, newAsyeWorker, recordFinalReview } from "./year-support";

beforeAll(async () => {
  await ensureCaseloadPlugin();
  await seedDemo();
});

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const today = () => isoDate(new Date());
const employeeNumber = async (id: number) => (await db().selectFrom("people").select("employee_number").where("id", "=", id).executeTakeFirstOrThrow()).employee_number;
const t = (locale: Locale) => fixedT(locale, "asye");

/** The page's text as a reader sees it: tags dropped, entities read. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The year's record as entry.server renders a page: the shared i18next instance, cloned to the reader's language. */
const renderRecord = (view: YearView, locale: Locale) =>
  textOf(renderToStaticMarkup(createElement(I18nextProvider, { i18n: serverI18n().cloneInstance({ lng: locale }) }, createElement(YearRecord, { view }))));

describe("the year's record and the notice of an extension", () => {
  it("say 1 day, 1 week at one, and days and weeks above it, in English; the Welsh reads with its one form", async () => {
    // Leave of a day counts as long leave here, so a year can be one day longer for it.
    await saveAsyeSettings({ ...DEFAULT_SETTINGS, longLeaveDays: 1 }, SYSTEM_ACTOR);
    const waiting = { id: await newAsyeWorker("E-PLURAL-1") };
    // At 0.997 FTE twelve months (365 or 366 days) stretch by exactly one day.
    await db().updateTable("people").set({ fte: 0.997 }).where("id", "=", waiting.id).execute();
    const start = await import("../routes/years.new");
    const started = await run(
      start.action,
      await requestAs("ld", `/programmes/asye/years/new?person=${waiting.id}`, form({ startsOn: plusDays(today(), -800), assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: await employeeNumber(await personIdOf("manager")) })),
    );
    expect(started.status).toBe(303);
    const yearId = started.headers.get("Location")!.match(/years\/(\d+)/)![1];
    const path = `/programmes/asye/years/${yearId}`;
    const params = { yearId };
    const { action, loader } = await import("../routes/years.$yearId");
    const post = async (as: "ld" | "practitioner" | "admin", fields: Record<string, string>) => expect((await run(action, await requestAs(as, path, form(fields)), params)).status).toBe(303);
    // Started long enough ago to be past its end after both extensions: once the year's final review (each
    // extension asks for a fresh one) is held, the assessor can recommend each time.
    const extend = async (weeks: string) => {
      await recordFinalReview({ path, params });
      await post("practitioner", { intent: "recommendation", recommendation: "extend", note: "More written reports to assess." });
      await post("admin", await asDecidedOnThePage({ path, params }, { intent: "decision", decision: "extend", decidedOn: today(), note: "Agreed by the panel.", extensionWeeks: weeks }, "admin"));
    };
    const view = async () => ((await run(loader, await requestAs("ld", path), params)).data as { view: YearView }).view;
    const extendNotices = async () => (await openNotices(waiting.id)).filter((n) => n.source === "asye" && n.key === "notices.extend").sort((a, b) => a.id - b.id);
    // As /me words a notice: the notice's own namespace, its stored values.
    const worded = (notice: { source: string; key: string; values: Record<string, string | number> }, locale: Locale) => fixedT(locale, notice.source)(notice.key, notice.values);

    await post("ld", { intent: "leave", startsOn: plusDays(today(), -700), endsOn: plusDays(today(), -700), reason: "Sickness" });
    await extend("1");
    const once = await view();
    expect(once).toMatchObject({ partTimeDays: 1, leaveDays: 1, extensionWeeks: 1 });
    // (PostgreSQL keeps FTE as a four-byte real, so the hours print as stored.)
    expect(once.fte).toBeCloseTo(0.997, 5);
    expect(renderRecord(once, "en-GB")).toContain(`${once.endsOn} (1 day longer for working at ${once.fte} FTE; 1 day of long leave; extended by 1 week)`);
    expect(renderRecord(once, "cy")).toContain(`(1 diwrnod yn hirach am weithio ${once.fte} CALl; 1 diwrnod o absenoldeb hir; wedi'i hestyn 1 wythnos)`);
    const [first] = await extendNotices();
    expect(first.values).toEqual({ weeks: 1, count: 1 });
    expect(worded(first, "en-GB")).toBe("Your ASYE year has been extended by 1 week.");
    expect(worded(first, "cy")).toBe("Mae eich blwyddyn ASYE wedi'i hestyn 1 wythnos.");

    await post("ld", { intent: "leave", startsOn: plusDays(today(), -690), endsOn: plusDays(today(), -689), reason: "Sickness" });
    await extend("2");
    await asyeDb().updateTable("asye_years").set({ fte: 0.8 }).where("id", "=", Number(yearId)).execute();
    const again = await view();
    expect(again).toMatchObject({ leaveDays: 3, extensionWeeks: 3 });
    expect(again.partTimeDays).toBeGreaterThan(1);
    expect(renderRecord(again, "en-GB")).toContain(`${again.endsOn} (${again.partTimeDays} days longer for working at ${again.fte} FTE; 3 days of long leave; extended by 3 weeks)`);
    expect(renderRecord(again, "cy")).toContain(`(${again.partTimeDays} diwrnod yn hirach am weithio ${again.fte} CALl; 3 diwrnod o absenoldeb hir; wedi'i hestyn 3 wythnos)`);
    const [, second] = await extendNotices();
    expect(worded(second, "en-GB")).toBe("Your ASYE year has been extended by 2 weeks.");
    expect(worded(second, "cy")).toBe("Mae eich blwyddyn ASYE wedi'i hestyn 2 wythnos.");

    await saveAsyeSettings(DEFAULT_SETTINGS, SYSTEM_ACTOR);
  });

  it("gives a notice of an extension sent before the count was stored its count, so it still reads in English", async () => {
    const personId = await personIdOf("asye");
    await addNotice({ personId, source: "asye", messageKey: "notices.extend", values: { weeks: 1 } });
    await addNotice({ personId, source: "asye", messageKey: "notices.extend", values: { weeks: 6 } });
    const legacy = async () => (await openNotices(personId)).filter((n) => n.key === "notices.extend").sort((a, b) => a.id - b.id);
    // Without a count English has no form to choose, and shows the key.
    expect((await legacy()).map((n) => t("en-GB")(n.key, n.values))).toEqual(["notices.extend", "notices.extend"]);
    await extendNoticeCount.up(db());
    const notices = await legacy();
    expect(notices.map((n) => n.values)).toEqual([{ weeks: 1, count: 1 }, { weeks: 6, count: 6 }]);
    expect(notices.map((n) => t("en-GB")(n.key, n.values))).toEqual(["Your ASYE year has been extended by 1 week.", "Your ASYE year has been extended by 6 weeks."]);
    expect(notices.map((n) => t("cy")(n.key, n.values))).toEqual(["Mae eich blwyddyn ASYE wedi'i hestyn 1 wythnos.", "Mae eich blwyddyn ASYE wedi'i hestyn 6 wythnos."]);
    // Running it again changes nothing.
    await extendNoticeCount.up(db());
    expect((await legacy()).map((n) => n.values)).toEqual([{ weeks: 1, count: 1 }, { weeks: 6, count: 6 }]);
  });
});

describe("the caseload's counts", () => {
  const thisWeek = weekOf(today());
  // Before the seeded weeks, so this file owns them.
  const ONE = addWeeks(thisWeek, -30);
  const TWO = addWeeks(thisWeek, -31);

  it("word the check's people and limit by their number: 1 person, 1 case; 2 people, 21 cases", async () => {
    const sw = await peopleAtStage("social_worker", 2);
    const [asye] = await peopleAtStage(ASYE_STAGE, 1);
    expect((await importCaseloads(caseloadCsv([[sw[0].employee_number, ONE, 1], [asye.employee_number, ONE, 1]]), SYSTEM_ACTOR)).ok).toBe(true);
    expect((await importCaseloads(caseloadCsv([[sw[0].employee_number, TWO, 20], [sw[1].employee_number, TWO, 22], [asye.employee_number, TWO, 2]]), SYSTEM_ACTOR)).ok).toBe(true);
    // All of the experienced average, so one worker's single case is a limit of 1.
    await saveCaseloadSettings({ ...DEFAULT_CASELOAD_SETTINGS, sharePercent: 100 }, SYSTEM_ACTOR);
    type Check = { experiencedAverage: string; experiencedPeople: number; asyeAverage: string; asyePeople: number; limit: string; limitCount: number };
    const check = async (route: "caseload" | "caseload.highest", week: string, lng: Locale) => {
      const page = route === "caseload" ? await import("../routes/caseload") : await import("../routes/caseload.highest");
      return ((await run(page.loader, await requestAs("ld", `/programmes/asye/${route.replace(".", "/")}?week=${week}&lng=${lng}`))).data as { check: Check }).check;
    };
    const words = (c: Check, locale: Locale) => [averageText(t(locale), c.experiencedAverage, c.experiencedPeople), averageText(t(locale), c.asyeAverage, c.asyePeople), limitText(t(locale), c)];

    const one = await check("caseload", ONE, "en-GB");
    expect(one).toMatchObject({ experiencedAverage: "1.0", experiencedPeople: 1, limit: "1", limitCount: 1 });
    expect(words(one, "en-GB")).toEqual(["1.0 cases (1 person)", "1.0 cases (1 person)", "1 case"]);
    expect(words(await check("caseload", ONE, "cy"), "cy")).toEqual(["1.0 o achosion (1 o bobl)", "1.0 o achosion (1 o bobl)", "1 o achosion"]);
    const two = await check("caseload", TWO, "en-GB");
    expect(words(two, "en-GB")).toEqual(["21.0 cases (2 people)", "2.0 cases (1 person)", "21 cases"]);
    expect(words(await check("caseload", TWO, "cy"), "cy")).toEqual(["21.0 o achosion (2 o bobl)", "2.0 o achosion (1 o bobl)", "21 o achosion"]);
    // The list of highest caseloads prints the same limit.
    expect(limitText(t("en-GB"), await check("caseload.highest", ONE, "en-GB"))).toBe("1 case");

    // The limit agrees with the number as printed, to two places: 0.99 is cases, and 0.999 prints as 1.
    await saveCaseloadSettings({ ...DEFAULT_CASELOAD_SETTINGS, sharePercent: 99 }, SYSTEM_ACTOR);
    expect(limitText(t("en-GB"), await check("caseload", ONE, "en-GB"))).toBe("0.99 cases");
    expect(limitText(t("en-GB"), { limit: formatLimit(0.999, "en-GB"), limitCount: limitAsShown(0.999) })).toBe("1 case");
    await saveCaseloadSettings(DEFAULT_CASELOAD_SETTINGS, SYSTEM_ACTOR);
  });

  it("word the import's rows and figures by their number: 1 row, 1 figure; 2 rows, 2 figures", async () => {
    const sw = await peopleAtStage("social_worker", 2);
    const week = addWeeks(thisWeek, -32);
    const upload = async (csv: string, lng: Locale = "en-GB") => {
      const page = await import("../routes/caseload.import");
      const body = new FormData();
      body.set("file", new File([csv], "caseload.csv", { type: "text/csv" }));
      const outcome = await run(page.action, await requestAs("ld", `/programmes/asye/caseload/import?lng=${lng}`, { method: "POST", body }));
      expect(outcome.status).toBe(200);
      return outcome.data as { rows: number; weeks: { label: string; rows: number; changed: boolean }[] };
    };
    const words = (done: Awaited<ReturnType<typeof upload>>, locale: Locale) => [importDoneText(t(locale), done.rows), ...done.weeks.map((w) => importWeekText(t(locale), w))];

    const single = caseloadCsv([[sw[0].employee_number, week, 12]]);
    const first = await upload(single);
    expect(words(first, "en-GB")).toEqual(["1 row checked.", `Week beginning ${first.weeks[0].label}: 1 figure saved, replacing what was held for that week.`]);
    const same = await upload(single, "cy");
    expect(words(same, "cy")).toEqual(["Gwiriwyd 1 o resi.", `Wythnos yn dechrau ${same.weeks[0].label}: 1 o ffigurau, yr un fath â'r hyn a gedwir eisoes. Ni newidiodd dim.`]);
    expect(words(await upload(single), "en-GB")[1]).toMatch(/: 1 figure, the same as already held\. Nothing changed\.$/);

    const pair = caseloadCsv([[sw[0].employee_number, week, 12], [sw[1].employee_number, week, 14]]);
    const both = await upload(pair);
    expect(words(both, "en-GB")).toEqual(["2 rows checked.", `Week beginning ${both.weeks[0].label}: 2 figures saved, replacing what was held for that week.`]);
    expect(words(await upload(pair), "en-GB")[1]).toMatch(/: 2 figures, the same as already held\. Nothing changed\.$/);
  });

  it("says how many values a line has against the columns named, whatever the numbers", async () => {
    const outcome = await importCaseloads("employee_number,date,allocated_cases\nE1\n", SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 2, key: "asye:caseload.import.errors.columnCount", values: { found: 1, expected: 3 } }] });
    const [problem] = (outcome as { problems: { key: string; values?: Record<string, string | number> }[] }).problems;
    // As the problems table words it.
    expect(fixedT("en-GB")(problem.key, problem.values)).toBe("The values on this line do not match the columns the first line names. Values: 1. Columns: 3");
    expect(fixedT("cy")(problem.key, problem.values)).toBe("Mae gan y llinell hon 1 o werthoedd ond mae'r llinell gyntaf yn enwi 3 o golofnau");
  });
});
