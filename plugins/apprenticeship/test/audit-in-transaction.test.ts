// Every change is written in one transaction with its audit event: when the audit cannot be written, the
// change is not stored either, so nothing changes unaudited.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { onPostgres } from "../../../tests/support/test-database";
import { apply, recordScore, recordSupport, setShortlisted } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, intakeById } from "../server/intakes.server";
import { recordEntry } from "../server/ledger.server";
import { logOffTheJob, recordReview, savePractice } from "../server/progress.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};
const applicationOf = async (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).executeTakeFirst();
const rowsOf = async (table: "apprenticeship_otj" | "apprenticeship_practice" | "apprenticeship_reviews" | "apprenticeship_ledger" | "apprenticeship_scores") =>
  apprenticeshipDb().selectFrom(table).selectAll().execute();

/**
 * Makes only the audit events with this action fail while `work` runs, on either engine: a failure after
 * an earlier write in the same piece of work has succeeded (whileAuditFails fails the first audit).
 */
async function whileAuditOfFails<T>(action: string, work: () => Promise<T>): Promise<T> {
  if (onPostgres()) {
    await sql`create function test_refuse_audit_of() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(db());
    await sql`create trigger test_refuse_audit_of before insert on audit_events for each row when (new.action = ${sql.lit(action)}) execute function test_refuse_audit_of()`.execute(db());
  } else {
    await sql`create trigger test_refuse_audit_of before insert on audit_events when new.action = ${sql.lit(action)} begin select raise(abort, 'audit down'); end`.execute(db());
  }
  try {
    return await work();
  } finally {
    await sql`drop trigger test_refuse_audit_of${onPostgres() ? sql` on audit_events` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_audit_of()`.execute(db());
  }
}

describe("applications, with the audit down", () => {
  it("stores no application, support, shortlisting or score", async () => {
    const intake = await intake2();
    const newcomer = await personIdOf("serviceManager");
    const actor = { userId: null, personId: newcomer };
    const input = { statement: "I want to qualify.", currentRole: "Service manager", serviceMonths: 40, english: "held" as const, maths: "held" as const };
    expect(await applicationOf(newcomer)).toBeUndefined();
    expect(await failsWhileAuditFails(() => apply(intake, newcomer, input, actor))).toBe(true);
    expect(await applicationOf(newcomer)).toBeUndefined();

    await apply(intake, newcomer, input, actor);
    const application = (await applicationOf(newcomer))!;
    expect(await failsWhileAuditFails(() => recordSupport(application.id, newcomer, { support: "given", reason: null, shown: application.updated_at }, SYSTEM))).toBe(true);
    expect((await applicationOf(newcomer))!.manager_support).toBe("pending");

    expect(await failsWhileAuditFails(() => setShortlisted({ id: application.id, personId: newcomer }, intake.cohort_id, true, SYSTEM))).toBe(true);
    expect((await applicationOf(newcomer))!.shortlisted).toBe(0);

    // Only a shortlisted application is scored: shortlisted now, with the audit up.
    expect(await setShortlisted({ id: application.id, personId: newcomer }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    const scoresBefore = await rowsOf("apprenticeship_scores");
    const panel = { userId: null, personId: await personIdOf("admin") };
    expect(await failsWhileAuditFails(() => recordScore(application.id, newcomer, { values: 4, experience: 4, potential: 4, comment: null }, panel))).toBe(true);
    expect(await rowsOf("apprenticeship_scores")).toEqual(scoresBefore);
  });
});

describe("an apprentice's progress, with the audit down", () => {
  it("stores no off-the-job hours, practice learning or review", async () => {
    const [apprentice] = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", "apprenticeship").where("e.status", "=", "enrolled").execute();
    const personId = apprentice.person_id;
    const before = { otj: await rowsOf("apprenticeship_otj"), practice: await rowsOf("apprenticeship_practice"), reviews: await rowsOf("apprenticeship_reviews") };
    expect(await failsWhileAuditFails(() => logOffTheJob(personId, { weekOf: "2026-03-02", minutes: 360, activity: "Directed study" }, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => savePractice(personId, "skills_days", { startsOn: "2026-03-02", endsOn: "2026-03-20", setting: "Skills days", practiceEducator: "A. Educator", daysCompleted: 29 }, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => recordReview(personId, { heldOn: "2026-03-02", outcome: "on_track", actions: "Keep going." }, SYSTEM))).toBe(true);
    expect({ otj: await rowsOf("apprenticeship_otj"), practice: await rowsOf("apprenticeship_practice"), reviews: await rowsOf("apprenticeship_reviews") }).toEqual(before);
  });
});

describe("the levy account, with the audit down", () => {
  it("stores no entry, nor its top-up", async () => {
    const before = await rowsOf("apprenticeship_ledger");
    const levy = { occurredOn: "2026-03-15", kind: "levy" as const, amountPence: 100_000, personId: null, counterparty: null };
    expect(await failsWhileAuditFails(() => recordEntry(levy, SYSTEM))).toBe(true);
    expect(await rowsOf("apprenticeship_ledger")).toEqual(before);
  });
});

describe("opening an intake, with its audit down", () => {
  it("leaves neither the cohort nor the intake behind", async () => {
    const intakesBefore = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("id").execute();
    const input = { name: "Intake never opened", university: "University of the Midlands", startsOn: "2027-09-06", opensOn: "2027-01-04", closesOn: "2027-02-26", places: 2, criteria: "Values, experience and potential." };
    await expect(whileAuditOfFails("apprenticeship.intake.created", () => createIntake(input, SYSTEM))).rejects.toThrow();
    expect(await db().selectFrom("cohorts").select("id").where("name", "=", input.name).execute()).toEqual([]);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("id").execute()).toEqual(intakesBefore);
  });
});
