// What NAAS contributes to the readiness engine: per person on their main track, eligibility, the
// self-assessment score with what holds it back and the endorsement; and per track they have a place on
// (and their main one), the booking or outcome, as each track's accreditation is a requirement of its own.
import { londonToday, utcToLondon } from "../../../app/utils/london-time";
import { peopleKey, readOncePerRequest } from "../../../app/utils/request-memo.server";
import type { PluginContext, ReadinessItem } from "../../sdk";
import { PLUGIN_ID, TRACKS, type Track } from "../programme";
import { assessmentKey, assessmentsFor, type Assessment } from "./assessment.server";
import { awaitsEndorsement, candidatesOf, primaryTrack, stageOf, type Candidate } from "./candidates.server";
import { naasEligibility, type TrackEligibility } from "./eligibility.server";
import { mayBook } from "./journey.server";
import { decidedByLearningTeam } from "./unmanaged-endorsements.server";

/** Statement numbers not yet ready, for a reason line ("3, 6, 9"). */
export const gapNumbers = (assessment: Assessment) => assessment.statements.filter((s) => s.state !== "ready").map((s) => s.statement.number).join(", ");

function assessmentItem(personId: number, track: Track, assessment: Assessment | undefined, href: string): ReadinessItem {
  const base = { personId, requirementId: "self-assessment", labelKey: "readiness.assessment.label", actionHref: href };
  if (!assessment) return { ...base, status: "not_met", reasonKey: "readiness.assessment.noFramework", score: 0 };
  const total = assessment.statements.length;
  // `count` words "statement" or "statements" in English: it agrees with the total.
  const values = { track, ready: assessment.ready, total, score: assessment.score, gaps: gapNumbers(assessment), count: total };
  if (assessment.ready === total) return { ...base, status: "met", reasonKey: "readiness.assessment.ready", values, score: 100 };
  return { ...base, status: assessment.started ? "in_progress" : "not_met", reasonKey: assessment.started ? "readiness.assessment.progress" : "readiness.assessment.none", values, score: assessment.score };
}

/** The day an instant fell on in London: an endorsement at 00:30 in summer is still 23:30 the day before in UTC. */
const londonDateOf = (instant: string) => utcToLondon(instant).date;

/**
 * The endorsement as it stands, read from the decision itself rather than the journey's stage: after "not
 * yet accredited" the manager may decide again, or the person ask again, for the next attempt, while the
 * stage still says "not yet accredited". An accreditation was endorsed, whatever has been decided since.
 */
function endorsementItem(personId: number, candidate: Candidate | undefined, href: string, byLearningTeam: boolean): ReadinessItem {
  const base = { personId, requirementId: "endorsement", labelKey: "readiness.endorsement.label", actionHref: href };
  if (candidate?.endorsement === "endorsed" || candidate?.outcome === "accredited") return { ...base, status: "met", reasonKey: "readiness.endorsement.endorsed", values: { date: londonDateOf(candidate.endorsed_at!) } };
  // Nobody on the person's line can act on the portal: the request waits for L&D, who decide it.
  if (candidate?.endorsement_requested_at && !candidate.endorsement) return { ...base, status: "in_progress", reasonKey: byLearningTeam ? "readiness.endorsement.requestedOfLearningTeam" : "readiness.endorsement.requested", values: { date: londonDateOf(candidate.endorsement_requested_at) } };
  if (candidate?.endorsement === "not_yet") return { ...base, status: "not_met", reasonKey: "readiness.endorsement.notYet", values: { note: candidate.endorsement_note ?? "" } };
  return { ...base, status: "not_met", reasonKey: "readiness.endorsement.none" };
}

/**
 * The pathway requirement each track's accreditation meets: practitioners and practice supervisors are
 * assessed against their own statements, so one track's accreditation says nothing of the other's.
 */
export const accreditationRequirement = (track: Track) => `accreditation-${track}`;

/** Each track's accreditation is labelled with its track: a person may have both on one page. */
export const accreditationLabel = (track: Track) => `readiness.accreditation.trackLabel.${track}`;

function assessmentDayItem(personId: number, track: Track, candidate: Candidate | undefined, href: string): ReadinessItem {
  const stage = stageOf(candidate);
  const base = { personId, requirementId: accreditationRequirement(track), labelKey: accreditationLabel(track), actionHref: href };
  if (stage === "accredited") return { ...base, status: "met", reasonKey: "readiness.accreditation.accredited", values: { date: candidate!.outcome_on! } };
  if (stage === "not_yet_accredited") return { ...base, status: "not_met", reasonKey: "readiness.accreditation.notYet", values: { date: candidate!.outcome_on! } };
  if (stage === "booked" && candidate!.window) return { ...base, status: "in_progress", reasonKey: "readiness.accreditation.booked", values: { date: candidate!.window.knowledge_on, place: candidate!.window.knowledge_place } };
  return { ...base, status: "not_met", reasonKey: "readiness.accreditation.none" };
}

