// What a year refuses, through the real routes: a year started twice shows the one that exists, a form
// posted after the year is decided comes back with what was typed, text over its limit and dates in the
// future are refused at their fields.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import asye from "../plugin";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { ctx, employeeNumber, form, newAsyeWorker, startRoute, startYearFor, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

describe("starting a year that has been started already", () => {
  it("shows the year that exists, saying the form saved nothing, after a second click or a colleague's start", async () => {
    const { action } = await startRoute();
    const personId = await newAsyeWorker("E-TWICE-1");
    const started = await startYearFor(await personIdOf("practitioner"), 100, personId);
    const path = `/programmes/asye/years/new?person=${personId}`;
    const manager = await employeeNumber(await personIdOf("manager"));
    const again = { startsOn: plusDays(today(), -100), assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: manager };
    const colleague = { ...again, assessor: manager };
    for (const fields of [again, colleague]) {
      const answer = await run(action, await requestAs("ld", path, form(fields)));
      expect(answer.status).toBe(303);
      expect(answer.headers.get("Location")).toBe(`${started.path}?notice=alreadyStarted`);
    }
    // Nothing the later forms held was saved: one year, with the first start's assessor.
    expect((await asyeDb().selectFrom("asye_years").select("assessor_id").where("person_id", "=", personId).execute()).map((y) => y.assessor_id)).toEqual([await personIdOf("practitioner")]);
    const { loader } = await yearRoute();
    const page = (await run(loader, await requestAs("ld", `${started.path}?notice=alreadyStarted`), started.params)).data as { alreadyStarted: boolean };
    expect(page.alreadyStarted).toBe(true);
    expect(ctx().t("year.alreadyStarted.message")).toMatch(/^This person's ASYE year had already been started, so the start form saved nothing/);
    expect(pluginContext(asye, "cy").t("year.alreadyStarted.message")).toMatch(/^Roedd blwyddyn ASYE y person hwn wedi dechrau eisoes/);
  });
});

describe("a form posted after the year is decided", () => {
  it("comes back on the year page with the refusal at its first field and what was typed, in English and Welsh", async () => {
    const { action, loader, default: YearPage } = await yearRoute();
    const year = await startYearFor(await personIdOf("practitioner"), 200, await newAsyeWorker("E-LATE-1"));
    // Decided while the manager's page still had the forms open.
    await asyeDb().updateTable("asye_years").set({ recommendation: "pass", decision: "pass" }).where("id", "=", year.yearId).execute();
    const late: [Record<string, string>, string, string][] = [
      [{ intent: "review", month: "3", heldOn: today(), outcome: "on_track", note: "Late review note, typed at length." }, "review-month", "Late review note, typed at length."],
      [{ intent: "evidence", kind: "direct_observation", occurredOn: today(), title: "Late home visit observation" }, "evidence-kind", "Late home visit observation"],
      [{ intent: "supervision", heldOn: plusDays(today(), -2) }, "supervision-heldOn", plusDays(today(), -2)],
      [{ intent: "leave", startsOn: plusDays(today(), -9), endsOn: plusDays(today(), -5), reason: "Late sickness reason" }, "leave-startsOn", "Late sickness reason"],
    ];
    for (const [fields, fieldId, typed] of late) {
      const answer = await run(action, await requestAs("manager", year.path, form(fields)), year.params);
      expect(answer.status, fields.intent).toBe(400);
      for (const [lng, refusal] of [["en-GB", "This year has been decided, so nothing more can be recorded on it"], ["cy", "Mae penderfyniad wedi'i wneud ar y flwyddyn hon, felly ni ellir cofnodi dim mwy arni"]]) {
        const page = await run(loader, await requestAs("manager", `${year.path}?lng=${lng}`), year.params);
        const html = decodeHtml(await renderedAfterPost(YearPage, page.data, answer.data, lng as "en-GB" | "cy"));
        expect(errorSummaryTargets(html), fields.intent).toEqual([fieldId]);
        expect(html.split(refusal).length - 1, `${fields.intent} ${lng}`).toBe(2); // in the summary and at the field
        expect(html, fields.intent).toContain(typed);
      }
    }
    const rows = async (table: "asye_reviews" | "asye_evidence" | "asye_supervision" | "asye_leave") => (await asyeDb().selectFrom(table).select("id").where("year_id", "=", year.yearId).execute()).length;
    expect([await rows("asye_reviews"), await rows("asye_evidence"), await rows("asye_supervision"), await rows("asye_leave")]).toEqual([0, 0, 0, 0]);
  });
});

describe("text over its limit", () => {
  it("is refused with a message that names the field's limit, in English and Welsh", async () => {
    const { action } = await yearRoute();
    const year = await startYearFor(await personIdOf("practitioner"), 200, await newAsyeWorker("E-LIMIT-1"));
    const post = async (who: DemoAccount, fields: Record<string, string>) => ((await run(action, await requestAs(who, year.path, form(fields)), year.params)).data as Errors).reply.error;
    expect(await post("manager", { intent: "review", month: "3", heldOn: today(), outcome: "on_track", note: "x".repeat(4001) })).toEqual({ note: ["review.errors.noteTooLong"] });
    expect(await post("manager", { intent: "evidence", kind: "direct_observation", occurredOn: today(), title: "x".repeat(301) })).toEqual({ title: ["evidence.errors.titleTooLong"] });
    expect(await post("ld", { intent: "leave", startsOn: today(), endsOn: today(), reason: "x".repeat(201) })).toEqual({ reason: ["leave.errors.reasonTooLong"] });
    expect(await post("practitioner", { intent: "recommendation", recommendation: "pass", note: "x".repeat(4001) })).toEqual({ note: ["recommendation.errors.noteTooLong"] });
    expect(await post("ld", { intent: "decision", decision: "pass", decidedOn: today(), note: "x".repeat(4001) })).toEqual({ note: ["decision.errors.noteTooLong"] });
    const english = pluginContext(asye, "en-GB").t;
    const welsh = pluginContext(asye, "cy").t;
    expect(english("review.errors.noteTooLong")).toBe("The note must be 4,000 characters or fewer");
    expect(welsh("review.errors.noteTooLong")).toBe("Rhaid i'r nodyn fod yn 4,000 nod neu lai");
    expect(english("evidence.errors.titleTooLong")).toBe("The description must be 300 characters or fewer");
    expect(welsh("evidence.errors.titleTooLong")).toBe("Rhaid i'r disgrifiad fod yn 300 nod neu lai");
    expect(english("leave.errors.reasonTooLong")).toBe("The reason must be 200 characters or fewer");
    expect(welsh("leave.errors.reasonTooLong")).toBe("Rhaid i'r rheswm fod yn 200 nod neu lai");
    for (const key of ["recommendation.errors.noteTooLong", "decision.errors.noteTooLong"]) {
      expect(english(key)).toMatch(/ must be 4,000 characters or fewer$/);
      expect(welsh(key)).toMatch(/ fod yn 4,000 nod neu lai$/);
    }
  });
});

describe("dates not in the future", () => {
  it("take today as London's date, so an entry dated today is taken just after midnight in summer time", async () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      const { action } = await yearRoute();
      const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-LONDON-1"));
      const post = async (fields: Record<string, string>) => run(action, await requestAs("manager", year.path, form(fields)), year.params);
      expect((await post({ intent: "supervision", heldOn: "2026-07-02" })).status).toBe(303);
      expect((await post({ intent: "evidence", kind: "direct_observation", occurredOn: "2026-07-02", title: "Observed a home visit" })).status).toBe(303);
      expect((await post({ intent: "review", month: "3", heldOn: "2026-07-02", outcome: "on_track", note: "Settling in well." })).status).toBe(303);
      const tomorrow = await post({ intent: "supervision", heldOn: "2026-07-03" });
      expect(tomorrow.status).toBe(400);
      expect((tomorrow.data as Errors).reply.error).toEqual({ heldOn: ["errors.future"] });
      // Today's session closes the gap since the start: supervision is not overdue.
      expect((await yearById(year.yearId))!.openGap).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a leave date that is not a date", () => {
  it("is refused at its field and in the summary, not answered 500, on a running year and on a decided one", async () => {
    const { action, loader, default: YearPage } = await yearRoute();
    const running = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-BADLEAVE-1"));
    const decided = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-BADLEAVE-2"));
    await asyeDb().updateTable("asye_years").set({ recommendation: "pass", decision: "pass" }).where("id", "=", decided.yearId).execute();
    const endsOn = plusDays(today(), -5);
    for (const startsOn of ["x", "2026-13-01", "31/12/2026"]) {
      const fields = { intent: "leave", startsOn, endsOn, reason: "Sickness, typed with a bad date" };
      const answer = await run(action, await requestAs("manager", running.path, form(fields)), running.params);
      expect(answer.status, startsOn).toBe(400);
      expect((answer.data as Errors).reply.error, startsOn).toEqual({ startsOn: ["errors.date"] });
      const page = await run(loader, await requestAs("manager", running.path), running.params);
      const html = decodeHtml(await renderedAfterPost(YearPage, page.data, answer.data));
      expect(errorSummaryTargets(html), startsOn).toEqual(["leave-startsOn"]);
      expect(html.split(ctx().t("errors.date")).length - 1, startsOn).toBe(2); // in the summary and at the field
      expect(html, startsOn).toContain("Sickness, typed with a bad date");
      // Decided meanwhile: the refusal for a decided year, still not a 500.
      const late = await run(action, await requestAs("manager", decided.path, form(fields)), decided.params);
      expect(late.status, startsOn).toBe(400);
      expect((late.data as Errors).reply.error.startsOn, startsOn).toEqual(["year.errors.decided"]);
    }
    // The end date malformed, or both: refused at the date, with no "ends before it starts" beside it.
    const post = async (fields: Record<string, string>) => ((await run(action, await requestAs("manager", running.path, form({ intent: "leave", reason: "Leave", ...fields })), running.params)).data as Errors).reply.error;
    expect(await post({ startsOn: endsOn, endsOn: "2026-02-30" })).toEqual({ endsOn: ["errors.date"] });
    expect(await post({ startsOn: "x", endsOn: "y" })).toEqual({ startsOn: ["errors.date"], endsOn: ["errors.date"] });
    expect((await asyeDb().selectFrom("asye_leave").select("id").where("year_id", "in", [running.yearId, decided.yearId]).execute()).length).toBe(0);
  });
});
