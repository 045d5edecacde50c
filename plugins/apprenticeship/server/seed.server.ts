// Demo and scale data (DEMO.md): a current intake of apprentices with off-the-job logs, practice
// learning and reviews; an intake open for applications with applicants at every stage; and a levy
// account with eighteen months of levy, top-ups, payments and a transfer.
import type { Kysely } from "kysely";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import type { SeedContext, SeedScale } from "../../sdk";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import type { ApprenticeshipDatabase } from "./db.server";
import { addMonths, expiryFrom, isMoneyIn } from "./ledger.server";
import { weekOf } from "./progress.server";

async function intake(db: Kysely<ApprenticeshipDatabase>, values: { name: string; startsOn: string; opens: string; closes: string; places: number }, now: Date) {
  const stamp = now.toISOString();
  const [cohort] = await db
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: values.name, starts_on: values.startsOn, ends_on: addMonths(values.startsOn, 36), capacity: values.places, enrolment_opens_on: values.opens, enrolment_closes_on: values.closes, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const [row] = await db.insertInto("apprenticeship_intakes").values({ cohort_id: cohort.id, university: "University of the Midlands", criteria: "Values: commitment to children and families. Experience: direct work in social care. Potential: readiness for degree-level study.", created_at: stamp }).returning("id").execute();
  return { id: row.id, cohortId: cohort.id };
}

