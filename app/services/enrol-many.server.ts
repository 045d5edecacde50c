// Bulk enrolment: placing many people chosen at once (by CSV or by filter, bulk-enrolment.server.ts) in
// one transaction under the cohort's lock, all or nothing, behind anyone already waiting.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "./audit.server";
import { withCohortLock } from "./cohort-lock.server";
import { ACTIVE_STATUSES, freePlaces, isCohortOver, OVER, REPLACED_FIELDS, replacedFields, waitingListOf, type CheckUnderLock, type ReplacedRow } from "./enrolment.server";

export interface BulkEntry {
  personId: number;
  overrideReason: string | null;
}

/**
 * Enrols many people in one go, all or nothing, in the order given: the places nobody waiting is owed
 * first, then the back of the waiting list (those already on it keep their turn, `behindWaiting`).
 * Anyone who already has a current place or request is refused before anything changes, as is the whole
 * list when the caller's `check` (a programme's own rule about these people) refuses it under the lock,
 * or when the cohort is over (`isCohortOver`).
 */
export async function enrolMany<R extends { ok: false } = never>(cohortId: number, entries: BulkEntry[], actor: Actor, check?: CheckUnderLock<R>): Promise<{ ok: true; enrolled: number; waitlisted: number } | { ok: false; already: number[] } | typeof OVER | R> {
  return withCohortLock(cohortId, async (trx) => {
    const refusal = check ? await check(trx) : null;
    if (refusal) return refusal;
    if (await isCohortOver(cohortId, trx)) return OVER;
    const ids = entries.map((e) => e.personId);
    const existing = new Map<number, ReplacedRow & { id: number }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx.selectFrom("enrolments").select(["id", "person_id", ...REPLACED_FIELDS]).where("cohort_id", "=", cohortId).where("person_id", "in", ids.slice(i, i + 500)).execute();
      for (const r of rows) existing.set(r.person_id, r);
    }
    const already = entries.filter((e) => ACTIVE_STATUSES.includes(existing.get(e.personId)?.status ?? "withdrawn")).map((e) => e.personId);
    if (already.length) return { ok: false as const, already };
    const list = await waitingListOf(trx, cohortId);
    let lastPosition = list.last;
    let free = await freePlaces(trx, cohortId, list.waiting, true);
    const now = new Date().toISOString();
    const placed = entries.map((e) => {
      const enrolled = free > 0;
      if (enrolled) free -= 1;
      else lastPosition += 1;
      return { ...e, status: enrolled ? ("enrolled" as const) : ("waitlisted" as const), position: enrolled ? null : lastPosition };
    });
    const values = (p: (typeof placed)[number]) => ({ status: p.status, waitlist_position: p.position, reason: null, decided_by: actor.personId, requested_by: actor.personId, override_reason: p.overrideReason, updated_at: now });
    const again = placed.filter((p) => existing.has(p.personId)).map((p) => ({ ...p, id: existing.get(p.personId)!.id }));
    await placeAgain(trx, again, actor, now);
    const fresh = placed.filter((p) => !existing.has(p.personId));
    for (let i = 0; i < fresh.length; i += 400) {
      await trx.insertInto("enrolments").values(fresh.slice(i, i + 400).map((p) => ({ ...values(p), cohort_id: cohortId, person_id: p.personId, created_at: now }))).execute();
    }
    await recordAudit(actor, placed.map((p) => ({ action: "enrolment.bulk_enrolled", subjectType: "cohort", subjectId: cohortId, personId: p.personId, before: replacedFields(existing.get(p.personId)), after: { status: p.status, waitlist_position: p.position, override_reason: p.overrideReason } })), trx);
    const enrolled = placed.filter((p) => p.status === "enrolled").length;
    return { ok: true as const, enrolled, waitlisted: placed.length - enrolled };
  });
}

interface PlacedAgain {
  id: number;
  status: "enrolled" | "waitlisted";
  position: number | null;
  overrideReason: string | null;
}

/**
 * Gives places again to people whose earlier request on the cohort was declined or withdrawn, as a new
 * request dated now, up to 500 rows a statement: the whole bulk enrolment is one transaction holding the
 * cohort's lock, which a statement a person kept for as many round trips as the file had such people.
 */
async function placeAgain(trx: Kysely<Database>, rows: PlacedAgain[], actor: Actor, now: string) {
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(rows.slice(i, i + 500).map((r) => sql`(cast(${r.id} as integer), cast(${r.status} as text), cast(${r.position} as integer), cast(${r.overrideReason} as text))`));
    await sql`update "enrolments" set status = v.column2, waitlist_position = v.column3, reason = null, decided_by = ${actor.personId}, requested_by = ${actor.personId},
      override_reason = v.column4, created_at = ${now}, updated_at = ${now}
      from (values ${values}) as v where "enrolments".id = v.column1`.execute(trx);
  }
}
