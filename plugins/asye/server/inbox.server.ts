// What waits for a manager on /team: ASYE reviews past their due date, and supervision overdue now.
import type { InboxItem, PluginContext, Viewer } from "../../sdk";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { yearsOfPeople } from "./years.server";

export async function asyeInbox(ctx: PluginContext, _viewer: Viewer, personIds: number[]): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  for (const ids of chunks(personIds)) {
    for (const picture of await yearsOfPeople(ids, ctx.now())) {
      const href = `/programmes/${PLUGIN_ID}/years/${picture.year.id}`;
      const personId = picture.year.person_id;
      for (const review of picture.reviews.filter((r) => r.overdue)) items.push({ personId, kindKey: `inbox.reviewOverdue.${review.month}`, since: review.dueOn, href });
      if (picture.openGap) items.push({ personId, kindKey: "inbox.supervisionGap", since: picture.openGap.dueOn, href });
    }
  }
  return items;
}
