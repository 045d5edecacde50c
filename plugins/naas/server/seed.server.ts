// Demo and scale data (DEMO.md): practitioners at every step of the journey (not started, part done,
// asked for endorsement, endorsed, booked, accredited, not yet accredited), and assessment windows.
import type { Kysely } from "kysely";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import type { SeedContext, SeedScale } from "../../sdk";
import { READY_RATING, type Track } from "../programme";
import type { NaasDatabase } from "./db.server";
import { practitionerEligibleFrom } from "./eligibility.server";

const STEPS = ["none", "part", "requested", "endorsed", "booked", "accredited", "not_yet_accredited", "part", "none", "full"] as const;
type Step = (typeof STEPS)[number];
const KINDS = ["observation", "supervision", "case_work", "course", "feedback"] as const;
// The demo's dates count from London's day, where the council is: from midnight to 1am in summer, UTC's
// date is still yesterday. The arithmetic is on the date alone, in UTC, so it never shifts by an hour.
const daysFrom = (now: Date, days: number) => addDaysToDate(londonToday(now), days);

async function seedWindows(db: Kysely<NaasDatabase>, now: Date) {
  const stamp = now.toISOString();
  const rows = (["practitioner", "supervisor"] as const).flatMap((track) => [
    { track, knowledge_on: daysFrom(now, -120), knowledge_place: "Council Learning Centre, Room 1", practice_on: daysFrom(now, -113), practice_place: "Assessment Centre, Birmingham", capacity: 20, created_at: stamp },
    { track, knowledge_on: daysFrom(now, 45), knowledge_place: "Council Learning Centre, Room 1", practice_on: daysFrom(now, 52), practice_place: "Assessment Centre, Birmingham", capacity: 20, created_at: stamp },
    { track, knowledge_on: daysFrom(now, 130), knowledge_place: "Civic Offices, Training Suite", practice_on: daysFrom(now, 137), practice_place: "Assessment Centre, Leeds", capacity: 20, created_at: stamp },
  ]);
  const inserted = await db.insertInto("naas_windows").values(rows).returning(["id", "track", "knowledge_on"]).execute();
  const today = londonToday(now);
  const pick = (track: Track, past: boolean) => inserted.find((w) => w.track === track && (past ? w.knowledge_on < today : w.knowledge_on > today))!.id;
  return { past: { practitioner: pick("practitioner", true), supervisor: pick("supervisor", true) }, next: { practitioner: pick("practitioner", false), supervisor: pick("supervisor", false) } };
}

/** How far a person has got: how many statements rated, and at what, with evidence. */
function ratingsFor(step: Step, statements: number[]) {
  const done = step === "none" ? 0 : step === "part" ? Math.ceil(statements.length * 0.6) : statements.length;
  return statements.slice(0, done).map((id, i) => ({ id, rating: step === "part" && i % 3 === 2 ? READY_RATING - 1 : READY_RATING + (i % 2), evidence: step === "part" && i % 4 === 3 ? 0 : 1 + (i % 2) }));
}

export async function seedNaas(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<NaasDatabase>;
  const now = ctx.now();
  const stamp = now.toISOString();
  const today = londonToday(now);
  const windows = await seedWindows(db, now);
  const frameworks = await db.selectFrom("naas_frameworks").select(["id", "track"]).where("version", "=", "2018").execute();
  const statementRows = await db.selectFrom("naas_statements").select(["id", "framework_id"]).orderBy("number").execute();
  const statementsOf = (track: Track) => statementRows.filter((s) => s.framework_id === frameworks.find((f) => f.track === track)!.id).map((s) => s.id);

  const frontline = await db
    .selectFrom("people")
    .select(["id", "email", "team_id", "line_manager_id", "qualification_date", "role_category"])
    .where("role_category", "in", ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor", "team_manager"])
    .where("qualification_date", "is not", null)
    .orderBy("id")
    .execute();
  const eligible = frontline.filter((p) => practitionerEligibleFrom(p.qualification_date!, 2) <= today);
  // Every eligible person in the demo; a fifth of them at larger scales, enough to measure.
  const chosen = scale === "demo" ? eligible : eligible.filter((_, i) => i % 5 === 0);
  const ratings: NaasDatabase["naas_ratings"][] = [];
  const evidence: Omit<NaasDatabase["naas_evidence"], "id">[] = [];
  const candidates: NaasDatabase["naas_candidates"][] = [];
  chosen.forEach((person, index) => {
    const step: Step = person.email === "practitioner@demo.test" ? "part" : STEPS[index % STEPS.length];
    // Team managers supervise, so they work towards the practice supervisor statements.
    const track: Track = person.role_category === "team_manager" ? "supervisor" : "practitioner";
    for (const r of ratingsFor(step, statementsOf(track))) {
      const reviewed = !["none", "part", "requested"].includes(step);
      ratings.push({ person_id: person.id, statement_id: r.id, self_rating: r.rating, self_rated_at: stamp, review: reviewed ? "agree" : null, manager_rating: null, manager_comment: null, reviewed_by: reviewed ? person.line_manager_id : null, reviewed_at: reviewed ? stamp : null });
      for (let e = 0; e < r.evidence; e += 1) {
        evidence.push({ person_id: person.id, statement_id: r.id, occurred_on: daysFrom(now, -30 * (e + 1) - (index % 20)), kind: KINDS[(index + e) % KINDS.length], reflection: "Discussed in supervision: what I did, what I learned and what I would do differently.", offer_id: null, created_at: stamp });
      }
    }
    if (["none", "part", "full"].includes(step)) return;
    const endorsed = step !== "requested";
    const booked = ["booked", "accredited", "not_yet_accredited"].includes(step);
    const outcome = step === "accredited" || step === "not_yet_accredited" ? step : null;
    candidates.push({
      person_id: person.id,
      track,
      endorsement_requested_at: daysFrom(now, endorsed ? -200 : -6),
      endorsement: endorsed ? "endorsed" : null,
      endorsement_note: null,
      endorsed_by: endorsed ? person.line_manager_id : null,
      endorsed_at: endorsed ? daysFrom(now, -190) : null,
      window_id: booked ? (outcome ? windows.past[track] : windows.next[track]) : null,
      booked_at: booked ? daysFrom(now, -180) : null,
      outcome,
      outcome_on: outcome ? daysFrom(now, -90) : null,
      outcome_by: null,
      updated_at: stamp,
    });
  });
  for (let i = 0; i < ratings.length; i += 500) {
    await db.insertInto("naas_ratings").values(ratings.slice(i, i + 500)).execute();
    ctx.progress("self-assessments", Math.min(i + 500, ratings.length), ratings.length);
  }
  for (let i = 0; i < evidence.length; i += 500) await db.insertInto("naas_evidence").values(evidence.slice(i, i + 500)).execute();
  for (let i = 0; i < candidates.length; i += 500) await db.insertInto("naas_candidates").values(candidates.slice(i, i + 500)).execute();
  // Booked windows must not be over capacity at scale: widen them to what the seed booked.
  await db.updateTable("naas_windows").set({ capacity: Math.max(20, candidates.length) }).execute();
}
