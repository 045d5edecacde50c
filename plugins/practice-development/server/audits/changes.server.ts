// What changed since the previous audit of the same theme: each practice area's rating last time and this
// time, and the previous audit's learning actions with their status.
import { auditDb, RATINGS, type Rating, type Theme } from "./db.server";
import { ratingsOf, type AuditRow } from "./audits.server";
import { actionsOf } from "./learning-actions.server";

const RANK: Record<Rating, number> = { good: 3, requires_improvement: 2, inadequate: 1 };
export type Change = "better" | "same" | "worse" | "new" | "not_reaudited";

/** The audit of the same theme held just before this one (by date, then by the order recorded). */
export async function previousAudit(audit: { id: number; theme: Theme; held_on: string }) {
  return auditDb()
    .selectFrom("practice_development_audits")
    .selectAll()
    .where("theme", "=", audit.theme)
    .where((eb) => eb.or([eb("held_on", "<", audit.held_on), eb.and([eb("held_on", "=", audit.held_on), eb("id", "<", audit.id)])]))
    .orderBy("held_on", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Per practice area (matched without regard to case or spacing), the rating last time and this time, and
 * whether it is better, the same or worse. Where an audit rated an area more than once (different teams),
 * its rating for the area is the worst of them.
 */
export function compareRatings(previous: { practice_area: string; rating: Rating }[], current: { practice_area: string; rating: Rating }[]) {
  const key = (area: string) => area.trim().replace(/\s+/g, " ").toLowerCase();
  const worst = (list: { practice_area: string; rating: Rating }[]) => {
    const out = new Map<string, { area: string; rating: Rating }>();
    for (const f of list) {
      const k = key(f.practice_area);
      const seen = out.get(k);
      if (!seen || RANK[f.rating] < RANK[seen.rating]) out.set(k, { area: seen?.area ?? f.practice_area.trim(), rating: f.rating });
    }
    return out;
  };
  const before = worst(previous);
  const now = worst(current);
  const rows: { area: string; previous: Rating | null; current: Rating | null; change: Change }[] = [];
  for (const [k, c] of now) {
    const p = before.get(k);
    const change: Change = !p ? "new" : RANK[c.rating] > RANK[p.rating] ? "better" : RANK[c.rating] < RANK[p.rating] ? "worse" : "same";
    rows.push({ area: c.area, previous: p?.rating ?? null, current: c.rating, change });
  }
  for (const [k, p] of before) if (!now.has(k)) rows.push({ area: p.area, previous: p.rating, current: null, change: "not_reaudited" });
  return rows.sort((a, b) => a.area.localeCompare(b.area));
}

/** What changed since the previous audit, with page `actionsPage` of the previous audit's actions; null for the first audit of a theme. */
export async function changesSince(audit: AuditRow, actionsPage = 1) {
  const previous = await previousAudit(audit);
  if (!previous) return null;
  const findings = await ratingsOf([previous.id, audit.id]);
  return {
    previous: { id: previous.id, title: previous.title, held_on: previous.held_on },
    ratings: compareRatings(findings.filter((f) => f.audit_id === previous.id), findings.filter((f) => f.audit_id === audit.id)),
    actions: await actionsOf({ auditIds: [previous.id] }, actionsPage),
  };
}

export const ratingOrder = RATINGS;
