// What waits for a manager: applications from people in their line that need their support, and
// apprentices in their line whose progress review is overdue.
import type { InboxItem, PluginContext, Viewer } from "../../sdk";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { openToSupport } from "./applications.server";
import { apprenticeshipDb } from "./db.server";
import { apprentices } from "./progress.server";

export async function apprenticeshipInbox(ctx: PluginContext, _viewer: Viewer, personIds: number[]): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  for (const ids of chunks(personIds)) {
    const pending = await apprenticeshipDb().selectFrom("apprenticeship_applications").select(["id", "person_id", "created_at", "decision", "shortlisted"]).where("person_id", "in", ids).where("manager_support", "=", "pending").execute();
    // Only what the manager can still answer: the support page refuses the rest.
    for (const a of pending.filter(openToSupport)) items.push({ personId: a.person_id, kindKey: "inbox.support", since: a.created_at, href: `/programmes/${PLUGIN_ID}/applications/${a.id}/support` });
  }
  for (const a of await apprentices(personIds, ctx.now())) {
    if (a.reviewOverdue) items.push({ personId: a.personId, kindKey: "inbox.reviewOverdue", since: a.reviewDue, href: `/programmes/${PLUGIN_ID}/apprentices/${a.personId}` });
  }
  return items;
}
