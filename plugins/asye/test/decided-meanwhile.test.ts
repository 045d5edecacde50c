// A review, evidence, supervision or leave sent just as the panel decides the year: the page read the year
// open, but by the time the change lands it is passed. Each change reads the year again in its own
// transaction, under the lock the decision takes, and refuses it, storing nothing: no row, no audit event,
// no claimed form token (the same form sent again is refused again, not answered as saved), and no leave to
// move the end the year was decided at.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { newFormToken } from "../../../app/services/submitted-forms.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { addEvidence, decide, recordLeave, recordReview, recordSupervision } from "../server/changes.server";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { ctx, endedYear, form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

const rows = async (table: "asye_reviews" | "asye_evidence" | "asye_supervision" | "asye_leave", yearId: number) => (await asyeDb().selectFrom(table).select("id").where("year_id", "=", yearId).execute()).length;
const events = async (yearId: number) => (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "asye_year").where("subject_id", "=", String(yearId)).execute()).map((e) => e.action);

describe("a change to a year the panel decided after its page was read", () => {
  it("is refused, each at its form's first field, and nothing is stored", async () => {
    const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-DECIDED-MEANWHILE-1"));
    const asRead = (await yearById(year.yearId))!;
    expect(asRead.status).toBe("in_progress");
    // The panel's decision lands first.
    await asyeDb().updateTable("asye_years").set({ decision: "pass", decided_on: today(), decision_note: "Passed." }).where("id", "=", year.yearId).execute();
    const before = await events(year.yearId);
    const manager = { userId: await userIdOf("manager"), personId: await personIdOf("manager") };
    const refused = (field: string) => ({ ok: false, error: "year.errors.decidedMeanwhile", fieldErrors: { [field]: ["year.errors.decidedMeanwhile"] } });

    expect(await recordReview(asRead, { month: 3, heldOn: today(), outcome: "on_track", note: "Settling in." }, manager)).toEqual(refused("month"));
    const evidenceToken = newFormToken();
    const evidence = { kind: "direct_observation" as const, occurredOn: today(), title: "Observed a home visit" };
    expect(await addEvidence(asRead, evidence, manager, evidenceToken)).toEqual(refused("kind"));
    expect(await addEvidence(asRead, evidence, manager, evidenceToken)).toEqual(refused("kind"));
    expect(await recordSupervision(asRead, today(), manager)).toEqual(refused("heldOn"));
    const leave = { startsOn: plusDays(today(), -30), endsOn: today(), reason: "Sickness" };
    expect(await recordLeave(asRead, leave, manager, newFormToken())).toEqual(refused("startsOn"));

    expect([await rows("asye_reviews", year.yearId), await rows("asye_evidence", year.yearId), await rows("asye_supervision", year.yearId), await rows("asye_leave", year.yearId)]).toEqual([0, 0, 0, 0]);
    expect(await events(year.yearId)).toEqual(before);
    expect((await db().selectFrom("submitted_forms").select("token").where("token", "=", evidenceToken).execute()).length).toBe(0);
    expect((await yearById(year.yearId))!.schedule.endsOn).toBe(asRead.schedule.endsOn);
  });

  it("is still taken on a year extended meanwhile, which stays open", async () => {
    const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-DECIDED-MEANWHILE-2"));
    const asRead = (await yearById(year.yearId))!;
    await asyeDb().updateTable("asye_years").set({ decision: "extend", decided_on: today(), extension_weeks: 4 }).where("id", "=", year.yearId).execute();
    const manager = { userId: await userIdOf("manager"), personId: await personIdOf("manager") };
    expect(await recordSupervision(asRead, today(), manager)).toMatchObject({ ok: true });
    expect(await rows("asye_supervision", year.yearId)).toBe(1);
  });
});

describe("leave sent while the panel's decision is being saved", () => {
  it("waits for the decision, then is refused: the passed year keeps the end it was decided at", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-DECIDED-MEANWHILE-3");
    const { action } = await yearRoute();
    expect((await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "pass", note: "All evidence in." })), year.params)).status).toBe(303);
    const asRead = (await yearById(year.yearId))!;
    const ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    const manager = { userId: await userIdOf("manager"), personId: await personIdOf("manager") };
    // Sixty days of sickness inside the year: recorded, it would move the end past today.
    const leave = { startsOn: plusDays(today(), -200), endsOn: plusDays(today(), -141), reason: "Sickness" };
    let leaveResult: Awaited<ReturnType<typeof recordLeave>> | undefined;

    // The leave arrives just after the decision's update, before it commits.
    const decided = await whenFirstRead(
      /^update "asye_years"/,
      async () => (leaveResult = await recordLeave(asRead, leave, manager, newFormToken())),
      () => decide(ctx(), asRead, { decision: "pass", decidedOn: today(), note: "Passed by the panel.", recommendedAt: asRead.year.recommended_at ?? undefined }, ld),
    );

    expect(decided).toEqual({ ok: true });
    expect(leaveResult).toEqual({ ok: false, error: "year.errors.decidedMeanwhile", fieldErrors: { startsOn: ["year.errors.decidedMeanwhile"] } });
    expect(await rows("asye_leave", year.yearId)).toBe(0);
    const after = (await yearById(year.yearId))!;
    expect(after.year.decision).toBe("pass");
    expect(after.schedule.endsOn).toBe(asRead.schedule.endsOn);
  });
});
