// The ASYE year through the real loaders and actions on the seeded demo: starting a year, recording
// reviews, evidence, supervision and leave, the assessor's recommendation and the panel's decision with
// its refusals, a pass making the person a social worker, readiness in batches, and subject access.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { inboxFor } from "../../../app/services/inbox.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { db, observeQueries } from "../../../app/utils/db.server";
import { formatDate } from "../../../app/utils/dates";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { run } from "../../../tests/support/route";
import type { WidgetView } from "../../sdk";
import asye from "../plugin";
import { asyeDb } from "../server/db.server";
import { asyePersonalData } from "../server/personal-data.server";
import { asyeReadiness } from "../server/readiness.server";
import { plusDays } from "../server/schedule";
import { yearById, yearOfPerson } from "../server/years.server";
import { asDecidedOnThePage, ctx, employeeNumber, endedYear, form, newAsyeWorker, recordFinalReview, startRoute, startYearFor, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);


describe("the demo year", () => {
  it("puts asye@demo.test four months into their year, with reviews, evidence and supervision", async () => {
    const picture = (await yearOfPerson(await personIdOf("asye")))!;
    expect(picture.month).toBe(5);
    expect(picture.reviews.find((r) => r.month === 3)!.recorded).not.toBeNull();
    expect(picture.evidence.reduce((n, e) => n + e.recorded, 0)).toBeGreaterThan(0);
    expect(picture.supervision.length).toBeGreaterThan(6);
    expect(picture.openGap).toBeNull();
    const home = await import("../routes/index");
    const page = (await run(home.loader, await requestAs("asye", "/programmes/asye"))).data as { year: { month: number; reviews: { month: number }[] } };
    expect(page.year.month).toBe(5);
  });

  it("flags the demo manager's ASYE worker with a supervision gap and an overdue review in the /team inbox", async () => {
    const manager = await personIdOf("manager");
    const inbox = await inboxFor({ userId: 0, personId: manager, roles: ["manager"] }, "en-GB");
    const gaps = inbox.filter((i) => i.what === "ASYE supervision overdue");
    expect(gaps).toHaveLength(1);
    const picture = (await yearOfPerson(gaps[0].personId))!;
    expect(picture.openGap).not.toBeNull();
    expect(inbox.some((i) => i.personId === gaps[0].personId && i.what.startsWith("ASYE") && i.what.includes("review overdue"))).toBe(true);
    // The person's readiness (on /team/<id> and /me) says so too.
    const [item] = await asyeReadiness(ctx(), [gaps[0].personId]);
    expect(String(item.values!.outstanding)).toMatch(/review is overdue; supervision overdue since /);
    const list = await import("../routes/years");
    const rows = ((await run(list.loader, await requestAs("manager", "/programmes/asye/years"))).data as { rows: { name: string; gap: string | null }[]; total: number }).rows;
    expect(rows.filter((r) => r.gap)).toHaveLength(1);
    // The manager sees only their line's years; L&D see them all.
    const all = (await run(list.loader, await requestAs("ld", "/programmes/asye/years"))).data as { total: number };
    expect(all.total).toBeGreaterThan(rows.length);
  });
});

describe("the /team card's link to the years", () => {
  type Card = WidgetView & { id: string };

  it("finds as many years as the card counts: not decided ones, nor those the manager only supervises", async () => {
    // A passed year in the manager's line, and a running one outside it that the manager supervises.
    const passed = await startYearFor(await personIdOf("practitioner"), 400, await newAsyeWorker("E-CARD-1"));
    await asyeDb().updateTable("asye_years").set({ recommendation: "pass", decision: "pass" }).where("id", "=", passed.yearId).execute();
    const elsewhere = await newAsyeWorker("E-CARD-2");
    await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", elsewhere).execute();
    await startYearFor(await personIdOf("practitioner"), 100, elsewhere);

    const team = await import("../../../app/routes/team._index");
    const list = await import("../routes/years");
    for (const lng of ["en-GB", "cy"]) {
      const card = ((await run(team.loader, await requestAs("manager", `/team?lng=${lng}`))).data as { widgets: Card[] }).widgets.find((w) => w.id === "asye-team")!;
      const counted = Number(card.action!.label.match(/\((\d+)\)$/)![1]);
      const found = (await run(list.loader, await requestAs("manager", card.action!.href))).data as { total: number; rows: { id: number }[] };
      expect(found.total, lng).toBe(counted);
      expect(found.rows.map((r) => r.id)).not.toContain(passed.yearId);
    }
  });
});

