// Where each person stands on the NAAS journey, per track: endorsement, booking, outcome.
import { chunks } from "../../../app/services/readiness.server";
import { TRACKS, type Track } from "../programme";
import { naasDb, type NaasTables } from "./db.server";
import type { TrackEligibility } from "./eligibility.server";

export type AssessmentWindow = Omit<NaasTables["naas_windows"], "id"> & { id: number };
export type Candidate = NaasTables["naas_candidates"] & { window: AssessmentWindow | null };

export async function candidatesOf(personIds: number[]): Promise<Map<string, Candidate>> {
  const result = new Map<string, Candidate>();
  for (const ids of chunks(personIds)) {
    const rows = await naasDb()
      .selectFrom("naas_candidates as c")
      .leftJoin("naas_windows as w", "w.id", "c.window_id")
      .selectAll("c")
      .select(["w.knowledge_on", "w.knowledge_place", "w.practice_on", "w.practice_place", "w.capacity", "w.created_at as window_created_at", "w.track as window_track"])
      .where("c.person_id", "in", ids)
      .execute();
    for (const r of rows) {
      const { knowledge_on, knowledge_place, practice_on, practice_place, capacity, window_created_at, window_track, ...candidate } = r;
      result.set(`${r.person_id}:${r.track}`, {
        ...candidate,
        window: candidate.window_id && knowledge_on ? { id: candidate.window_id, track: window_track!, knowledge_on, knowledge_place: knowledge_place!, practice_on: practice_on!, practice_place: practice_place!, capacity: capacity!, created_at: window_created_at! } : null,
      });
    }
  }
  return result;
}

/**
 * The track that speaks for a person in one-line views (the team table): the one they have started,
 * else supervisor if they supervise, else practitioner.
 */
export function primaryTrack(eligibility: TrackEligibility | undefined, candidates: Map<string, Candidate>, personId: number, started: (track: Track) => boolean): Track {
  const begun = TRACKS.filter((t) => candidates.has(`${personId}:${t}`) || started(t));
  if (begun.length > 0) return begun.includes("supervisor") && eligibility?.supervisor.eligible ? "supervisor" : begun[0];
  return eligibility?.supervisor.eligible ? "supervisor" : "practitioner";
}

/**
 * Whether a request for endorsement waits for a decision: asked and not yet decided. Before a first booking
 * that is the "requested" stage; after "not yet accredited" the stage still says so while the person asks
 * again for the next attempt.
 */
export const awaitsEndorsement = (candidate: Candidate | undefined) => Boolean(candidate?.endorsement_requested_at) && !candidate?.endorsement;

/** The stage reached on the journey, for one-line summaries. */
export function stageOf(candidate: Candidate | undefined): "none" | "requested" | "not_yet" | "endorsed" | "booked" | "accredited" | "not_yet_accredited" {
  if (!candidate) return "none";
  if (candidate.outcome) return candidate.outcome;
  if (candidate.window_id) return "booked";
  if (candidate.endorsement) return candidate.endorsement;
  return candidate.endorsement_requested_at ? "requested" : "none";
}
