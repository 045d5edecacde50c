// The service navigation: core pages the viewer may open, then each enabled plugin's entries for their roles.
import type { Viewer } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { can, type Capability } from "../utils/permissions.server";

export interface NavItem {
  href: string;
  label: string;
}

const CORE_ITEMS: { href: string; key: string; capability: Capability }[] = [
  { href: "/me", key: "nav.me", capability: "me.view" },
  { href: "/me/pathway", key: "nav.pathway", capability: "me.view" },
  { href: "/me/cpd", key: "nav.cpd", capability: "me.view" },
  { href: "/team", key: "nav.team", capability: "team.view" },
  { href: "/programmes", key: "nav.programmes", capability: "programmes.view" },
  { href: "/admin", key: "nav.admin", capability: "admin.view" },
  { href: "/admin/progression", key: "nav.progression", capability: "progression.decide" },
  { href: "/admin/pathway", key: "nav.pathwayAdmin", capability: "pathway.manage" },
];

export async function navigationFor(viewer: Viewer, locale: Locale): Promise<NavItem[]> {
  const t = fixedT(locale);
  const items = CORE_ITEMS.filter((i) => can(viewer, i.capability)).map((i) => ({ href: i.href, label: t(i.key) }));
  for (const plugin of await enabledPlugins()) {
    const pt = fixedT(locale, plugin.id);
    for (const entry of plugin.navigation ?? []) {
      if (entry.roles && !entry.roles.some((r) => viewer.roles.includes(r))) continue;
      items.push({ href: `/programmes/${plugin.id}${entry.path ? `/${entry.path}` : ""}`, label: pt(entry.labelKey) });
    }
  }
  return items;
}