describe("starting a year", () => {
  it("is L&D's, for an ASYE social worker without one, with the assessor and supervisor as people who exist", async () => {
    const { action, loader } = await startRoute();
    const waiting = await asyeDb().selectFrom("people").select("id").where("career_stage", "=", "asye_social_worker").where("id", "not in", (qb) => qb.selectFrom("asye_years").select("person_id")).orderBy("id").executeTakeFirstOrThrow();
    const path = `/programmes/asye/years/new?person=${waiting.id}`;
    expect((await run(loader, await requestAs("manager", path))).status).toBe(403);
    const bad = await run(action, await requestAs("ld", path, form({ startsOn: "2026-02-30", assessor: "NOBODY-1", supervisor: "" })));
    expect(bad.status).toBe(400);
    expect((bad.data as { error: Record<string, string[]> }).error).toEqual({ startsOn: ["errors.date"], supervisor: ["start.errors.supervisor"] });
    const unknown = await run(action, await requestAs("ld", path, form({ startsOn: today(), assessor: "NOBODY-1", supervisor: "NOBODY-2" })));
    expect((unknown.data as { error: Record<string, string[]> }).error).toEqual({ assessor: ["start.errors.unknownPerson"], supervisor: ["start.errors.unknownPerson"] });
    // The worker as their own assessor or supervisor is refused at that field, so the summary links to it.
    const self = await run(action, await requestAs("ld", path, form({ startsOn: today(), assessor: await employeeNumber(waiting.id), supervisor: await employeeNumber(waiting.id) })));
    expect(self.status).toBe(400);
    expect((self.data as { error: Record<string, string[]> }).error).toEqual({ assessor: ["start.errors.selfAssessor"], supervisor: ["start.errors.selfSupervisor"] });
    const selfAssessing = await run(action, await requestAs("ld", path, form({ startsOn: today(), assessor: await employeeNumber(waiting.id), supervisor: await employeeNumber(await personIdOf("manager")) })));
    expect((selfAssessing.data as { error: Record<string, string[]> }).error).toEqual({ assessor: ["start.errors.selfAssessor"] });
    // Someone who is not at the ASYE stage, or already has a year, is not on offer.
    expect((await run(loader, await requestAs("ld", `/programmes/asye/years/new?person=${await personIdOf("practitioner")}`))).status).toBe(404);
    expect((await run(loader, await requestAs("ld", `/programmes/asye/years/new?person=${await personIdOf("asye")}`))).status).toBe(404);
    expect((await run(loader, await requestAs("ld", "/programmes/asye/years/new?person=abc"))).status).toBe(404);
  });
});

