// One person's whole NAAS picture, both tracks: eligibility, assessment, journey. For their own page
// and for their manager's and L&D's view of them.
import { TRACKS } from "../programme";
import { assessmentKey, assessmentsFor } from "./assessment.server";
import { awaitsEndorsement, candidatesOf, primaryTrack } from "./candidates.server";
import { naasEligibility } from "./eligibility.server";
import { decidedByLearningTeam } from "./unmanaged-endorsements.server";

export async function naasPicture(personId: number, now = new Date()) {
  const [eligibility, candidates, assessments] = await Promise.all([
    naasEligibility([personId], now),
    candidatesOf([personId]),
    assessmentsFor(TRACKS.map((track) => ({ personId, track })), now),
  ]);
  const tracks = eligibility.get(personId);
  if (!tracks) return undefined;
  // Asked of L&D only when a request waits: their decision is what the page says it waits for.
  const waiting = [...candidates.values()].some(awaitsEndorsement);
  const endorsedByLearningTeam = waiting && (await decidedByLearningTeam([personId])).has(personId);
  const primary = primaryTrack(tracks, candidates, personId, (t) => assessments.get(assessmentKey(personId, t))?.started ?? false);
  return {
    primary,
    /** Nobody on the person's line can act on the portal, so L&D decide their endorsement request. */
    endorsedByLearningTeam,
    tracks: TRACKS.map((track) => ({ track, eligibility: tracks[track], candidate: candidates.get(`${personId}:${track}`), assessment: assessments.get(assessmentKey(personId, track)) })),
  };
}

export type NaasPicture = NonNullable<Awaited<ReturnType<typeof naasPicture>>>;

export const localTitle = (item: { title: string; titleCy?: string; title_cy?: string }, locale: string) => (locale === "cy" ? (item.titleCy ?? item.title_cy ?? item.title) : item.title);
