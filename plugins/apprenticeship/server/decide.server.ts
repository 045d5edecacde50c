// The panel's decision on an application: an offer, a reserve place or a decline, with feedback, a place
// asked of the core cohort engine and a notice to the applicant.
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { placeUnderLock } from "../../../app/services/enrolment.server";
import { addNotice } from "../../../app/services/notices.server";
import { PLUGIN_ID, type Decision } from "../programme";
import { holdsPlaceElsewhere } from "./current-place.server";
import type { ApprenticeshipDatabase } from "./db.server";
import type { Intake } from "./intakes.server";

export type DecisionResult = { ok: true; status?: string } | { ok: false; error: string };

/**
 * Offer, reserve or decline, with feedback. An offer asks the cohort engine for a place: a full intake
 * puts the person on its waiting list instead. A reserve goes on the waiting list; when someone with an
 * offer declines it, the engine gives their place to the first reserve. The intake's lock is held from
 * reading the decision to writing it, so two panel members deciding at once cannot both decide. Someone
 * who already holds a place on another intake (`holdsCurrentPlace`) is given neither an offer nor a reserve
 * place: they would hold two, be counted twice and owe hours twice. Declining them is still a decision.
 * A reserve place elsewhere is not a place held, so a reserve on one intake may be offered a place on
 * another: if the engine later moves them up on the first, they hold two places, and `respond` refuses to
 * accept either while they hold the other, so they decline the one they do not want. This refuses them a third.
 */
export async function decide(application: { id: number; person_id: number }, intake: Intake, decision: Decision, feedback: string, actor: Actor): Promise<DecisionResult> {
  return withCohortLock(intake.cohort_id, async (trx) => {
    const tables = trx as unknown as Kysely<ApprenticeshipDatabase>;
    const current = await tables.selectFrom("apprenticeship_applications").select(["decision", "shortlisted"]).where("id", "=", application.id).executeTakeFirstOrThrow();
    if (current.decision) return { ok: false, error: "decision.errors.already" };
    if (decision !== "decline" && current.shortlisted !== 1) return { ok: false, error: "decision.errors.notShortlisted" };
    if (decision !== "decline" && (await holdsPlaceElsewhere(tables, application.person_id, intake.cohort_id))) return { ok: false, error: "decision.errors.holdsPlace" };
    let enrolmentId: number | null = null;
    let status: string | undefined;
    if (decision !== "decline") {
      const place = await placeUnderLock(trx, { cohortId: intake.cohort_id, personId: application.person_id, actor, direct: true, reserve: decision === "reserve" });
      if (!place.ok) return { ok: false, error: place.error };
      enrolmentId = place.enrolmentId;
      status = place.status;
    }
    await tables.updateTable("apprenticeship_applications").set({ decision, feedback, enrolment_id: enrolmentId, updated_at: new Date().toISOString() }).where("id", "=", application.id).execute();
    await recordAudit(actor, { action: `apprenticeship.decision.${decision}`, subjectType: "apprenticeship_application", subjectId: application.id, personId: application.person_id, after: { decision, feedback, enrolmentId, status } }, trx);
    // An offer to a full intake is a reserve place: the notice tells the applicant what they actually have.
    const noticeKey = status === "waitlisted" ? "notices.decision.reserve" : `notices.decision.${decision}`;
    await addNotice({ personId: application.person_id, source: PLUGIN_ID, messageKey: noticeKey, values: { intake: intake.name }, href: `/programmes/${PLUGIN_ID}` }, trx);
    return { ok: true, status };
  });
}