describe("the start date the form offers", () => {
  it("is London's today just after midnight in summer time, not UTC's yesterday", async () => {
    const personId = await newAsyeWorker("E-LONDON-2");
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      const { loader } = await startRoute();
      const page = (await run(loader, await requestAs("ld", `/programmes/asye/years/new?person=${personId}`))).data as { person: { startsOn: string } };
      expect(page.person.startsOn).toBe("2026-07-02");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("recording the year", () => {
  it("keeps the hours the year started at when the person's contract changes later", async () => {
    const asyeId = await personIdOf("asye");
    const year = (await yearOfPerson(asyeId))!;
    const person = await db().selectFrom("people").select("fte").where("id", "=", asyeId).executeTakeFirstOrThrow();
    await db().updateTable("people").set({ fte: person.fte === 1 ? 0.5 : 1 }).where("id", "=", asyeId).execute();
    try {
      expect((await yearOfPerson(asyeId))!.schedule.endsOn).toBe(year.schedule.endsOn);
    } finally {
      await db().updateTable("people").set({ fte: person.fte }).where("id", "=", asyeId).execute();
    }
  });

  it("takes reviews, evidence, supervision and leave from the people supporting it, never from the worker", async () => {
    const { action, loader } = await yearRoute();
    // Three hundred days in: the 3- and 6-month reviews are overdue whether full-time or at 0.8 FTE.
    const year = await startYearFor(await personIdOf("practitioner"), 300, await newAsyeWorker("E-RECORD-1"));
    const before = (await yearById(year.yearId))!;
    expect(before.reviews.filter((r) => r.overdue).map((r) => r.month)).toEqual([3, 6]);

    const empty = await run(action, await requestAs("manager", year.path, form({ intent: "review" })), year.params);
    expect((empty.data as Errors).reply.error).toEqual({ month: ["review.errors.month"], heldOn: ["review.errors.heldOn"], outcome: ["review.errors.outcome"], note: ["review.errors.note"] });
    const review = { intent: "review", month: "3", heldOn: today(), outcome: "concerns", note: "Recording behind; protected time agreed." };
    expect((await run(action, await requestAs("manager", year.path, form(review)), year.params)).status).toBe(303);
    expect(((await run(action, await requestAs("manager", year.path, form(review)), year.params)).data as Errors).reply.error).toEqual({ month: ["review.errors.already"] });
    expect(((await run(action, await requestAs("manager", year.path, form({ ...review, month: "9" })), year.params)).data as Errors).reply.error).toEqual({ month: ["review.errors.month"] });

    const evidence = await run(action, await requestAs("practitioner", year.path, form({ intent: "evidence", kind: "direct_observation", occurredOn: today(), title: "Observed a home visit" })), year.params);
    expect(evidence.status).toBe(303);
    const future = await run(action, await requestAs("practitioner", year.path, form({ intent: "evidence", kind: "poem", occurredOn: plusDays(today(), 7), title: "" })), year.params);
    expect((future.data as Errors).reply.error).toEqual({ kind: ["evidence.errors.kind"], occurredOn: ["errors.future"], title: ["evidence.errors.title"] });

    expect((await run(action, await requestAs("manager", year.path, form({ intent: "supervision", heldOn: plusDays(today(), -3) })), year.params)).status).toBe(303);
    const leave = await run(action, await requestAs("ld", year.path, form({ intent: "leave", startsOn: plusDays(today(), -60), endsOn: plusDays(today(), -31), reason: "Sickness" })), year.params);
    expect(leave.status).toBe(303);
    const backwards = await run(action, await requestAs("ld", year.path, form({ intent: "leave", startsOn: today(), endsOn: plusDays(today(), -1), reason: "Sickness" })), year.params);
    expect((backwards.data as Errors).reply.error).toEqual({ endsOn: ["leave.errors.order"] });

    const after = (await yearById(year.yearId))!;
    expect(after.reviews.find((r) => r.month === 3)!.recorded!.outcome).toBe("concerns");
    expect(after.evidence.find((e) => e.kind === "direct_observation")!.recorded).toBe(1);
    expect(after.openGap).toBeNull();
    expect(after.schedule.leaveDays).toBe(30);
    expect(after.schedule.endsOn).toBe(plusDays(before.schedule.endsOn, 30));
    expect(await asyeDb().selectFrom("audit_events").select("action").where("person_id", "=", year.personId).where("action", "like", "asye.%").execute()).toHaveLength(5);

    // The worker is sent to their own, read-only page, and cannot post to the year.
    const ownWorker = await db().selectFrom("users").select("id").where("person_id", "=", year.personId).executeTakeFirst();
    expect(ownWorker).toBeUndefined();
    const asyeYear = (await yearOfPerson(await personIdOf("asye")))!;
    const own = await run(action, await requestAs("asye", `/programmes/asye/years/${asyeYear.year.id}`, form({ intent: "supervision", heldOn: today() })), { yearId: String(asyeYear.year.id) });
    expect(own.status).toBe(302);
    expect(own.headers.get("Location")).toBe("/programmes/asye");
    // Someone neither in the line nor assessing nor supervising gets 404; an unknown year 404.
    expect((await run(loader, await requestAs("serviceManager", `/programmes/asye/years/${asyeYear.year.id}`), { yearId: String(asyeYear.year.id) })).status).toBe(200);
    expect((await run(loader, await requestAs("practitioner", `/programmes/asye/years/${asyeYear.year.id}`), { yearId: String(asyeYear.year.id) })).status).toBe(404);
    expect((await run(loader, await requestAs("ld", "/programmes/asye/years/99999999"), { yearId: "99999999" })).status).toBe(404);
  });
});

describe("every change and its audit event", () => {
  it("land together: while the audit cannot be written, no year, review, evidence, supervision, leave or recommendation is stored", async () => {
    const { action: startAction } = await startRoute();
    const personId = await newAsyeWorker("E-AUDIT-1");
    const startPath = `/programmes/asye/years/new?person=${personId}`;
    const start = form({ startsOn: plusDays(today(), -200), assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: await employeeNumber(await personIdOf("manager")) });
    const startRequest = await requestAs("ld", startPath, start);
    expect(await failsWhileAuditFails(() => run(startAction, startRequest))).toBe(true);
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).execute()).toEqual([]);
    expect(await db().selectFrom("notices").select("id").where("person_id", "=", personId).execute()).toEqual([]);

    // Once the audit is back the same year starts (at its end, its final review held, so the assessor can
    // recommend), and each change to it is refused whole while it is down.
    const year = await startYearFor(await personIdOf("practitioner"), 400, personId);
    await recordFinalReview(year);
    const { action } = await yearRoute();
    const changes: [DemoAccount, Record<string, string>][] = [
      ["manager", { intent: "review", month: "3", heldOn: today(), outcome: "on_track", note: "Settling in well." }],
      ["manager", { intent: "evidence", kind: "direct_observation", occurredOn: today(), title: "Observed a home visit" }],
      ["manager", { intent: "supervision", heldOn: today() }],
      ["ld", { intent: "leave", startsOn: plusDays(today(), -60), endsOn: plusDays(today(), -31), reason: "Sickness" }],
      ["practitioner", { intent: "recommendation", recommendation: "pass", note: "All evidence in." }],
    ];
    for (const [who, fields] of changes) {
      const request = await requestAs(who, year.path, form(fields));
      expect(await failsWhileAuditFails(() => run(action, request, year.params)), fields.intent).toBe(true);
    }
    const rows = async (table: "asye_reviews" | "asye_evidence" | "asye_supervision" | "asye_leave") => (await asyeDb().selectFrom(table).select("id").where("year_id", "=", year.yearId).execute()).length;
    // The final review recorded before the audit went down is the only one.
    expect({ reviews: await rows("asye_reviews"), evidence: await rows("asye_evidence"), supervision: await rows("asye_supervision"), leave: await rows("asye_leave") }).toEqual({ reviews: 1, evidence: 0, supervision: 0, leave: 0 });
    expect((await yearById(year.yearId))!.year.recommendation).toBeNull();
    expect((await db().selectFrom("audit_events").select("action").where("person_id", "=", personId).orderBy("id").execute()).map((a) => a.action)).toEqual(["asye.year.started", "asye.review.recorded"]);
  });
});

describe("a year that has not started yet", () => {
  type Widgets = { widgets: (WidgetView & { id: string })[] };
  const widgetRow = (page: Widgets, id: string, label: string) => page.widgets.find((w) => w.id === id)!.rows!.find((r) => r.label === label)!.value;

  it("says so on the years list, the worker's and the manager's cards and readiness, never month 0", async () => {
    const asyeId = await personIdOf("asye");
    const { year } = (await yearOfPerson(asyeId))!;
    const startsOn = plusDays(today(), 30);
    await asyeDb().updateTable("asye_years").set({ starts_on: startsOn }).where("id", "=", year.id).execute();
    try {
      const endsOn = (await yearOfPerson(asyeId))!.schedule.endsOn;
      const list = await import("../routes/years");
      const rows = ((await run(list.loader, await requestAs("manager", `/programmes/asye/years?q=${year.family_name}`))).data as { rows: { id: number; month: string }[] }).rows;
      expect(rows.find((r) => r.id === year.id)!.month).toBe("Not started yet");

      const me = await import("../../../app/routes/me._index");
      const mine = async (lng: string) => (await run(me.loader, await requestAs("asye", `/me?lng=${lng}`))).data as Widgets & { readiness: { requirementId: string; reason: string }[] };
      const english = await mine("en-GB");
      expect(widgetRow(english, "asye-me", "Where you are")).toBe(`Not started yet: starts on ${formatDate(startsOn, "en-GB")}, ending ${formatDate(endsOn, "en-GB")}`);
      expect(english.readiness.find((r) => r.requirementId === "asye-passed")!.reason).toBe(`Starts on ${formatDate(startsOn, "en-GB")}, ending ${formatDate(endsOn, "en-GB")}`);
      const welsh = await mine("cy");
      expect(widgetRow(welsh, "asye-me", "Ble rydych chi arni")).toBe(`Heb ddechrau eto: yn dechrau ar ${formatDate(startsOn, "cy")}, yn gorffen ${formatDate(endsOn, "cy")}`);
      expect(welsh.readiness.find((r) => r.requirementId === "asye-passed")!.reason).toBe(`Yn dechrau ar ${formatDate(startsOn, "cy")}, yn gorffen ${formatDate(endsOn, "cy")}`);

      const team = await import("../../../app/routes/team._index");
      const theirs = (await run(team.loader, await requestAs("manager", "/team"))).data as Widgets;
      expect(widgetRow(theirs, "asye-team", `${year.given_name} ${year.family_name}`)).toBe(`Not started yet: starts on ${formatDate(startsOn, "en-GB")}`);
    } finally {
      await asyeDb().updateTable("asye_years").set({ starts_on: year.starts_on }).where("id", "=", year.id).execute();
    }
  });
});

describe("recommendation and decision", () => {
  it("lets only the assessor recommend and only L&D decide; a pass makes the person a social worker with history, CPD and a notice", async () => {
    const { action, loader } = await yearRoute();
    const year = await endedYear(await personIdOf("practitioner"), "E-DECIDE-1");
    const decision = { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel." };
    expect(((await run(action, await requestAs("ld", year.path, form(decision)), year.params)).data as Errors).reply.error).toEqual({ "": ["decision.errors.noRecommendation"] });

    const recommendation = { intent: "recommendation", recommendation: "pass", note: "All evidence in; consistently good practice." };
    expect(((await run(action, await requestAs("manager", year.path, form(recommendation)), year.params)).data as Errors).reply.error).toEqual({ "": ["recommendation.errors.notAssessor"] });
    // The assessor is a practitioner outside the line, and reaches the year because they assess it.
    expect((await run(loader, await requestAs("practitioner", year.path), year.params)).status).toBe(200);
    expect((await run(action, await requestAs("practitioner", year.path, form(recommendation)), year.params)).status).toBe(303);
    expect((await run(action, await requestAs("practitioner", year.path, form(decision)), year.params)).status).toBe(403);
    expect((await run(action, await requestAs("manager", year.path, form(decision)), year.params)).status).toBe(403);

    const page = (await run(loader, await requestAs("ld", year.path), year.params)).data as { canDecide: boolean; view: { status: string } };
    expect(page).toMatchObject({ canDecide: true, view: { status: "awaiting_decision" } });
    expect((await run(action, await requestAs("ld", year.path, form(await asDecidedOnThePage(year, decision))), year.params)).status).toBe(303);

    const person = await db().selectFrom("people").select("career_stage").where("id", "=", year.personId).executeTakeFirstOrThrow();
    expect(person.career_stage).toBe("social_worker");
    const history = await db().selectFrom("career_stage_history").selectAll().where("person_id", "=", year.personId).orderBy("id").execute();
    expect(history.map((h) => ({ stage: h.stage_code, source: h.source, on: h.started_on })).at(-1)).toEqual({ stage: "social_worker", source: "asye", on: today() });
    expect(history.filter((h) => h.source === "asye")).toHaveLength(1);
    const cpd = await db().selectFrom("cpd_entries").selectAll().where("person_id", "=", year.personId).where("source", "=", "asye").execute();
    expect(cpd.map((c) => ({ ref: c.source_ref, title: c.title, titleCy: c.title_cy, on: c.occurred_on }))).toEqual([{ ref: "asye-passed", title: "Assessed and Supported Year in Employment passed", titleCy: "Wedi llwyddo yn y Flwyddyn Asesedig â Chymorth mewn Cyflogaeth", on: today() }]);
    const audit = await db().selectFrom("audit_events").select("action").where("person_id", "=", year.personId).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["asye.year.started", "asye.recommendation.recorded", "career_stage.moved", "asye.decision.pass"]));
    const notices = await db().selectFrom("notices").select("message_key").where("person_id", "=", year.personId).where("source", "=", "asye").execute();
    expect(notices.map((n) => n.message_key)).toEqual(["notices.started", "notices.pass"]);

    // Decided once: a second decision is refused, and readiness says it is met.
    expect(((await run(action, await requestAs("admin", year.path, form({ ...decision, decision: "fail" })), year.params)).data as Errors).reply.error).toEqual({ "": ["decision.errors.closed"] });
    const [item] = await asyeReadiness(ctx(), [year.personId]);
    expect(item).toMatchObject({ requirementId: "asye-passed", status: "met", values: { date: today() } });

    // A decided year is a record: nothing more is added to it, and its dates stay where they were.
    const leaveCount = async () => (await asyeDb().selectFrom("asye_leave").select("id").where("year_id", "=", year.yearId).execute()).length;
    const before = await leaveCount();
    for (const change of <Record<string, string>[]>[
      { intent: "leave", startsOn: today(), endsOn: plusDays(today(), 90), reason: "Sickness" },
      { intent: "supervision", heldOn: today() },
      { intent: "evidence", kind: "direct_observation", occurredOn: today(), title: "Late" },
      { intent: "review", month: "12", heldOn: today(), outcome: "on_track", note: "Late" },
    ]) {
      const refused = await run(action, await requestAs("ld", year.path, form(change)), year.params);
      expect(refused.status).toBe(400);
      expect(Object.values((refused.data as Errors).reply.error)).toEqual([["year.errors.decided"]]);
    }
    expect(await leaveCount()).toBe(before);
  });

  it("refuses a decision from whoever made the recommendation, and an extension asks for a fresh one later", async () => {
    const { action, loader } = await yearRoute();
    // An assessor is a qualified social worker: this L&D officer is a practice educator with no career stage.
    await db().updateTable("people").set({ qualification_date: "2012-07-01" }).where("id", "=", await personIdOf("ld")).execute();
    const year = await endedYear(await personIdOf("ld"), "E-EXTEND-1");
    expect((await run(action, await requestAs("ld", year.path, form({ intent: "recommendation", recommendation: "extend", note: "Two written reports still to assess." })), year.params)).status).toBe(303);
    const decision = { intent: "decision", decision: "extend", decidedOn: today(), note: "Agreed." };
    expect(((await run(action, await requestAs("ld", year.path, form({ ...decision, extensionWeeks: "8" })), year.params)).data as Errors).reply.error).toEqual({ "": ["decision.errors.own"] });
    expect(((await run(action, await requestAs("admin", year.path, form(decision)), year.params)).data as Errors).reply.error).toEqual({ extensionWeeks: ["decision.errors.extensionWeeks"] });
    const before = (await yearById(year.yearId))!;
    expect((await run(action, await requestAs("admin", year.path, form(await asDecidedOnThePage(year, { ...decision, extensionWeeks: "8" }, "admin"))), year.params)).status).toBe(303);
    const after = (await yearById(year.yearId))!;
    expect(after.status).toBe("in_progress");
    expect(after.year.recommendation).toBeNull();
    expect(after.schedule.endsOn).toBe(plusDays(before.schedule.endsOn, 56));
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", year.personId).executeTakeFirstOrThrow()).career_stage).toBe("asye_social_worker");

    // The fresh recommendation waits for the new end, eight weeks on...
    const assessorPage = async () => (await run(loader, await requestAs("ld", year.path), year.params)).data as { canRecommend: boolean; recommendationWait: string | null };
    expect(after.schedule.endsOn > today()).toBe(true);
    expect(await assessorPage()).toMatchObject({ canRecommend: false, recommendationWait: "yearNotEnded" });
    const fresh = { intent: "recommendation", recommendation: "pass", note: "The written reports are now assessed." };
    expect(((await run(action, await requestAs("ld", year.path, form(fresh)), year.params)).data as Errors).reply.error).toEqual({ recommendation: ["recommendation.errors.notYet"] });
    // ...and for the extended year's final review (the one held before is the unextended year's)...
    await asyeDb().updateTable("asye_years").set({ starts_on: plusDays(after.year.starts_on, -60) }).where("id", "=", year.yearId).execute();
    expect(await assessorPage()).toMatchObject({ canRecommend: false, recommendationWait: "finalReviewMissing" });
    // ...and opens once it is recorded.
    await recordFinalReview(year);
    expect(await assessorPage()).toMatchObject({ canRecommend: true, recommendationWait: null });
    expect((await run(action, await requestAs("ld", year.path, form(fresh)), year.params)).status).toBe(303);
  });
});

describe("readiness", () => {
  it("says month N of 12 and what is outstanding during the year, and not applicable to others", async () => {
    const asyeId = await personIdOf("asye");
    const items = await asyeReadiness(ctx(), [asyeId, await personIdOf("practitioner")]);
    expect(items.find((i) => i.personId === asyeId)).toMatchObject({ status: "in_progress", values: { month: 5 } });
    expect(String(items.find((i) => i.personId === asyeId)!.values!.outstanding)).toContain("Feedback from other professionals");
    expect(items.find((i) => i.personId !== asyeId)).toMatchObject({ status: "not_applicable" });
    const views = await readinessFor([asyeId], "cy");
    expect(views.get(asyeId)!.find((v) => v.requirementId === "asye-passed")!.reason).toMatch(/^Mis 5 o 12/);
  });

  it("answers for the whole workforce in as many queries as for five people", async () => {
    const people = (await db().selectFrom("people").select("id").execute()).map((p) => p.id);
    const count = async (ids: number[]) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      await asyeReadiness(ctx(), ids);
      stop();
      return n;
    };
    const asyeId = await personIdOf("asye");
    expect(await count(people)).toBe(await count([asyeId, ...people.filter((id) => id !== asyeId).slice(0, 4)]));
  });
});

