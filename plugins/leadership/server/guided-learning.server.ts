// The self-study log: hours a learner records against activities (reading, shadowing, a reflective log),
// which L&D confirm. Named "guided learning" in the code and its table, its first name, but it is not
// ILM's guided learning hours: those are the tutor-led taught sessions.
import type { ExpressionBuilder, Generated, Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { holdCohortLock } from "../../../app/services/cohort-lock.server";
import { HOLDING_STATUSES } from "../../../app/services/cohorts.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { db as hostDb } from "../../../app/utils/db.server";
import { pageWindow } from "../../../app/utils/paging.server";
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
/** The tables a query of waiting entries reads, as it names them. */
type WaitingFrom = { g: GuidedLearningTable; e: Database["enrolments"] };
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

/** How many entries the learner's log shows a page. */
export const ENTRIES_PAGE_SIZE = 20;

const entriesOfPlace = (enrolmentId: number) => db().selectFrom("leadership_guided_learning").where("enrolment_id", "=", enrolmentId);

/**
 * One page of the place's entries, newest first (by the day they happened, then the latest logged), with
 * how many there are in all: a year of weekly entries is too long a page to read. A page asked past the
 * last shows the last.
 */
export async function entriesOf(enrolmentId: number, asked = 1) {
  const count = await entriesOfPlace(enrolmentId).select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const shown = pageWindow(total, asked, ENTRIES_PAGE_SIZE);
  const entries = await entriesOfPlace(enrolmentId).selectAll().orderBy("occurred_on", "desc").orderBy("id", "desc").limit(shown.limit).offset(shown.offset).execute();
  return { entries, total, page: shown.page, pageCount: shown.pageCount, from: shown.offset + 1, to: shown.offset + entries.length };
}

/**
 * The page of the log that shows the entry: the entries before it in the log's order are those of a later
 * day, and those of its day logged after it. An entry for a day long past sits behind the newer ones.
 */
export async function pageOfEntry(enrolmentId: number, entry: { id: number; occurredOn: string }) {
  const before = await entriesOfPlace(enrolmentId)
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where((eb) => eb.or([eb("occurred_on", ">", entry.occurredOn), eb.and([eb("occurred_on", "=", entry.occurredOn), eb("id", ">", entry.id)])]))
    .executeTakeFirstOrThrow();
  return Math.floor(Number(before.n) / ENTRIES_PAGE_SIZE) + 1;
}

export type LogOutcome =
  | { ok: true; id: number | null }
  | { ok: false; error: "learning.errors.completed" | "learning.errors.placeEnded" }
  | { ok: false; error: "learning.errors.beforeStart"; startsOn: string };

/**
 * Logs an entry, which counts towards the self-study target and has no key of its own: the form's one-time
 * token, claimed before the insert, keeps a second send of the same form (a double click, a resend) from
 * logging it twice. That send logs nothing and answers a null id.
 * The place is read under the cohort's lock, which withdrawals and completions hold: a place withdrawn or
 * completed since the page read it takes no entry, and nothing is stored. Self-study counts from the day
 * the cohort began: the place has no start of its own, and a late joiner's course began with the cohort.
 */
export async function logEntry(place: { id: number; cohort_id: number }, personId: number, entry: { occurredOn: string; activity: string; minutes: number; reflection: string | null }, actor: Actor, formToken: string | null = null): Promise<LogOutcome> {
  const values = { enrolment_id: place.id, occurred_on: entry.occurredOn, activity: entry.activity, minutes: entry.minutes, reflection: entry.reflection, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() };
  // The entry and its audit event are written together, so no entry is ever stored unaudited.
  return hostDb()
    .transaction()
    .execute(async (trx): Promise<LogOutcome> => {
      await holdCohortLock(trx, place.cohort_id);
      const now = await trx.selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select(["e.status", "c.starts_on"]).where("e.id", "=", place.id).executeTakeFirstOrThrow();
      if (now.status === "completed") return { ok: false, error: "learning.errors.completed" };
      if (now.status !== "enrolled") return { ok: false, error: "learning.errors.placeEnded" };
      if (entry.occurredOn < now.starts_on) return { ok: false, error: "learning.errors.beforeStart", startsOn: now.starts_on };
      // Claimed only once the entry is taken, so a refused form's token is still good when it is sent again.
      if (!(await claimFormToken(trx, formToken))) return { ok: true, id: null };
      const [row] = await (trx as unknown as LeadershipDb).insertInto("leadership_guided_learning").values(values).returning("id").execute();
      await recordAudit(actor, { action: "leadership.guided_learning.logged", subjectType: "leadership_guided_learning", subjectId: row.id, personId, after: values }, trx);
      return { ok: true, id: row.id };
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

/** The most waiting entries the confirmation page lists at once, the oldest; the rest are listed as these are confirmed. */
export const WAITING_LISTED = 500;

/**
 * Entries on a cohort that wait for L&D to confirm them: only of places still held (enrolled, or the
 * course finished), as a withdrawn learner's hours count towards nothing.
 */
const waitingEntries = (cohortId: number) =>
  db()
    .selectFrom("leadership_guided_learning as g")
    .innerJoin("enrolments as e", "e.id", "g.enrolment_id")
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .where("g.confirmed_at", "is", null);

/**
 * The oldest `WAITING_LISTED` entries waiting on the cohort, with how many wait in all (counted, not the
 * length of the list, so a page cut short says so) and the newest waiting entry's id: "confirm them all"
 * tells an entry logged after the page was drawn (a later id) from one it did not list.
 */
export async function waitingOnCohort(cohortId: number) {
  const counted = await waitingEntries(cohortId)
    .select((eb) => [eb.fn.countAll<string | number>().as("n"), eb.fn.max("g.id").as("newest")])
    .executeTakeFirstOrThrow();
  const entries = await waitingEntries(cohortId)
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["g.id", "g.occurred_on", "g.activity", "g.minutes", "e.person_id", "p.given_name", "p.family_name"])
    .orderBy("g.occurred_on")
    .orderBy("g.id")
    .limit(WAITING_LISTED)
    .execute();
  return { entries, total: Number(counted.n), newestId: Number(counted.newest ?? 0) };
}

/** Of the entries a page listed, those still waiting on the cohort that are not the person's own: what "confirm them all" confirms. */
export async function othersListed(cohortId: number, listed: number[], personId: number | null) {
  if (listed.length === 0) return [];
  const waiting = await waitingAmong(db(), cohortId, listed.slice(0, WAITING_LISTED));
  return waiting.filter((e) => e.person_id !== personId).map((e) => e.id);
}

/**
 * What still waits on the cohort after "confirm them all": the person's own entries (a colleague confirms
 * them), and others' entries the page did not list, those logged after it was drawn (an id above
 * `newestShown`) apart from those waiting then that it did not list (past the first `WAITING_LISTED`).
 */
export async function stillWaiting(cohortId: number, personId: number | null, newestShown: number) {
  // No person has id 0: an actor who is nobody (the system) has no entries of their own.
  const own = (eb: ExpressionBuilder<WaitingFrom, "g" | "e">) => eb("e.person_id", "=", personId ?? 0);
  const counted = await waitingEntries(cohortId)
    .select((eb) => [
      eb.fn.countAll<string | number>().as("all"),
      eb.fn.sum<string | number | null>(eb.case().when(own(eb)).then(1).else(0).end()).as("own"),
      eb.fn.sum<string | number | null>(eb.case().when(eb.and([eb.not(own(eb)), eb("g.id", ">", newestShown)])).then(1).else(0).end()).as("arrived"),
    ])
    .executeTakeFirstOrThrow();
  const [all, mine, arrived] = [counted.all, counted.own, counted.arrived].map((n) => Number(n ?? 0));
  return { own: mine, arrived, notListed: all - mine - arrived };
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
      const eligible = await waitingAmong(leadership, cohortId, entryIds.slice(0, WAITING_LISTED));
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
