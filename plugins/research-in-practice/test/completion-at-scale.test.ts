// Completing a national run: hundreds of learners completed in a few statements, not several for each,
// with the same records stored for every one of them. Through the real action, on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db, observeQueries } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { form } from "./support";

beforeAll(seedDemo);

let people = 0;

/** A council-only run of the voice workshop, held in July 2025, with `learners` people holding a place on it. */
async function runWithLearners(learners: number) {
  const voice = (await courseById("rip-voice"))!;
  // Completion opens once the run has begun; the service makes a run of any date, unlike the page's form.
  const runId = await createTailoredRun(voice, { name: `Voice: ${learners} learners`, startsOn: "2025-07-01", endsOn: "2025-07-02", venue: `Room for ${learners}`, capacity: learners, managerApproval: false }, SYSTEM_ACTOR);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("ld")).executeTakeFirstOrThrow()).team_id;
  const now = new Date().toISOString();
  const places: { id: number; personId: number }[] = [];
  for (let i = 0; i < learners; i += 200) {
    const batch = Array.from({ length: Math.min(200, learners - i) }, () => {
      people += 1;
      return newPerson({ employee_number: `RC${String(people).padStart(5, "0")}`, given_name: "Completing", family_name: `Learner ${people}`, email: `completing.${people}@example.test`, team_id: teamId });
    });
    const ids = await db().insertInto("people").values(batch).returning("id").execute();
    const enrolments = await db()
      .insertInto("enrolments")
      .values(ids.map(({ id }) => ({ cohort_id, person_id: id, status: "enrolled" as const, created_at: now, updated_at: now })))
      .returning(["id", "person_id"])
      .execute();
    places.push(...enrolments.map((e) => ({ id: e.id, personId: e.person_id })));
  }
  return { runId, places };
}

/** L&D ticking every learner on the run's page; answers how many statements the completion ran. */
async function completeAll(runId: string, places: { id: number }[]) {
  const page = await import("../routes/runs.$runId");
  const request = await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`, form(places.map((p) => ["learner", String(p.id)])));
  let statements = 0;
  const stop = observeQueries(() => (statements += 1));
  try {
    const done = await run(page.action, request, { runId });
    expect(done.data).toMatchObject({ completed: places.length });
  } finally {
    stop();
  }
  return statements;
}

describe("completing a run of 300 learners", () => {
  it("takes a handful of statements, hardly more than for 30", async () => {
    const small = await runWithLearners(30);
    const large = await runWithLearners(300);
    const forSmall = await completeAll(small.runId, small.places);
    const forLarge = await completeAll(large.runId, large.places);
    // 300 learners' two KSS statements are 600 evidence offers: one more statement of at most 500 rows.
    expect(forLarge).toBeLessThanOrEqual(forSmall + 1);
    expect(forLarge).toBeLessThan(25);
  });

  it("stores, for every learner, the attendance, the completion, the CPD entry, the evidence offers and the audit events", async () => {
    const { runId, places } = await runWithLearners(300);
    const ld = await personIdOf("ld");
    await completeAll(runId, places);
    const ids = places.map((p) => p.id);
    const refs = places.map((p) => `enrolment:${p.id}`);
    const personOf = new Map(places.map((p) => [p.id, p.personId]));
    const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);

    const enrolments = await db().selectFrom("enrolments").select(["id", "status"]).where("id", "in", ids).execute();
    expect(byId(enrolments)).toEqual(byId(places.map((p) => ({ id: p.id, status: "completed" }))));
    const attendance = await db().selectFrom("attendance").select(["enrolment_id", "status", "marked_by"]).where("enrolment_id", "in", ids).execute();
    expect(attendance.map((a) => ({ id: a.enrolment_id, status: a.status, marked_by: a.marked_by })).sort((a, b) => a.id - b.id)).toEqual(byId(places.map((p) => ({ id: p.id, status: "present", marked_by: ld }))));

    const cpd = await db().selectFrom("cpd_entries").select(["person_id", "source", "source_ref", "title", "occurred_on", "hours", "reflection"]).where("source_ref", "in", refs).execute();
    expect(cpd).toHaveLength(300);
    expect(cpd.every((c) => personOf.get(Number(c.source_ref?.split(":")[1])) === c.person_id)).toBe(true);
    expect(new Set(cpd.map((c) => JSON.stringify([c.source, c.title, c.occurred_on, c.hours, c.reflection])))).toEqual(new Set([JSON.stringify(["research-in-practice", "Hearing the Voice of the Child", "2025-07-02", 3.5, null])]));

    const offers = await db().selectFrom("evidence_offers").select(["person_id", "source", "source_ref", "statement_ref", "title", "title_cy", "occurred_on"]).where("source_ref", "in", refs).execute();
    expect(offers).toHaveLength(600);
    for (const p of places) {
      const own = offers.filter((o) => o.source_ref === `enrolment:${p.id}`);
      expect(own.map((o) => o.statement_ref).sort()).toEqual(["kss-practitioner:1", "kss-practitioner:2"]);
      expect(own.every((o) => o.person_id === p.personId && o.source === "research-in-practice" && o.title === "Hearing the Voice of the Child" && o.title_cy === null && o.occurred_on === "2025-07-02")).toBe(true);
    }

    const completed = await db().selectFrom("audit_events").select(["subject_id", "person_id", "actor_person_id", "after_json"]).where("action", "=", "research-in-practice.completed").where("subject_id", "in", ids.map(String)).execute();
    expect(completed.map((e) => ({ ...e, after_json: JSON.parse(e.after_json!) })).sort((a, b) => Number(a.subject_id) - Number(b.subject_id))).toEqual(
      byId(places).map((p) => ({ subject_id: String(p.id), person_id: p.personId, actor_person_id: ld, after_json: { run: runId } })),
    );
    const marked = await db().selectFrom("audit_events").select("person_id").where("action", "=", "attendance.marked").where("person_id", "in", places.map((p) => p.personId)).execute();
    expect(marked).toHaveLength(300);
  });
});
