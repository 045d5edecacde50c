// Whether a member of staff holds a place on the apprenticeship: the requirement the apprenticeship adds to
// the career pathway's apprentice stage (or whichever stages an admin gives it). Answered for the people whose
// next stage asks for it, the people the pathway weighs it for, and no one else: everyone else's readiness
// would gain a line about a programme that is not their next step. Someone who has applied and is waiting to
// hear reads where their application is, in progress, not "apply": they already have. Batched: the pathway's
// stages, then three queries a chunk of people, however many there are.
import { nextStages, pathwayModel, requirementKey, type PathwayModel } from "../../../app/services/pathway.server";
import { chunks } from "../../../app/services/readiness.server";
import type { ReadinessItem } from "../../sdk";
import { ownPageHref, PLACE_REQUIREMENT, PLUGIN_ID } from "../programme";
import { apprenticeshipDb } from "./db.server";
import { applicationStage } from "./views.server";

const PLACE_KEY = requirementKey({ source: PLUGIN_ID, id: PLACE_REQUIREMENT });
const LABEL = "readiness.place.label";

/** The stages whose next stage asks for a place. */
function stagesBeforeAPlace(model: PathwayModel): string[] {
  const asking = new Set([...model.requirements].filter(([, list]) => list.some((r) => requirementKey(r) === PLACE_KEY)).map(([code]) => code));
  return model.stages.filter((stage) => nextStages(model.stages, stage).some((next) => asking.has(next.code))).map((stage) => stage.code);
}

/** A place on an intake, and whether it is an offer its applicant has not yet accepted or declined. */
interface PlaceOnIntake {
  intake: string;
  offered: boolean;
}

/**
 * The intake each of these people holds a place on (offered, enrolled or completed), the latest to start
 * where they hold several, a place taken before an offer. An offer holds the place for the applicant, but
 * until they accept it the place is not theirs: the pathway reads it as waiting for their answer, as the
 * list of apprentices leaves them out (progress.server.ts). A place L&D gave has no offer to answer.
 */
async function placesOf(personIds: number[]): Promise<Map<number, PlaceOnIntake>> {
  const rows = await apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .leftJoin("apprenticeship_applications as offer", (join) => join.onRef("offer.enrolment_id", "=", "e.id").on("offer.response", "is", null))
    .select(["e.person_id", "c.name", "offer.id as offer_id"])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "completed"])
    .where("e.person_id", "in", personIds)
    .orderBy("c.starts_on")
    .execute();
  const places = new Map<number, PlaceOnIntake>();
  // In start order, so each person keeps the latest; a place taken is never replaced by an offer.
  for (const row of rows) {
    const offered = row.offer_id !== null;
    if (offered && places.get(row.person_id)?.offered === false) continue;
    places.set(row.person_id, { intake: row.name, offered });
  }
  return places;
}

/**
 * Where an application still waiting to be answered stands, by the stage its applicant reads on their page.
 * A reserve waits for a place to come free; withheld support is the manager's refusal, not a step in flight.
 * The sentences name "the manager", not "your manager": /team shows the manager the same sentence.
 */
const IN_FLIGHT = { submitted: "readiness.place.awaitingSupport", supported: "readiness.place.withPanel", shortlisted: "readiness.place.shortlisted", reserve: "readiness.place.reserve" } as const;
const NOT_SUPPORTED = "not_supported";

interface PendingApplication {
  intake: string;
  stage: keyof typeof IN_FLIGHT | typeof NOT_SUPPORTED;
}

/**
 * Each of these people's application that is still open: not yet decided, or a reserve still on the
 * waiting list, and not one their manager refused to support where another is still in flight. One a person:
 * the latest intake to start among those in flight, else the latest their manager did not support. Refused
 * (declined by the panel) and withdrawn (an offer declined) applications are not open: those people read
 * that they have no place, as before. An offer that holds a place is answered by placesOf.
 */
async function openApplications(personIds: number[]): Promise<Map<number, PendingApplication>> {
  const rows = await apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
    .innerJoin("cohorts as c", "c.id", "i.cohort_id")
    .leftJoin("enrolments as e", "e.id", "a.enrolment_id")
    .select(["a.person_id", "a.manager_support", "a.shortlisted", "a.decision", "a.response", "e.status as enrolment_status", "c.name"])
    .where("a.person_id", "in", personIds)
    .where("a.response", "is", null)
    .where((eb) => eb.or([eb("a.decision", "is", null), eb("e.status", "=", "waitlisted")]))
    .orderBy("c.starts_on")
    .execute();
  const open = new Map<number, PendingApplication>();
  // In start order, so each person keeps the latest; one in flight is never replaced by one not supported.
  for (const row of rows) {
    const stage = applicationStage(row);
    if (stage !== NOT_SUPPORTED && !(stage in IN_FLIGHT)) continue;
    const kept = open.get(row.person_id);
    if (stage === NOT_SUPPORTED && kept && kept.stage !== NOT_SUPPORTED) continue;
    open.set(row.person_id, { intake: row.name, stage: stage as PendingApplication["stage"] });
  }
  return open;
}

/** The place requirement for someone without a place: in progress while an application waits, else not met. */
function withoutAPlace(personId: number, application: PendingApplication | undefined): ReadinessItem {
  const base = { personId, requirementId: PLACE_REQUIREMENT, labelKey: LABEL };
  if (!application) return { ...base, status: "not_met", reasonKey: "readiness.place.none", actionHref: ownPageHref("intakes") };
  const values = { intake: application.intake };
  if (application.stage === NOT_SUPPORTED) return { ...base, status: "not_met", reasonKey: "readiness.place.notSupported", values, actionHref: ownPageHref("applications") };
  return { ...base, status: "in_progress", reasonKey: IN_FLIGHT[application.stage], values, actionHref: ownPageHref("applications") };
}

/** The place requirement for someone holding a place: met once it is theirs, in progress while the offer waits for their answer. */
function withAPlace(personId: number, place: PlaceOnIntake): ReadinessItem {
  const base = { personId, requirementId: PLACE_REQUIREMENT, labelKey: LABEL, values: { intake: place.intake } };
  if (place.offered) return { ...base, status: "in_progress", reasonKey: "readiness.place.offered", actionHref: ownPageHref("applications") };
  return { ...base, status: "met", reasonKey: "readiness.place.held", actionHref: ownPageHref() };
}

export async function placeReadiness(personIds: number[]): Promise<ReadinessItem[]> {
  if (personIds.length === 0) return [];
  // Stage codes and positions are all this reads, the same in either language.
  const stages = stagesBeforeAPlace(await pathwayModel("en-GB"));
  if (stages.length === 0) return [];
  const items: ReadinessItem[] = [];
  for (const ids of chunks([...new Set(personIds)])) {
    const people = await apprenticeshipDb().selectFrom("people").select("id").where("id", "in", ids).where("career_stage", "in", stages).execute();
    if (people.length === 0) continue;
    const askedFor = people.map((p) => p.id);
    const [places, applications] = await Promise.all([placesOf(askedFor), openApplications(askedFor)]);
    for (const { id } of people) {
      const place = places.get(id);
      items.push(place ? withAPlace(id, place) : withoutAPlace(id, applications.get(id)));
    }
  }
  return items;
}
