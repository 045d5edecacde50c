// A year's start and the panel's decision are written with the notice that tells the worker of them, in one
// transaction: when the notice cannot be written nothing is stored, so the error page L&D see ("nothing
// you entered has been saved") is true and trying again does not start or decide twice.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { whileNoticesFail } from "../../../tests/support/failing-notices";
import { asDecidedOnThePage, employeeNumber, endedYear, form, newAsyeWorker, startRoute, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

const noticesOf = async (personId: number) => (await db().selectFrom("notices").select("message_key").where("person_id", "=", personId).where("source", "=", "asye").orderBy("id").execute()).map((n) => n.message_key);
const auditOf = async (personId: number) => (await db().selectFrom("audit_events").select("action").where("person_id", "=", personId).where("action", "like", "asye.%").orderBy("id").execute()).map((a) => a.action);

describe("starting a year", () => {
  it("stores no year and no audit event when the worker's notice cannot be written, and answers the failure", async () => {
    const { action } = await startRoute();
    const personId = await newAsyeWorker("E-NOTICE-1");
    const path = `/programmes/asye/years/new?person=${personId}`;
    const start = form({ startsOn: plusDays(today(), -100), assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: await employeeNumber(await personIdOf("manager")) });
    const request = await requestAs("ld", path, start);

    await expect(whileNoticesFail(() => run(action, request))).rejects.toThrow(/notices down/);

    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).execute()).toEqual([]);
    expect(await auditOf(personId)).toEqual([]);
    expect(await noticesOf(personId)).toEqual([]);
  });

  it("tells the worker in the same change once notices can be written", async () => {
    const personId = await newAsyeWorker("E-NOTICE-2");
    const year = await startYearFor(await personIdOf("practitioner"), 100, personId);
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).execute()).toEqual([{ id: year.yearId }]);
    expect(await noticesOf(personId)).toEqual(["notices.started"]);
  });
});

describe("the panel's decision", () => {
  /** A year the assessor (the practitioner) has recommended a pass on, waiting for L&D. */
  async function recommendedYear(employee: string) {
    const year = await endedYear(await personIdOf("practitioner"), employee);
    const { action } = await yearRoute();
    const recommended = await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "pass", note: "All evidence in." })), year.params);
    expect(recommended.status).toBe(303);
    return year;
  }
  const pass = { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel." };

  it("stores no decision, stage, CPD entry or audit event when the worker's notice cannot be written, and answers the failure", async () => {
    const year = await recommendedYear("E-NOTICE-3");
    const { action } = await yearRoute();
    const request = await requestAs("ld", year.path, form(await asDecidedOnThePage(year, pass)));

    await expect(whileNoticesFail(() => run(action, request, year.params))).rejects.toThrow(/notices down/);

    const after = (await yearById(year.yearId))!;
    expect(after.year).toMatchObject({ decision: null, decided_by: null, recommendation: "pass" });
    expect(after.status).toBe("awaiting_decision");
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", year.personId).executeTakeFirstOrThrow()).career_stage).toBe("asye_social_worker");
    expect(await db().selectFrom("cpd_entries").select("id").where("person_id", "=", year.personId).where("source", "=", "asye").execute()).toEqual([]);
    expect(await auditOf(year.personId)).toEqual(["asye.year.started", "asye.review.recorded", "asye.recommendation.recorded"]);
    expect(await noticesOf(year.personId)).toEqual(["notices.started"]);
  });

  it("tells the worker in the same change once notices can be written", async () => {
    const year = await recommendedYear("E-NOTICE-4");
    const { action } = await yearRoute();
    expect((await run(action, await requestAs("ld", year.path, form(await asDecidedOnThePage(year, pass))), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.year.decision).toBe("pass");
    expect(await auditOf(year.personId)).toEqual(["asye.year.started", "asye.review.recorded", "asye.recommendation.recorded", "asye.decision.pass"]);
    expect(await noticesOf(year.personId)).toEqual(["notices.started", "notices.pass"]);
  });
});
