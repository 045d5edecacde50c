// The manager's support, through the real action and service: an application already shortlisted or
// decided keeps the support the panel read, even when the panel shortlists it while the support is being
// recorded.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { apply, recordSupport, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { sendSupport } from "./support-form";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const answers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: 30, english: "held" as const, maths: "held" as const };

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};
const applicationOf = async (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow();

/** Applies to Intake 2 as the person, and answers their application. */
async function applicationFrom(personId: number) {
  expect(await apply(await intake2(), personId, answers, { userId: null, personId })).toMatchObject({ ok: true });
  return applicationOf(personId);
}

/** The practitioner's and ASYE's line manager supports on the real support page. */
const supportAsManager = (applicationId: number, fields: Record<string, string>) => sendSupport("manager", applicationId, fields);

/** Runs `change` the moment `work` first reads whether an application is still open to support. */
const whenOpennessFirstRead = <T>(change: () => Promise<unknown>, work: () => Promise<T>) => whenFirstRead(/^select "decision", "shortlisted"(, "updated_at", "manager_support", "manager_reason", "manager_id", "manager_decided_at")? from "apprenticeship_applications"/i, change, work);

describe("the manager's support once the panel has taken the application forward", () => {
  it("is refused on the support page, in both languages, and the application stays as the panel left it", async () => {
    const intake = await intake2();
    const alex = await applicationFrom(await personIdOf("practitioner"));
    expect((await supportAsManager(alex.id, { support: "given" })).status).toBe(303);
    expect(await setShortlisted({ id: alex.id, personId: alex.person_id }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    const shortlisted = await applicationOf(alex.person_id);
    const refused = await supportAsManager(alex.id, { support: "withheld", reason: "Changed my mind." });
    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ "": ["support.errors.decided"] });
    expect(await applicationOf(alex.person_id)).toEqual(shortlisted);

    // Declined without a shortlist place: decided all the same.
    const jordan = await applicationFrom(await personIdOf("asye"));
    expect(await decide(jordan, intake, "decline", "Not this time.", SYSTEM)).toEqual({ ok: true, status: undefined });
    const decided = await applicationOf(jordan.person_id);
    expect((await supportAsManager(jordan.id, { support: "given" })).status).toBe(400);
    expect(await applicationOf(jordan.person_id)).toEqual(decided);

    expect(fixedT("en-GB")("apprenticeship:support.errors.decided")).toBe("The panel has already taken this application forward, so your support can no longer change");
    expect(fixedT("cy")("apprenticeship:support.errors.decided")).not.toBe(fixedT("en-GB")("apprenticeship:support.errors.decided"));
  });

  it("is not written after a shortlisting made once the application was read as open to support", async () => {
    const intake = await intake2();
    const applicant = await applicationFrom(await personIdOf("serviceManager"));
    const shortlist = () => setShortlisted({ id: applicant.id, personId: applicant.person_id }, intake.cohort_id, true, SYSTEM);
    await whenOpennessFirstRead(shortlist, () => recordSupport(applicant.id, applicant.person_id, { support: "given", reason: null, shown: applicant.updated_at }, SYSTEM));
    expect((await applicationOf(applicant.person_id)).shortlisted).toBe(1);
    // Either the support was refused, or it was written before the shortlisting: never after it.
    const events = await db().selectFrom("audit_events").select("action").where("person_id", "=", applicant.person_id).where("action", "in", ["apprenticeship.shortlisted", "apprenticeship.support.given"]).orderBy("id").execute();
    expect(events.map((e) => e.action).at(-1)).toBe("apprenticeship.shortlisted");
  });
});
