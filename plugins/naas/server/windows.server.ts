// Assessment windows, set by L&D: a knowledge assessment and a simulated practice day, with places.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
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

/** Windows with the places booked, upcoming first unless `all`. */
export async function windowsWithPlaces(options: { track?: Track; from?: string } = {}) {
  let query = naasDb()
    .selectFrom("naas_windows as w")
    .leftJoin("naas_candidates as c", "c.window_id", "w.id")
    .selectAll("w")
    .select((eb) => eb.fn.count<number>("c.person_id").as("booked"))
    .groupBy(["w.id", "w.track", "w.knowledge_on", "w.knowledge_place", "w.practice_on", "w.practice_place", "w.capacity", "w.created_at"])
    .orderBy("w.knowledge_on");
  if (options.track) query = query.where("w.track", "=", options.track);
  if (options.from) query = query.where("w.knowledge_on", ">", options.from);
  return (await query.execute()).map((w) => ({ ...w, booked: Number(w.booked) }));
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
