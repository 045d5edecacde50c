// What the worker is told of their year on /me: a year starting after London's today "starts on" its
// date (not "has started"), and a passed or failed year shows its outcome, not reviews and evidence due.
import { beforeAll, describe, expect, it } from "vitest";
import { openNotices } from "../../../app/services/notices.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { formatValues } from "../../../app/services/readiness.server";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import asye from "../plugin";
import { plusDays } from "../server/schedule";
import { meWidget } from "../server/widgets.server";
import { asDecidedOnThePage, endedYear, form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

/** The worker's ASYE notice as /me words it: the notice's own namespace, its dates in the reader's language. */
async function noticeOf(personId: number, locale: Locale) {
  const [notice] = (await openNotices(personId)).filter((n) => n.source === "asye");
  return fixedT(locale, notice.source)(notice.key, formatValues(notice.values, locale));
}

describe("the notice of a year started", () => {
  it("says it starts on its date when that is after today, in English and Welsh", async () => {
    const personId = await newAsyeWorker("E-NOTICE-1");
    const startsOn = plusDays(today(), 30);
    await startYearFor(await personIdOf("practitioner"), -30, personId);
    expect(await noticeOf(personId, "en-GB")).toBe(`Your ASYE year starts on ${formatDate(startsOn, "en-GB")}.`);
    expect(await noticeOf(personId, "cy")).toBe(`Bydd eich blwyddyn ASYE yn dechrau ar ${formatDate(startsOn, "cy")}.`);
  });

  it("says it has started when it started today or before, in English and Welsh", async () => {
    for (const [n, daysAgo] of [0, 10].entries()) {
      const personId = await newAsyeWorker(`E-NOTICE-${n + 2}`);
      const startsOn = plusDays(today(), -daysAgo);
      await startYearFor(await personIdOf("practitioner"), daysAgo, personId);
      expect(await noticeOf(personId, "en-GB")).toBe(`Your ASYE year has started on ${formatDate(startsOn, "en-GB")}.`);
      expect(await noticeOf(personId, "cy")).toBe(`Mae eich blwyddyn ASYE wedi dechrau ar ${formatDate(startsOn, "cy")}.`);
    }
  });
});

describe("the /me card of a decided year", () => {
  const card = async (personId: number, locale: Locale) => (await meWidget(pluginContext(asye, locale), { userId: 0, personId, roles: ["practitioner"] }))!;

  async function decided(employee: string, decision: "pass" | "fail") {
    const year = await endedYear(await personIdOf("practitioner"), employee);
    const { action } = await yearRoute();
    const recommendation = { intent: "recommendation", recommendation: decision, note: "The year's evidence, assessed." };
    expect((await run(action, await requestAs("practitioner", year.path, form(recommendation)), year.params)).status).toBe(303);
    // Decided before the evidence was all in and after reviews fell due: none of that is outstanding once decided.
    const fields = await asDecidedOnThePage(year, { intent: "decision", decision, decidedOn: today(), note: "Decided by the panel." });
    expect((await run(action, await requestAs("ld", year.path, form(fields)), year.params)).status).toBe(303);
    return year;
  }

  it("shows a pass and when it was decided, not the next review or evidence, in English and Welsh", async () => {
    const year = await decided("E-ME-CARD-1", "pass");
    const english = await card(year.personId, "en-GB");
    expect(english.body).toBe("Passed");
    expect(english.rows).toEqual([{ label: "Outcome", value: `Passed on ${formatDate(today(), "en-GB")}` }]);
    const welsh = await card(year.personId, "cy");
    expect(welsh.rows).toEqual([{ label: "Canlyniad", value: `Wedi llwyddo ar ${formatDate(today(), "cy")}` }]);
  });

  it("shows a year not passed and when it was decided, in English and Welsh", async () => {
    const year = await decided("E-ME-CARD-2", "fail");
    const english = await card(year.personId, "en-GB");
    expect(english.body).toBe("Not passed");
    expect(english.rows).toEqual([{ label: "Outcome", value: `Not passed: decided on ${formatDate(today(), "en-GB")}` }]);
    const welsh = await card(year.personId, "cy");
    expect(welsh.rows).toEqual([{ label: "Canlyniad", value: `Heb lwyddo: penderfynwyd ar ${formatDate(today(), "cy")}` }]);
  });
});