/** A place on the intake, given at `placedAt`: hours and reviews are owed from then if it is after the start. */
async function enrol(db: Kysely<ApprenticeshipDatabase>, cohortId: number, personId: number, status: "enrolled" | "waitlisted", position: number | null, placedAt: Date) {
  const stamp = placedAt.toISOString();
  const [row] = await db.insertInto("enrolments").values({ cohort_id: cohortId, person_id: personId, status, waitlist_position: position, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).returning("id").execute();
  return row.id;
}

/** Money in is written with the day it expires, by the default rule the demo's settings start with, as recordEntry writes it. */
async function seedLedger(db: Kysely<ApprenticeshipDatabase>, apprenticeIds: number[], today: string, now: Date) {
  const stamp = now.toISOString();
  const rows: Omit<ApprenticeshipDatabase["apprenticeship_ledger"], "id">[] = [];
  const add = (occurred_on: string, kind: "levy" | "top_up" | "payment" | "transfer", amount_pence: number, person_id: number | null = null, counterparty: string | null = null) =>
    rows.push({ occurred_on, kind, amount_pence, person_id, counterparty, recorded_by: null, created_at: stamp, reverses_id: null, reason: null, expires_on: isMoneyIn(kind) ? expiryFrom(occurred_on, DEFAULT_SETTINGS.expiryMonths) : null });
  for (let m = 23; m >= 1; m -= 1) {
    const day = `${addMonths(today, -m).slice(0, 7)}-15`;
    add(day, "levy", 3_200_000);
    add(day, "top_up", 320_000);
    if (m <= 14) for (const id of apprenticeIds) add(`${day.slice(0, 7)}-20`, "payment", Math.round((DEFAULT_SETTINGS.fundingBandCap * 100) / DEFAULT_SETTINGS.durationMonths), id);
  }
  add(`${addMonths(today, -4).slice(0, 7)}-25`, "transfer", 1_500_000, null, "Oakfield Care Partnership");
  await db.insertInto("apprenticeship_ledger").values(rows).execute();
}

export async function seedApprenticeship(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<ApprenticeshipDatabase>;
  const now = ctx.now();
  // The demo's today is London's, as the pages read it: seeded just after midnight in summer, UTC's
  // would date everything a day early, and on the 1st leave last month's levy out of the demo.
  const today = londonToday(now);
  const officers = await db.selectFrom("people").select(["id", "line_manager_id"]).where("role_category", "=", "social_care_officer").orderBy("id").limit(scale === "demo" ? 16 : 40).execute();
  const panel = await db.selectFrom("people").select("id").where("email", "=", "ld@demo.test").executeTakeFirst();
  if (officers.length < 12) return;
  const stamp = now.toISOString();

  // The current intake started last September or the one before, fourteen months or so ago.
  const current = await intake(db, { name: "Intake 1", startsOn: addMonths(today, -14), opens: addMonths(today, -20), closes: addMonths(today, -16), places: 4 }, now);
  const apprenticeIds = officers.slice(0, 4).map((o) => o.id);
  // Their places were given as applications closed, before the degree began: they owe hours from its start.
  const placedAt = new Date(`${addMonths(today, -16)}T12:00:00Z`);
  for (const id of apprenticeIds) await enrol(db, current.cohortId, id, "enrolled", null, placedAt);
  const startsOn = addMonths(today, -14);
  const weeks = Math.floor((Date.parse(today) - Date.parse(startsOn)) / (7 * 86_400_000));
  const otj: Omit<ApprenticeshipDatabase["apprenticeship_otj"], "id">[] = [];
  apprenticeIds.forEach((id, i) => {
    // The third apprentice has fallen behind: four hours a week against six.
    const minutes = i === 2 ? 240 : 390;
    for (let w = 0; w < weeks; w += 1) otj.push({ person_id: id, week_of: weekOf(plusDays(startsOn, w * 7)), minutes, activity: w % 3 === 0 ? "University teaching day" : "Directed study and reading", created_at: stamp });
  });
  for (let i = 0; i < otj.length; i += 500) await db.insertInto("apprenticeship_otj").values(otj.slice(i, i + 500)).execute();
  for (const [i, id] of apprenticeIds.entries()) {
    await db.insertInto("apprenticeship_practice").values({ person_id: id, kind: "skills_days", starts_on: startsOn, ends_on: addMonths(startsOn, 6), setting: "Assessment team", practice_educator: "Dr Ffion Rees", days_completed: 30 }).execute();
    await db.insertInto("apprenticeship_practice").values({ person_id: id, kind: "placement_70", starts_on: addMonths(startsOn, 8), ends_on: addMonths(startsOn, 16), setting: i % 2 ? "Fostering service" : "Family support service", practice_educator: "Sam Hughes", days_completed: 20 + i * 10 }).execute();
    // Reviews every twelve weeks up to now; the last apprentice missed the latest, so theirs is overdue.
    const held = Math.floor(weeks / 12) - (i === 3 ? 1 : 0);
    for (let r = 1; r <= held; r += 1) {
      await db.insertInto("apprenticeship_reviews").values({ person_id: id, held_on: plusDays(startsOn, r * 84), outcome: i === 2 && r === held ? "some_concerns" : "on_track", actions: "Keep the off-the-job log up to date; plan the next placement.", recorded_by: panel?.id ?? null, created_at: stamp }).execute();
    }
  }

  // The next intake is open for applications, with applicants at every stage.
  const open = await intake(db, { name: "Intake 2", startsOn: addMonths(today, 9), opens: addMonths(today, -1), closes: addMonths(today, 1), places: 2 }, now);
  const stages = ["pending", "given", "withheld", "shortlisted", "scored", "offered", "accepted", "reserve", "declined"] as const;
  let waitPosition = 0;
  for (const [i, stage] of stages.entries()) {
    const person = officers[4 + i];
    if (!person) break;
    const support = stage === "pending" ? "pending" : stage === "withheld" ? "withheld" : "given";
    const shortlisted = ["shortlisted", "scored", "offered", "accepted", "reserve", "declined"].includes(stage) ? 1 : 0;
    const decision = stage === "offered" || stage === "accepted" ? "offer" : stage === "reserve" ? "reserve" : stage === "declined" ? "decline" : null;
    const enrolmentId = decision === "offer" ? await enrol(db, open.cohortId, person.id, "enrolled", null, now) : decision === "reserve" ? await enrol(db, open.cohortId, person.id, "waitlisted", (waitPosition += 1), now) : null;
    const [application] = await db
      .insertInto("apprenticeship_applications")
      .values({
        intake_id: open.id, person_id: person.id,
        statement: "I have supported families in crisis for years and want to train as a social worker to do more for the children I work with.",
        current_role: "Social care officer", service_months: 18 + i * 5, english: i === 1 ? "planned" : "held", maths: "held",
        manager_support: support, manager_reason: support === "withheld" ? "Not this year: we need you to complete your induction of new officers first." : null,
        manager_id: support === "pending" ? null : person.line_manager_id, manager_decided_at: support === "pending" ? null : stamp,
        shortlisted, decision, feedback: decision ? "Thank you for a thoughtful application and interview." : null,
        enrolment_id: enrolmentId, response: stage === "accepted" ? "accepted" : null, created_at: stamp, updated_at: stamp,
      })
      .returning("id")
      .execute();
    if (shortlisted && stage !== "shortlisted" && panel) {
      await db.insertInto("apprenticeship_scores").values({ application_id: application.id, panel_member_id: panel.id, values_score: 3 + (i % 3), experience_score: 2 + (i % 4), potential_score: 3 + (i % 2), comment: null, scored_at: stamp }).execute();
    }
  }
  await seedLedger(db, apprenticeIds, today, now);
}
