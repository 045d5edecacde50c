// Whether a member of staff holds a place on the apprenticeship: the requirement the apprenticeship adds to
// the career pathway's apprentice stage (or whichever stages an admin gives it). Answered for the people whose
// next stage asks for it, the people the pathway weighs it for, and no one else: everyone else's readiness
// would gain a line about a programme that is not their next step. Batched: the pathway's stages, then two
// queries a chunk of people, however many there are.
import { nextStages, pathwayModel, requirementKey, type PathwayModel } from "../../../app/services/pathway.server";
import { chunks } from "../../../app/services/readiness.server";
import type { ReadinessItem } from "../../sdk";
import { ownPageHref, PLACE_REQUIREMENT, PLUGIN_ID } from "../programme";
import { apprenticeshipDb } from "./db.server";

const PLACE_KEY = requirementKey({ source: PLUGIN_ID, id: PLACE_REQUIREMENT });
const LABEL = "readiness.place.label";

/** The stages whose next stage asks for a place. */
function stagesBeforeAPlace(model: PathwayModel): string[] {
  const asking = new Set([...model.requirements].filter(([, list]) => list.some((r) => requirementKey(r) === PLACE_KEY)).map(([code]) => code));
  return model.stages.filter((stage) => nextStages(model.stages, stage).some((next) => asking.has(next.code))).map((stage) => stage.code);
}

/** The intake each of these people holds a place on (offered, enrolled or completed), the latest to start where they hold several. */
async function intakeOfPlace(personIds: number[]): Promise<Map<number, string>> {
  const rows = await apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.person_id", "c.name"])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "completed"])
    .where("e.person_id", "in", personIds)
    .orderBy("c.starts_on")
    .execute();
  // In start order, so each person keeps the latest.
  return new Map(rows.map((r) => [r.person_id, r.name]));
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
    const places = await intakeOfPlace(people.map((p) => p.id));
    for (const { id } of people) {
      const intake = places.get(id);
      items.push(
        intake
          ? { personId: id, requirementId: PLACE_REQUIREMENT, status: "met", labelKey: LABEL, reasonKey: "readiness.place.held", values: { intake }, actionHref: ownPageHref() }
          : { personId: id, requirementId: PLACE_REQUIREMENT, status: "not_met", labelKey: LABEL, reasonKey: "readiness.place.none", actionHref: ownPageHref("intakes") },
      );
    }
  }
  return items;
}
