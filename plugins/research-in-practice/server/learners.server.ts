// A learner's bookings, and completion: through the core (attendance, enrolment status, CPD entry) and,
// for the course's KSS statements, an evidence offer the NAAS self-assessment can take up.
import type { Kysely } from "kysely";
import { saveRegister } from "../../../app/services/attendance.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { offerEvidence } from "../../../app/services/evidence.server";
import type { Database } from "../../../app/utils/db.server";
import { PLUGIN_ID } from "../programme";
import type { Run } from "./catalogue.server";
import { ripDb } from "./db.server";

export async function bookingsOf(personId: number) {
  return ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .select(["e.id", "e.status", "e.waitlist_position", "r.id as run_id", "r.withdrawn as run_withdrawn", "c.starts_on", "c.ends_on", "c.venue", "course.id as course_id", "course.title", "ev.before_at", "ev.after_at", "ev.followup_at"])
    .where("e.person_id", "=", personId)
    .where("e.status", "in", ["requested", "enrolled", "waitlisted", "completed"])
    .orderBy("c.starts_on", "desc")
    .execute();
}

export async function rosterOfRun(run: Run) {
  return ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("attendance as a", (join) => join.onRef("a.enrolment_id", "=", "e.id").on("a.session_id", "=", run.session_id))
    .select(["e.id", "e.person_id", "e.status", "e.waitlist_position", "p.given_name", "p.family_name", "p.employee_number", "a.status as mark"])
    .where("e.cohort_id", "=", run.cohort_id)
    .where("e.status", "in", ["requested", "enrolled", "waitlisted", "completed"])
    .orderBy("e.status")
    .orderBy("p.family_name")
    .execute();
}

/**
 * Whether any of the chosen enrolments is the actor's own place on the run. Completion gives CPD hours and
 * an evidence offer, so, as with every record about a person, nobody records their own.
 */
export async function choosesOwnPlace(run: Run, enrolmentIds: number[], actor: Actor) {
  const roster = await rosterOfRun(run);
  return roster.some((r) => enrolmentIds.includes(r.id) && r.person_id === actor.personId);
}

/**
 * Marks the chosen learners present and their course completed, with a CPD entry for its hours and an
 * evidence offer for its KSS statements; anyone not on the run, and the actor's own place, are ignored.
 * Answers how many completed.
 */
export async function completeLearners(run: Run, enrolmentIds: number[], actor: Actor) {
  const roster = await rosterOfRun(run);
  const chosen = roster.filter((r) => enrolmentIds.includes(r.id) && r.status === "enrolled" && r.person_id !== actor.personId);
  if (chosen.length === 0) return 0;
  await saveRegister(run.session_id, run.cohort_id, new Map(chosen.map((r) => [r.id, "present" as const])), actor);
  const people = await ripDb().selectFrom("enrolments").select(["id", "person_id"]).where("id", "in", chosen.map((c) => c.id)).execute();
  const stamp = new Date().toISOString();
  await ripDb()
    .transaction()
    .execute(async (trx) => {
      const host = trx as unknown as Kysely<Database>;
      for (const { id, person_id } of people) {
        await trx.updateTable("enrolments").set({ status: "completed", updated_at: stamp }).where("id", "=", id).execute();
        await trx
          .insertInto("cpd_entries")
          .values({ person_id, source: PLUGIN_ID, source_ref: `enrolment:${id}`, title: run.title, occurred_on: run.ends_on, hours: run.cpd_hours, reflection: null, created_at: stamp })
          .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doNothing())
          .execute();
        await offerEvidence({ personId: person_id, source: PLUGIN_ID, sourceRef: `enrolment:${id}`, statementRefs: JSON.parse(run.kss_json) as string[], title: run.title, occurredOn: run.ends_on }, host);
        await recordAudit(actor, { action: "research-in-practice.completed", subjectType: "enrolment", subjectId: id, personId: person_id, after: { run: run.id } }, host);
      }
    });
  return people.length;
}