describe("personal data", () => {
  it("holds the person's own year and nothing of the years they assess or supervise", async () => {
    const asyeId = await personIdOf("asye");
    const mine = await asyePersonalData(ctx(), asyeId);
    expect(mine.years.map((y) => y.person_id)).toEqual([asyeId]);
    const yearIds = new Set(mine.years.map((y) => y.id));
    for (const rows of [mine.reviews, mine.evidence, mine.supervision, mine.leave]) for (const row of rows) expect(yearIds.has(row.year_id)).toBe(true);
    expect(mine.supervision.length).toBeGreaterThan(0);
    const manager = await asyePersonalData(ctx(), await personIdOf("manager"));
    expect(manager.years).toEqual([]);
    expect(manager.supervision).toEqual([]);
    const whole = await asye.personalData!(ctx(), asyeId);
    expect(Object.keys(whole)).toEqual(expect.arrayContaining(["years", "reviews", "evidence", "supervision", "leave"]));
  });
});

describe("settings", () => {
  it("let L&D add a nine-month review and change the counts, with errors for nonsense", async () => {
    const settings = await import("../routes/settings");
    const values = { ninthMonthReview: "1", directObservations: "4", familyFeedback: "3", professionalFeedback: "3", writtenReports: "3", weeklySupervisionWeeks: "6", fortnightlyUntilMonth: "6", supervisionGraceDays: "3", longLeaveDays: "28" };
    expect((await run(settings.action, await requestAs("manager", "/programmes/asye/settings", form(values)))).status).toBe(403);
    const bad = await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...values, ninthMonthReview: "maybe", directObservations: "lots" })));
    expect((bad.data as { error: Record<string, string[]> }).error).toEqual({ ninthMonthReview: ["settings.errors.ninthMonthReview"], directObservations: ["settings.errors.count"] });
    const crossed = await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...values, fortnightlyUntilMonth: "1" })));
    expect((crossed.data as { error: Record<string, string[]> }).error).toEqual({ fortnightlyUntilMonth: ["settings.errors.fortnightlyBeforeWeekly"] });
    expect((await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form(values)))).status).toBe(303);
    // The rules apply to the years started from now on, so the year under way keeps the reviews and counts
    // it started with (ninth-month-review-as-started.test.ts, settings-as-started.test.ts).
    const picture = (await yearOfPerson(await personIdOf("asye")))!;
    expect(picture.reviews.map((r) => r.month)).toEqual([3, 6, 12]);
    expect(picture.evidence.find((e) => e.kind === "direct_observation")!.required).toBe(3);
    await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...values, ninthMonthReview: "0", directObservations: "3" })));
  });

  it("compare weekly and fortnightly supervision only once each is accepted on its own, so one mistake gives one error", async () => {
    const settings = await import("../routes/settings");
    const values = { ninthMonthReview: "0", directObservations: "3", familyFeedback: "3", professionalFeedback: "3", writtenReports: "3", weeklySupervisionWeeks: "6", fortnightlyUntilMonth: "6", supervisionGraceDays: "3", longLeaveDays: "28" };
    const errors = async (fields: Record<string, string>) => ((await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...values, ...fields })))).data as { error: Record<string, string[]> }).error;
    expect(await errors({ weeklySupervisionWeeks: "60" })).toEqual({ weeklySupervisionWeeks: ["settings.errors.weeks"] });
    expect(await errors({ fortnightlyUntilMonth: "-1" })).toEqual({ fortnightlyUntilMonth: ["settings.errors.month"] });
    expect(await errors({ fortnightlyUntilMonth: "13", weeklySupervisionWeeks: "52" })).toEqual({ fortnightlyUntilMonth: ["settings.errors.month"] });
  });
});