/**
 * Where the person themself acts on each item: their own NAAS pages. The core shows these links only to the
 * person (it strips them on pages about someone else), and the staff page about them would send them away.
 */
export function ownActionHrefs(track: Track, candidate: Candidate | undefined, eligible: boolean, today: string) {
  const home = `/programmes/${PLUGIN_ID}#track-${track}`;
  // Endorsed, not yet accredited with the endorsement still standing, or booked on an assessment not yet
  // begun: the next step is to book (again), or to change the booking. Never when the booking page would refuse.
  const booking = mayBook(candidate, eligible, today);
  return { selfAssessment: home, endorsement: home, accreditation: booking ? `/programmes/${PLUGIN_ID}/book?track=${track}` : home };
}

/** NAAS's readiness items for these people; /me asks twice for the same person (readiness and the card), so a page request reads once. */
export function naasReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  return readOncePerRequest(`${PLUGIN_ID}:readiness:${peopleKey(personIds)}`, () => readNaasReadiness(ctx, personIds));
}

/**
 * The same items without the per-request memo, for a caller that walks the whole workforce a batch at a
 * time (the key-metrics pack): the memo would keep every batch until the request ends.
 */
export async function readNaasReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  if (personIds.length === 0) return [];
  const now = ctx.now();
  const [eligibility, candidates] = await Promise.all([naasEligibility(personIds, now), candidatesOf(personIds)]);
  const requests = personIds.flatMap((personId) => TRACKS.map((track) => ({ personId, track })));
  const assessments = await assessmentsFor(requests, now);
  // Only those waiting on a request are asked about: few, whatever the batch.
  const requesting = [...new Set([...candidates.values()].filter(awaitsEndorsement).map((c) => c.person_id))];
  const byLearningTeam = await decidedByLearningTeam(requesting);
  const today = londonToday(now);
  const items: ReadinessItem[] = [];
  for (const personId of personIds) {
    const tracks = eligibility.get(personId);
    if (!tracks) continue;
    const track = primaryTrack(tracks, candidates, personId, (t) => assessments.get(assessmentKey(personId, t))?.started ?? false);
    const candidate = candidates.get(`${personId}:${track}`);
    const eligible = tracks[track];
    const hrefs = ownActionHrefs(track, candidate, eligible.eligible, today);
    const accreditations = accreditationItems(personId, track, tracks, candidates, today);
    if (!eligible.eligible && !candidate) {
      items.push({ personId, requirementId: "eligibility", status: "not_applicable", labelKey: "readiness.eligibility.label", reasonKey: eligible.reasonKey, values: { ...eligible.values, track } });
      // Not on the main track, but an accreditation held (or sought) on the other still counts towards its stage.
      items.push(...accreditations.filter((i) => i.requirementId !== accreditationRequirement(track)));
      continue;
    }
    items.push(
      eligible.eligible
        ? { personId, requirementId: "eligibility", status: "met", labelKey: "readiness.eligibility.label", reasonKey: "readiness.eligibility.track", values: { track } }
        : { personId, requirementId: "eligibility", status: "not_met", labelKey: "readiness.eligibility.label", reasonKey: eligible.reasonKey, values: { ...eligible.values, track } },
      assessmentItem(personId, track, assessments.get(assessmentKey(personId, track)), hrefs.selfAssessment),
      endorsementItem(personId, candidate, hrefs.endorsement, byLearningTeam.has(personId)),
      ...accreditations,
    );
  }
  return items;
}

/**
 * The accreditation on the main track, and on any other track the person has a place on (asked for
 * endorsement, booked or assessed): someone accredited as a practitioner who starts supervising keeps
 * that accreditation on their pathway. In track order, so each track's column stays in one place.
 */
function accreditationItems(personId: number, main: Track, tracks: TrackEligibility, candidates: Map<string, Candidate>, today: string) {
  return TRACKS.flatMap((track) => {
    const candidate = candidates.get(`${personId}:${track}`);
    if (track !== main && !candidate) return [];
    return [assessmentDayItem(personId, track, candidate, ownActionHrefs(track, candidate, tracks[track].eligible, today).accreditation)];
  });
}
