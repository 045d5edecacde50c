// Intakes: each is a core cohort (dates, places, the application window, the waiting list) with the
// university partner and the selection criteria beside it.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { createCohort } from "../../../app/services/cohorts.server";
import { claimFormToken, madeBy, recordMade } from "../../../app/services/submitted-forms.server";
import { pageWindow } from "../../../app/utils/paging.server";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb, asHostDb } from "./db.server";
import { addMonths } from "./ledger.server";
import { apprenticeshipSettingsIn } from "./settings.server";

export interface IntakeInput {
  name: string;
  university: string;
  startsOn: string;
  opensOn: string;
  closesOn: string;
  places: number;
  criteria: string;
}

/**
 * The core cohort and the plugin's intake beside it, in one transaction: a cohort without its intake is
 * left by no failure. Intakes have no key of their own (two may share a name), so the form carrying
 * `formToken` keeps the intake's id with its token, and sent again (a second click, a resend, even at the
 * same moment) adds nothing more and answers the intake its first send made. Null when there is nothing to
 * land on (the intake is gone, or the token was claimed before core migration 0028 kept ids): the caller
 * shows the list.
 */
export function createIntake(input: IntakeInput, actor: Actor): Promise<number>;
export function createIntake(input: IntakeInput, actor: Actor, formToken: string | null): Promise<number | null>;
export async function createIntake(input: IntakeInput, actor: Actor, formToken: string | null = null) {
  const made = await apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await claimFormToken(asHostDb(trx), formToken))) return null;
      // The intake ends the length of the apprenticeship after its start, as L&D set it now (an intake opened
      // earlier keeps its end): off-the-job hours are owed until then. A start on 29 February ends on the 28th,
      // a real date; the form keeps the start's year at most 2199 and the length at most 72 months, so the
      // end has four digits.
      const { durationMonths } = await apprenticeshipSettingsIn(trx);
      const endsOn = addMonths(input.startsOn, durationMonths);
      const cohortId = await createCohort(
        { programmeId: PLUGIN_ID, name: input.name, startsOn: input.startsOn, endsOn, capacity: input.places, enrolmentOpensOn: input.opensOn, enrolmentClosesOn: input.closesOn, venue: input.university, onlineUrl: null, requiresManagerApproval: false },
        null,
        actor,
        asHostDb(trx),
      );
      const [intake] = await trx.insertInto("apprenticeship_intakes").values({ cohort_id: cohortId, university: input.university, criteria: input.criteria, created_at: new Date().toISOString() }).returning("id").execute();
      await recordAudit(actor, { action: "apprenticeship.intake.created", subjectType: "apprenticeship_intake", subjectId: intake.id, after: input }, asHostDb(trx));
      await recordMade(asHostDb(trx), formToken, intake.id);
      return intake.id;
    });
  return made ?? intakeMadeBefore(formToken);
}

/** The intake the form carrying `formToken` opened when first sent, if it kept its id and the intake is still there. */
async function intakeMadeBefore(formToken: string | null): Promise<number | null> {
  const madeId = await madeBy(formToken);
  if (madeId === null) return null;
  const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("id").where("id", "=", Number(madeId)).executeTakeFirst();
  return intake?.id ?? null;
}

const intakeQuery = () =>
  apprenticeshipDb()
    .selectFrom("apprenticeship_intakes as i")
    .innerJoin("cohorts as c", "c.id", "i.cohort_id")
    .select(["i.id", "i.cohort_id", "i.university", "i.criteria", "c.name", "c.starts_on", "c.capacity", "c.enrolment_opens_on", "c.enrolment_closes_on"]);

/** Intakes L&D's list shows at once: one opens every year or so, and every one stays on the list. */
export const INTAKES_PAGE_SIZE = 25;

/**
 * One page of the intakes, latest start first as the cohort lists are, with how many there are (a page
 * past the end shows the last). Read through the programme's cohorts, by `cohorts_programme_idx`
 * (programme_id, starts_on); the cohort's id breaks a tie between intakes starting the same day.
 */
export async function intakePage(page: number) {
  const { n } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  const shown = pageWindow(total, page, INTAKES_PAGE_SIZE);
  const rows = await intakeQuery()
    .where("c.programme_id", "=", PLUGIN_ID)
    .orderBy("c.starts_on", "desc")
    .orderBy("c.id", "desc")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  return { intakes: rows, total, page: shown.page, pageCount: shown.pageCount };
}

export async function intakeById(id: number) {
  return intakeQuery().where("i.id", "=", id).executeTakeFirst();
}

/** Intakes whose application window is open today. */
export async function openIntakes(today: string) {
  return intakeQuery().where("c.enrolment_opens_on", "<=", today).where("c.enrolment_closes_on", ">=", today).orderBy("c.starts_on").execute();
}

/**
 * Where an intake's application window stands on `today`, by the same dates as openIntakes: open, closed
 * (its closing date has passed), or not open to applications at all (not yet open, or without dates).
 */
export function applicationWindow(intake: { enrolment_opens_on: string | null; enrolment_closes_on: string | null }, today: string): "open" | "closed" | "unavailable" {
  const { enrolment_opens_on: opensOn, enrolment_closes_on: closesOn } = intake;
  if (!opensOn || !closesOn || opensOn > today) return "unavailable";
  return closesOn < today ? "closed" : "open";
}

export type Intake = NonNullable<Awaited<ReturnType<typeof intakeById>>>;
