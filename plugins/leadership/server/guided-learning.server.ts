// The self-study log: hours a learner records against activities (reading, shadowing, a reflective log),
// which L&D confirm. Named "guided learning" in the code and its table, its first name, but it is not
// ILM's guided learning hours: those are the tutor-led taught sessions.
import type { Generated, Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { holdCohortLock } from "../../../app/services/cohort-lock.server";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { db as hostDb } from "../../../app/utils/db.server";
import { PLUGIN_ID } from "../programme";
import { presentAtHeldSessions } from "./attended.server";

export interface GuidedLearningTable {
  id: Generated<number>;
  enrolment_id: number;
  occurred_on: string;
  activity: string;
  minutes: number;
  reflection: string | null;
  confirmed_by: number | null;
  confirmed_at: string | null;
  created_at: string;
}

type LeadershipDb = Kysely<Database & { leadership_guided_learning: GuidedLearningTable }>;
const db = () => hostDb() as unknown as LeadershipDb;

/**
 * The person's current place on a Level 5 cohort (enrolled or completed), if they have one. A person holds
 * one place (`onePlaceCheck`), but someone given two before that rule keeps logging against the place they
 * are on now: the one enrolled before one completed, and of two, the earlier to start, not a later one.
 */
export async function currentPlace(personId: number) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "c.id as cohort_id", "c.name as cohort_name", "c.venue", "c.online_url"])
    .where("e.person_id", "=", personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["enrolled", "completed"])
    .orderBy((eb) => eb.case().when("e.status", "=", "enrolled").then(0).else(1).end())
    .orderBy("c.starts_on")
    .orderBy("e.id")
    .executeTakeFirst();
}

export async function entriesOf(enrolmentId: number) {
  return db().selectFrom("leadership_guided_learning").selectAll().where("enrolment_id", "=", enrolmentId).orderBy("occurred_on", "desc").orderBy("id", "desc").execute();
}

/**
 * Logs an entry, which counts towards the self-study target and has no key of its own: the form's one-time
 * token, claimed before the insert, keeps a second send of the same form (a double click, a resend) from
 * logging it twice. That send logs nothing and answers null.
 */
export async function logEntry(enrolmentId: number, personId: number, entry: { occurredOn: string; activity: string; minutes: number; reflection: string | null }, actor: Actor, formToken: string | null = null) {
  const values = { enrolment_id: enrolmentId, occurred_on: entry.occurredOn, activity: entry.activity, minutes: entry.minutes, reflection: entry.reflection, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() };
  // The entry and its audit event are written together, so no entry is ever stored unaudited.
  return hostDb()
    .transaction()
    .execute(async (trx) => {
      if (!(await claimFormToken(trx, formToken))) return null;
      const [row] = await (trx as unknown as LeadershipDb).insertInto("leadership_guided_learning").values(values).returning("id").execute();
      await recordAudit(actor, { action: "leadership.guided_learning.logged", subjectType: "leadership_guided_learning", subjectId: row.id, personId, after: values }, trx);
      return row.id;
    });
}

/** Confirmed and waiting minutes per enrolment, for many enrolments in one query; in `executor` when given. */
export async function guidedMinutes(enrolmentIds: number[], executor: Kysely<Database> = hostDb()) {
  const totals = new Map<number, { confirmed: number; waiting: number }>(enrolmentIds.map((id) => [id, { confirmed: 0, waiting: 0 }]));
  if (enrolmentIds.length === 0) return totals;
  const rows = await (executor as unknown as LeadershipDb)
    .selectFrom("leadership_guided_learning")
    .select(["enrolment_id", (eb) => eb.fn.sum<number>("minutes").as("minutes")])
    .select((eb) => eb.fn.sum<number>(eb.case().when("confirmed_at", "is not", null).then(eb.ref("minutes")).else(0).end()).as("confirmed"))
    .where("enrolment_id", "in", enrolmentIds)
    .groupBy("enrolment_id")
    .execute();
  for (const r of rows) totals.set(r.enrolment_id, { confirmed: Number(r.confirmed ?? 0), waiting: Number(r.minutes ?? 0) - Number(r.confirmed ?? 0) });
  return totals;
}

