// Research in Practice courses as entries in the core's catalogue: current courses only, by title.
import { sql } from "kysely";
import type { CatalogueEntry, PluginContext } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import { ripDb } from "./db.server";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function ripCatalogue(ctx: PluginContext, query: { search?: string; id?: string; limit: number }): Promise<CatalogueEntry[]> {
  let base = ripDb().selectFrom("research_in_practice_courses").select(["id", "title", "format", "summary"]).where("withdrawn", "=", 0);
  if (query.id !== undefined) base = base.where("id", "=", query.id);
  if (query.search) base = base.where(sql<boolean>`lower(title) like ${`%${escapeLike(query.search.toLowerCase())}%`} escape '\\'`);
  const rows = await base.orderBy("title").limit(query.limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, summary: r.summary, kind: ctx.t(`formats.${r.format}`), href: `/programmes/${PLUGIN_ID}/courses/${encodeURIComponent(r.id)}` }));
}
