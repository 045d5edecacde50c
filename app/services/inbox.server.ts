// What waits for a manager on /team: place and progression requests from the core, and whatever each
// enabled programme reports (endorsement requests, reviews), for the people in the manager's scope.
import type { Viewer } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import { INBOX_LIMIT } from "../utils/inbox-limit";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { scopedPeople } from "../utils/permissions.server";
import { requestsAwaiting } from "./enrolment.server";
import { pluginContext } from "./plugin-context.server";
import { progressionAwaitingManager } from "./progression.server";
import { chunks } from "./readiness.server";

export interface InboxEntry {
  key: string;
  personId: number;
  name: string;
  what: string;
  since: string;
  href: string;
}


/**
 * The people whose items wait for the viewer as their manager: their line, whatever other roles they hold.
 * With L&D's whole-council scope, plugin items from everywhere pushed their own team's requests off the list,
 * and linked to pages only the person's manager may use.
 */
async function peopleManaged(viewer: Viewer) {
  if (!viewer.roles.includes("manager")) return [];
  const rows = await scopedPeople({ kind: "reports", managerId: viewer.personId }).select("people.id").execute();
  return rows.map((r) => r.id);
}

async function namesOf(ids: number[]) {
  const names = new Map<number, string>();
  for (const batch of chunks([...new Set(ids)])) {
    const rows = await db().selectFrom("people").select(["id", "given_name", "family_name"]).where("id", "in", batch).execute();
    for (const r of rows) names.set(r.id, `${r.given_name} ${r.family_name}`);
  }
  return names;
}

/** The manager's pending items, oldest first. */
export async function inboxFor(viewer: Viewer, locale: Locale): Promise<InboxEntry[]> {
  return (await inboxOf(viewer, locale)).items;
}

/**
 * The manager's pending items, oldest first, at most INBOX_LIMIT of them, and whether more wait beyond
 * those: the page says so rather than letting the newest fall off the list unannounced.
 */
export async function inboxOf(viewer: Viewer, locale: Locale): Promise<{ items: InboxEntry[]; more: boolean }> {
  const requests = await requestsAwaiting(viewer.personId);
  const progression = await progressionAwaitingManager(viewer.personId);
  // A source that filled its limit may hold more than it read.
  let more = requests.length >= INBOX_LIMIT || progression.length >= INBOX_LIMIT;
  const entries: InboxEntry[] = requests.map((r) => ({
    key: `request-${r.id}`,
    personId: r.person_id,
    name: `${r.given_name} ${r.family_name}`,
    what: fixedT(locale, "common")("inbox.placeRequest", { programme: fixedT(locale, r.programme_id)("title"), cohort: r.cohort_name }),
    since: r.created_at,
    href: `/team/requests/${r.id}`,
  }));
  for (const r of progression) {
    entries.push({
      key: `progression-${r.id}`,
      personId: r.person_id,
      name: `${r.given_name} ${r.family_name}`,
      what: fixedT(locale, "common")("inbox.progressionRequest", { stage: locale === "cy" ? r.name_cy : r.name_en }),
      since: r.created_at,
      href: `/team/progression/${r.id}`,
    });
  }
  const plugins = (await enabledPlugins()).filter((p) => p.inbox);
  if (plugins.length > 0) {
    const ids = await peopleManaged(viewer);
    const pluginItems = [];
    for (const plugin of plugins) {
      const t = fixedT(locale, plugin.id);
      for (const item of await plugin.inbox!(pluginContext(plugin, locale), viewer, ids)) pluginItems.push({ ...item, what: t(item.kindKey), source: plugin.id });
    }
    const names = await namesOf(pluginItems.map((i) => i.personId));
    for (const item of pluginItems) {
      entries.push({ key: `${item.source}-${item.kindKey}-${item.personId}-${item.href}`, personId: item.personId, name: names.get(item.personId) ?? "", what: item.what, since: item.since, href: item.href });
    }
  }
  more ||= entries.length > INBOX_LIMIT;
  return { items: entries.sort((a, b) => a.since.localeCompare(b.since)).slice(0, INBOX_LIMIT), more };
}