/**
 * Entries on a cohort that wait for L&D to confirm them, oldest first: only of places still held (enrolled,
 * or the course finished), as a withdrawn learner's hours count towards nothing.
 */
export async function waitingOnCohort(cohortId: number) {
  return db()
    .selectFrom("leadership_guided_learning as g")
    .innerJoin("enrolments as e", "e.id", "g.enrolment_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["g.id", "g.occurred_on", "g.activity", "g.minutes", "e.person_id", "p.given_name", "p.family_name"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .where("g.confirmed_at", "is", null)
    .orderBy("g.occurred_on")
    .orderBy("g.id")
    .limit(500)
    .execute();
}

export type ConfirmOutcome = { ok: true; confirmed: number } | { ok: false; error: "confirmLearning.errors.own" };

/**
 * Confirms the chosen entries, only those on this cohort, of a place still held, and not yet confirmed;
 * answers how many. Nobody confirms their own hours: a choice that includes one of the actor's own entries
 * confirms nothing.
 * "Not yet confirmed" is part of the update itself, so of two colleagues confirming the same entry at
 * once only the first confirms it: the second changes nothing, neither who confirmed it nor the audit.
 */
export async function confirmEntries(cohortId: number, entryIds: number[], actor: Actor): Promise<ConfirmOutcome> {
  if (entryIds.length === 0) return { ok: true, confirmed: 0 };
  const now = new Date().toISOString();
  return hostDb()
    .transaction()
    .execute(async (trx): Promise<ConfirmOutcome> => {
      const leadership = trx as unknown as LeadershipDb;
      // Withdrawals hold the cohort's lock: under it, a place read as held stays held until this commits.
      await holdCohortLock(trx, cohortId);
      const eligible = await waitingAmong(leadership, cohortId, entryIds.slice(0, 500));
      if (eligible.some((e) => e.person_id === actor.personId)) return { ok: false, error: "confirmLearning.errors.own" };
      if (eligible.length === 0) return { ok: true, confirmed: 0 };
      const changed = await leadership
        .updateTable("leadership_guided_learning")
        .set({ confirmed_by: actor.personId, confirmed_at: now })
        .where("id", "in", eligible.map((e) => e.id))
        .where("confirmed_at", "is", null)
        .returning("id")
        .execute();
      const changedIds = new Set(changed.map((c) => c.id));
      const confirmed = eligible.filter((e) => changedIds.has(e.id));
      await recordAudit(actor, confirmed.map((e) => ({ action: "leadership.guided_learning.confirmed", subjectType: "leadership_guided_learning", subjectId: e.id, personId: e.person_id, after: { confirmed_at: now } })), trx);
      return { ok: true, confirmed: confirmed.length };
    });
}

/** Which of these entries are on the cohort, of a place still held, and not yet confirmed, with whose they are. */
function waitingAmong(executor: LeadershipDb, cohortId: number, entryIds: number[]) {
  return executor
    .selectFrom("leadership_guided_learning as g")
    .innerJoin("enrolments as e", "e.id", "g.enrolment_id")
    .select(["g.id", "e.person_id"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .where("g.confirmed_at", "is", null)
    .where("g.id", "in", entryIds)
    .execute();
}

/** Taught minutes attended per enrolment by `now`: held sessions marked present, by their length; in `executor` when given. */
export async function taughtMinutes(enrolmentIds: number[], now = new Date(), executor: Kysely<Database> = hostDb()) {
  const totals = new Map<number, number>(enrolmentIds.map((id) => [id, 0]));
  if (enrolmentIds.length === 0) return totals;
  const rows = await presentAtHeldSessions(enrolmentIds, now, executor).select(["a.enrolment_id", "s.starts_at", "s.ends_at"]).execute();
  for (const r of rows) totals.set(r.enrolment_id, (totals.get(r.enrolment_id) ?? 0) + Math.round((Date.parse(r.ends_at) - Date.parse(r.starts_at)) / 60_000));
  return totals;
}
