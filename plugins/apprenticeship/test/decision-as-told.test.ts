// An offer made when an intake's places were full puts the person on its reserve list: they are told they
// are on the reserve list, and their page says so. Their subject access download worded the stored
// decision instead ("Offer a place"), telling them of an offer they never had; it now says what they were
// told, beside the stored code. An offer that took a place still reads as one.
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import { applicationOf, apply, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { createIntake, intakeById, type Intake } from "../server/intakes.server";
import { addMonths } from "../server/ledger.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const ANSWERS = { statement: "I want to qualify as a social worker.", currentRole: "Family support worker", serviceMonths: 40, english: "held", maths: "held" } as const;

/** A new intake with one funded place, open for applications today. */
async function intakeWithOnePlace(): Promise<Intake> {
  const today = londonToday();
  const id = await createIntake({ name: "One place intake", university: "University of the Midlands", startsOn: addMonths(today, 6), opensOn: addMonths(today, -1), closesOn: addMonths(today, 1), places: 1, criteria: "Values" }, SYSTEM);
  return (await intakeById(id))!;
}

/** The account's application to the intake, shortlisted and offered a place: answers where the offer put them. */
async function offered(intake: Intake, account: DemoAccount) {
  const personId = await personIdOf(account);
  await apply(intake, personId, ANSWERS, SYSTEM);
  const application = (await applicationOf(intake.id, personId))!;
  expect(await setShortlisted({ id: application.id, personId }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
  const decided = await decide(application, intake, "offer", "A strong application.", SYSTEM);
  return { id: application.id, status: (decided as { status?: string }).status };
}

/** The application as the account's download has it, in the reader's language. */
async function downloaded(account: DemoAccount, applicationId: number, locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData(account, `/me/export?lng=${locale}`);
  const applications = JSON.parse(files["personal-data.json"]).programmes.apprenticeship.applications as { id: number; decision: string; decision_in_words: string }[];
  return { application: applications.find((a) => a.id === applicationId)!, csv: files["csv/programmes/apprenticeship/applications.csv"] };
}

describe("an offer in the applicant's download", () => {
  it("says the person is on the reserve list when the places were full, as they were told, and an offer when it took a place", async () => {
    const intake = await intakeWithOnePlace();
    const placed = await offered(intake, "asye");
    const reserve = await offered(intake, "practitioner");
    expect([placed.status, reserve.status]).toEqual(["enrolled", "waitlisted"]);

    // What the applicant's own page tells them.
    const page = await run(home.loader, await requestAs("practitioner", `/programmes/${PLUGIN_ID}`));
    expect((page.data as { applications: { id: number; stageName: string }[] }).applications.find((a) => a.id === reserve.id)).toMatchObject({ stageName: "On the reserve list" });

    const told = { "en-GB": "Offer a place, but the places were full, so on the reserve list", cy: "Cynnig lle, ond roedd y lleoedd yn llawn, felly ar y rhestr wrth gefn" };
    const offer = { "en-GB": "Offer a place", cy: "Cynnig lle" };
    for (const locale of ["en-GB", "cy"] as const) {
      const mine = await downloaded("practitioner", reserve.id, locale);
      expect(mine.application, locale).toMatchObject({ decision: "offer", decision_in_words: told[locale] });
      expect(mine.csv, locale).toContain(told[locale]);
      // The place's status only words the decision: it is not a field of the application.
      expect(mine.application, locale).not.toHaveProperty("enrolment_status");
      expect((await downloaded("asye", placed.id, locale)).application, locale).toMatchObject({ decision: "offer", decision_in_words: offer[locale] });
    }
  });
});
