// What waits for a manager: people in their scope who have asked to be endorsed.
import type { InboxItem, PluginContext, Viewer } from "../../sdk";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { naasDb } from "./db.server";

export async function naasInbox(_ctx: PluginContext, _viewer: Viewer, personIds: number[]): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  for (const ids of chunks(personIds)) {
    const rows = await naasDb()
      .selectFrom("naas_candidates")
      .select(["person_id", "track", "endorsement_requested_at"])
      .where("person_id", "in", ids)
      .where("endorsement_requested_at", "is not", null)
      .where("endorsement", "is", null)
      .execute();
    // The request's own track: without it the page opens on the person's main one, supervisor if they supervise.
    for (const r of rows) items.push({ personId: r.person_id, kindKey: `inbox.endorsement.${r.track}`, since: r.endorsement_requested_at!, href: `/programmes/${PLUGIN_ID}/people/${r.person_id}?track=${r.track}` });
  }
  return items;
}
