// The cohort engine's cohorts and their dated sessions, for every programme.
import { sql, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../../db/schema";
import { installedPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import { withinTransaction } from "../utils/within-transaction.server";
import { londonToday, londonToUtc } from "../utils/london-time";
import { pageWindow } from "../utils/paging.server";
import { recordAudit, type Actor } from "./audit.server";
import { holdCohortLock } from "./cohort-lock.server";
import { claimFormToken, madeBy, recordMade } from "./submitted-forms.server";
import { waitingListEnded } from "./waiting-list-ended.server";

import { plannedSessionDate, type Cadence } from "../utils/cohort-form";

/** Statuses that hold one of the cohort's places. */
export const HOLDING_STATUSES = ["enrolled", "completed", "not_completed"] as const;

export interface CohortInput {
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  enrolmentOpensOn: string | null;
  enrolmentClosesOn: string | null;
  venue: string | null;
  onlineUrl: string | null;
  requiresManagerApproval: boolean;
}

export interface SessionPlan {
  firstDate: string;
  cadence: Cadence;
  count: number;
  time: string;
  durationMinutes: number;
  titles?: string[];
  location?: string | null;
}

/** The dated sessions of a plan: London times, stored as UTC; monthly keeps the day, or the month's last. */
export function planSessions(plan: SessionPlan) {
  return Array.from({ length: plan.count }, (_, i) => {
    const startsAt = londonToUtc(plannedSessionDate(plan.firstDate, plan.cadence, i), plan.time);
    return {
      sequence: i + 1,
      title: plan.titles?.[i] ?? "",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + plan.durationMinutes * 60_000).toISOString(),
      location: plan.location ?? null,
      status: "scheduled" as const,
    };
  });
}

/**
 * Creates a cohort with its sessions, audited. A programme that keeps its own row beside the cohort (an
 * intake, a tailored run) passes its transaction, so the two are written together or not at all.
 */
export async function createCohort(input: CohortInput, plan: SessionPlan | null, actor: Actor, executor: Kysely<Database> = db()) {
  const now = new Date().toISOString();
  return withinTransaction(executor, async (trx) => {
    const [cohort] = await trx
      .insertInto("cohorts")
      .values({
        programme_id: input.programmeId,
        name: input.name,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        capacity: input.capacity,
        enrolment_opens_on: input.enrolmentOpensOn,
        enrolment_closes_on: input.enrolmentClosesOn,
        venue: input.venue,
        online_url: input.onlineUrl,
        requires_manager_approval: input.requiresManagerApproval ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .execute();
    const sessions = plan ? planSessions(plan).map((s) => ({ ...s, cohort_id: cohort.id, title: s.title || `Session ${s.sequence}` })) : [];
    if (sessions.length) await trx.insertInto("cohort_sessions").values(sessions).execute();
    await recordAudit(actor, { action: "cohort.created", subjectType: "cohort", subjectId: cohort.id, after: { ...input, sessions: sessions.length } }, trx);
    return cohort.id;
  });
}

/**
 * Creates a cohort from a form carrying a one-time token: its first send makes the cohort and keeps its id
 * with the token, in one transaction. Sent again (a double click, a resend, even at the same moment) the
 * form makes nothing and answers with the cohort its first send made, found by that id rather than by the
 * form's values, which two cohorts L&D make alike on purpose share. Null when there is nothing to land on
 * (the cohort is gone, or the token was claimed before migration 0028 kept ids): the caller shows the
 * programme's list.
 */
export async function createCohortOnce(input: CohortInput, plan: SessionPlan | null, actor: Actor, formToken: string | null): Promise<number | null> {
  const made = await db()
    .transaction()
    .execute(async (trx) => {
      if (!(await claimFormToken(trx, formToken))) return null;
      const id = await createCohort(input, plan, actor, trx);
      await recordMade(trx, formToken, id);
      return id;
    });
  return made ?? cohortMadeBefore(formToken, input.programmeId);
}

/** The programme's cohort the form carrying `formToken` made when first sent, if it kept its id and the cohort is still there. */
async function cohortMadeBefore(formToken: string | null, programmeId: string): Promise<number | null> {
  const madeId = await madeBy(formToken);
  if (madeId === null) return null;
  const cohort = await db().selectFrom("cohorts").select("id").where("id", "=", Number(madeId)).where("programme_id", "=", programmeId).executeTakeFirst();
  return cohort?.id ?? null;
}

/**
 * A programme's cohorts with how many places are taken and how many wait, newest first. Those waiting are
 * the people who may still be given a place, as the cohort report counts them: nobody on a cohort that is
 * over, nor on one that has begun where the programme gives no place after the start (`waitingListEnded`).
 */
export async function cohortsOf(programmeId: string, now = new Date()) {
  return cohortsQuery(programmeId, now).execute();
}

/** Cohorts shown a page at a time: a programme running for years has hundreds. */
export const COHORT_PAGE_SIZE = 25;

/** One page of a programme's cohorts, newest first, with the number of pages (a page past the end shows the last). */
export async function cohortPage(programmeId: string, page: number, now = new Date()) {
  const total = Number((await db().selectFrom("cohorts").select((eb) => eb.fn.countAll<number>().as("n")).where("programme_id", "=", programmeId).executeTakeFirstOrThrow()).n);
  const shown = pageWindow(total, page, COHORT_PAGE_SIZE);
  const rows = await cohortsQuery(programmeId, now).limit(shown.limit).offset(shown.offset).execute();
  return { rows, page: shown.page, pageCount: shown.pageCount };
}

function cohortsQuery(programmeId: string, now: Date) {
  const ended = waitingListEnded(installedPlugins(), now);
  return db()
    .selectFrom("cohorts as c")
    .select([
      "c.id", "c.name", "c.starts_on", "c.ends_on", "c.capacity", "c.enrolment_opens_on", "c.enrolment_closes_on", "c.requires_manager_approval",
      (eb) => eb.selectFrom("enrolments as e").whereRef("e.cohort_id", "=", "c.id").where("e.status", "in", [...HOLDING_STATUSES]).select((x) => x.fn.countAll<number>().as("n")).as("taken"),
      (eb) => eb.selectFrom("enrolments as e").whereRef("e.cohort_id", "=", "c.id").where("e.status", "=", "waitlisted").where(sql<SqlBool>`not ${ended}`).select((x) => x.fn.countAll<number>().as("n")).as("waiting"),
    ])
    .where("c.programme_id", "=", programmeId)
    .orderBy("c.starts_on", "desc")
    .orderBy("c.id", "desc");
}

export async function cohortById(cohortId: number, programmeId: string) {
  return db().selectFrom("cohorts").selectAll().where("id", "=", cohortId).where("programme_id", "=", programmeId).executeTakeFirst();
}

/**
 * The cohort's sessions, each with when its cohort or any of its sessions last changed (`cohort_changed_at`),
 * which a calendar file numbers its events' versions by.
 */
export async function sessionsOf(cohortId: number) {
  return db()
    .selectFrom("cohort_sessions as s")
    .innerJoin("cohorts as c", "c.id", "s.cohort_id")
    .selectAll("s")
    .select("c.updated_at as cohort_changed_at")
    .where("s.cohort_id", "=", cohortId)
    .orderBy("s.starts_at")
    .orderBy("s.sequence")
    .execute();
}

export async function sessionById(sessionId: number, programmeId: string) {
  return db()
    .selectFrom("cohort_sessions as s")
    .innerJoin("cohorts as c", "c.id", "s.cohort_id")
    .selectAll("s")
    .select(["c.name as cohort_name", "c.programme_id", "c.venue", "c.online_url", "c.updated_at as cohort_changed_at"])
    .where("s.id", "=", sessionId)
    .where("c.programme_id", "=", programmeId)
    .executeTakeFirst();
}

interface SessionValues {
  title: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  status: "scheduled" | "cancelled";
}

/**
 * A session's editable values as one string, for the edit page to carry in a hidden field: the table
 * keeps no version, so the values shown are what a save is checked against. Times are read back in one
 * form, whatever the database returns.
 */
export function sessionAsShown(session: SessionValues): string {
  const instant = (at: string) => new Date(at).toISOString();
  return JSON.stringify([session.title, instant(session.starts_at), instant(session.ends_at), session.location, session.status]);
}

/** A caller's reason to refuse a session's change: a message key for its page, and the values it names. */
export interface SessionRefusal {
  reason: string;
  values: Record<string, string | number>;
}

/**
 * A rule of the caller's (a programme's) that a session's change must keep, checked by `updateSession` in
 * its transaction. `lock` takes the locks the rule's own writers hold, before the cohort's lock, so the
 * locks are taken in the order those writers take them (a Level 5 completion takes its units' lock, then
 * the cohort's); `refuse` reads the rule under them, before the write, and answers why not, or null.
 */
export interface SessionCheck {
  lock?: (trx: Kysely<Database>) => Promise<void>;
  refuse: (trx: Kysely<Database>, change: { cohortId: number; before: SessionValues; after: SessionValues }) => Promise<SessionRefusal | null>;
}

export type SessionSaved = { ok: true } | { ok: false; now: string } | { ok: false; refused: SessionRefusal };

/**
 * A session moved, renamed or cancelled. Under its cohort's lock, which a register, a file of marks and a
 * Level 5 completion hold while they read which sessions were held: a session cancelled or moved at the
 * same moment lands wholly before their check or after their write. Two edits at once wait for each other,
 * so the audit's "before" is what the edit replaced.
 *
 * `shown` is the session as the editor's page showed it (`sessionAsShown`). Where someone has changed it
 * since, nothing is saved and the answer gives the session as it is now: a page opened before a colleague
 * cancelled the session would otherwise un-cancel it. A save that finds the session already as sent (the
 * same form sent twice) changes nothing and succeeds. Without `shown` (a service's own change) the changes
 * are saved as they are.
 *
 * `check` is a programme's own rule the change must keep (`SessionCheck`): a change it refuses is not saved,
 * and the answer gives its reason. The core knows no programme's rules, so the programme's page passes it.
 */
export async function updateSession(sessionId: number, changes: { title: string; startsAt: string; endsAt: string; location: string | null; status: "scheduled" | "cancelled" }, actor: Actor, shown?: string, check?: SessionCheck): Promise<SessionSaved> {
  const after = { title: changes.title, starts_at: changes.startsAt, ends_at: changes.endsAt, location: changes.location, status: changes.status };
  return db()
    .transaction()
    .execute(async (trx): Promise<SessionSaved> => {
      // A session never moves to another cohort, so its cohort can be read before the lock.
      const { cohort_id } = await trx.selectFrom("cohort_sessions").select("cohort_id").where("id", "=", sessionId).executeTakeFirstOrThrow();
      await check?.lock?.(trx);
      await holdCohortLock(trx, cohort_id);
      const before = await trx.selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
      const now = sessionAsShown(before);
      if (shown !== undefined && shown !== now) return now === sessionAsShown(after) ? { ok: true } : { ok: false, now };
      const refused = await check?.refuse(trx, { cohortId: cohort_id, before, after });
      if (refused) return { ok: false, refused };
      await trx.updateTable("cohort_sessions").set(after).where("id", "=", sessionId).execute();
      await markCohortsChanged(trx, [cohort_id]);
      const action = changes.status === "cancelled" && before.status !== "cancelled" ? "cohort_session.cancelled" : "cohort_session.updated";
      await recordAudit(actor, { action, subjectType: "cohort_session", subjectId: sessionId, before, after }, trx);
      return { ok: true };
    });
}

/**
 * Records that something the cohorts' calendar events show has changed, in the change's own transaction:
 * each event's version (`sequenceOf`) is its cohort's `updated_at` in seconds, and a calendar app replaces
 * an event it holds only with a higher one. What an event shows is the cohort's name (its title), the
 * session's title, start, end, location and status, and the cohort's venue where the session names no
 * place: every writer of any of those calls this, as `updateSession` does. Each cohort moves on at least a
 * whole second past where it was (two changes in one second would otherwise share a number) and never
 * back; one stamp serves a batch, so a sync changing thousands costs two statements a batch.
 */
export async function markCohortsChanged(trx: Kysely<Database>, cohortIds: readonly number[]) {
  for (let i = 0; i < cohortIds.length; i += CHANGED_PER_STATEMENT) {
    const ids = cohortIds.slice(i, i + CHANGED_PER_STATEMENT);
    const latest = await trx.selectFrom("cohorts").select((eb) => eb.fn.max("updated_at").as("at")).where("id", "in", ids).executeTakeFirst();
    if (!latest?.at) continue;
    const changedAt = new Date(Math.max(Date.now(), new Date(latest.at).getTime() + 1000));
    await trx.updateTable("cohorts").set({ updated_at: changedAt.toISOString() }).where("id", "in", ids).execute();
  }
}

const CHANGED_PER_STATEMENT = 500;

export type CohortRow = Awaited<ReturnType<typeof cohortsOf>>[number];

/** Whether requests are accepted today, London's, by the cohort's own window: it closes at the end of its last day there. */
export function enrolmentOpen(cohort: { enrolment_opens_on: string | null; enrolment_closes_on: string | null }, today = londonToday()) {
  return (!cohort.enrolment_opens_on || cohort.enrolment_opens_on <= today) && (!cohort.enrolment_closes_on || today <= cohort.enrolment_closes_on);
}

