// Assessment windows, set by L&D: a knowledge assessment and a simulated practice day, with places.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { pageWindow } from "../../../app/utils/paging.server";
import type { Track } from "../programme";
import { asHost, inTransaction, naasDb } from "./db.server";

export interface WindowInput {
  track: Track;
  knowledgeOn: string;
  knowledgePlace: string;
  practiceOn: string;
  practicePlace: string;
  capacity: number;
}

/**
 * Windows with the places booked, soonest first, for booking: a track's windows after `from` (London's
 * today), a few a year, so the picker shows them all.
 */
export async function windowsWithPlaces(options: { track?: Track; from?: string } = {}) {
  let query = naasDb()
    .selectFrom("naas_windows as w")
    .leftJoin("naas_candidates as c", "c.window_id", "w.id")
    .selectAll("w")
    .select((eb) => eb.fn.count<number>("c.person_id").as("booked"))
    .groupBy(["w.id", "w.track", "w.knowledge_on", "w.knowledge_place", "w.practice_on", "w.practice_place", "w.capacity", "w.created_at"])
    .orderBy("w.knowledge_on")
    .orderBy("w.id");
  if (options.track) query = query.where("w.track", "=", options.track);
  if (options.from) query = query.where("w.knowledge_on", ">", options.from);
  return (await query.execute()).map((w) => ({ ...w, booked: Number(w.booked) }));
}

/** Windows L&D's list shows at once: every window ever set stays on it. */
export const WINDOWS_PAGE_SIZE = 25;

/**
 * One page of every window with the places booked, latest first as the cohort lists are (those still to
 * come, then the most recent held), with how many there are (a page past the end shows the last). The id
 * breaks a tie between windows on the same day, so each keeps its page.
 */
export async function windowPage(page: number) {
  const { n } = await naasDb().selectFrom("naas_windows").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  const shown = pageWindow(total, page, WINDOWS_PAGE_SIZE);
  const shownWindows = naasDb().selectFrom("naas_windows").selectAll().orderBy("knowledge_on", "desc").orderBy("id", "desc").limit(shown.limit).offset(shown.offset);
  // The page's windows are chosen first, so places are counted for them alone (by naas_candidates_window_idx), not for every window sorted.
  const rows = await naasDb()
    .selectFrom(shownWindows.as("w"))
    .selectAll("w")
    .select((eb) => eb.selectFrom("naas_candidates as c").whereRef("c.window_id", "=", "w.id").select((x) => x.fn.countAll<number>().as("n")).as("booked"))
    .orderBy("w.knowledge_on", "desc")
    .orderBy("w.id", "desc")
    .execute();
  return { windows: rows.map((w) => ({ ...w, booked: Number(w.booked) })), total, page: shown.page, pageCount: shown.pageCount };
}

export async function createWindow(input: WindowInput, actor: Actor) {
  return inTransaction(async (trx) => {
    const [row] = await trx
      .insertInto("naas_windows")
      .values({ track: input.track, knowledge_on: input.knowledgeOn, knowledge_place: input.knowledgePlace, practice_on: input.practiceOn, practice_place: input.practicePlace, capacity: input.capacity, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    await recordAudit(actor, { action: "naas.window.created", subjectType: "naas_window", subjectId: row.id, after: input }, asHost(trx));
    return row.id;
  });
}

/** People a window's page shows at once: a window at national scale holds hundreds. */
export const BOOKINGS_PAGE_SIZE = 50;

/** One window, or undefined if there is none with this id. */
export const windowById = (windowId: number) => naasDb().selectFrom("naas_windows").selectAll().where("id", "=", windowId).executeTakeFirst();

/**
 * The people booked on a window, by name, a page at a time, with the outcome once L&D record it. For L&D
 * and admins only, who may see everyone: the page that calls this checks that first.
 */
export async function windowBookings(windowId: number, page: number) {
  const booked = naasDb().selectFrom("naas_candidates as c").innerJoin("people as p", "p.id", "c.person_id").where("c.window_id", "=", windowId);
  const { total } = await booked.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const shown = pageWindow(Number(total), page, BOOKINGS_PAGE_SIZE);
  const people = await booked
    .select(["c.person_id", "p.given_name", "p.family_name", "c.booked_at", "c.outcome", "c.outcome_on"])
    .orderBy("p.family_name")
    .orderBy("p.given_name")
    .orderBy("c.person_id")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  return { people, total: Number(total), page: shown.page, pageCount: shown.pageCount };
}
