// The open rollouts that people in a manager's line still have to cover: what the /team card counts and
// what the rollouts page lists with `?whose=team`, worked out by the one function so the two agree, for a
// manager who is also in L&D (whose rollout pages otherwise show the whole service).
import type { Kysely } from "kysely";
import { teamScope } from "../../../../app/services/people.server";
import { scopedPeople } from "../../../../app/utils/permissions.server";
import type { Viewer } from "../../../sdk";
import type { PdDatabase } from "../db.server";
import { pdDb } from "../db.server";
import { progressFor, rolloutProgress, rolloutStandings, targets, type RolloutRow } from "./coverage.server";

/** Everyone in the line the viewer manages (core `teamScope`), themselves aside. */
export async function lineOf(viewer: Viewer) {
  const rows = await scopedPeople(teamScope(viewer)).select("people.id").where("people.id", "<>", viewer.personId).execute();
  return rows.map((r) => r.id);
}

/**
 * The open rollouts, in due order, that someone of `personIds` (`except` aside) is asked to cover and has
 * not: by the readiness rule, only the latest due of a briefing's rollouts meant for a person counts for
 * them. The /team card passes the line as /team gave it, so what its readiness read is read once.
 */
export async function rolloutsLeftFor(personIds: number[], now = new Date(), db: Kysely<PdDatabase> = pdDb(), except: number | null = null) {
  const { rollouts, people, standing } = await rolloutStandings(db, personIds, now);
  const left = new Set<number>();
  for (const person of people) {
    if (person.id === except) continue;
    const counted = new Map<number, number>();
    for (const r of rollouts) if (targets(r, person)) counted.set(r.briefing_id, r.id);
    for (const [briefingId, rolloutId] of counted) if (standing.get(`${person.id}:${briefingId}`) !== "covered") left.add(rolloutId);
  }
  return rollouts.filter((r) => left.has(r.id));
}

/**
 * A rollout's progress as its page (and CSV) asked: with `?whose=team` (the /team card's links), for the
 * line the viewer manages even when L&D lets them see everyone; otherwise for whom the viewer may see.
 */
export async function progressAsAsked(request: Request, rollout: RolloutRow, viewer: Viewer) {
  const lineOnly = new URL(request.url).searchParams.get("whose") === "team" && viewer.roles.includes("manager");
  return { lineOnly, progress: lineOnly ? await rolloutProgress(rollout, teamScope(viewer)) : await progressFor(rollout, viewer) };
}
