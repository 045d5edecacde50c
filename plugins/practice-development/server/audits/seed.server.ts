// Demo audits: two supervision-quality audits a few months apart over the first two teams, with
// team-level findings (no case data), and learning actions, one done and one open.
import type { Kysely } from "kysely";
import { addDaysToDate } from "../../../../app/utils/dates";
import { londonToday } from "../../../../app/utils/london-time";
import type { SeedContext } from "../../../sdk";
import type { AuditDatabase } from "./db.server";

// Counted from London's day, where the council is: from midnight to 1am in summer, UTC's date is still
// yesterday. The arithmetic is on the date alone, in UTC, so it never shifts by an hour.
const day = (now: Date, offset: number) => addDaysToDate(londonToday(now), offset);

export async function seedAudits(ctx: SeedContext) {
  const db = ctx.db as unknown as Kysely<AuditDatabase>;
  const now = ctx.now();
  const stamp = now.toISOString();
  const teams = await db.selectFrom("org_units").select(["id"]).where("kind", "=", "team").orderBy("id").limit(2).execute();
  if (teams.length < 2) return;
  const rollout = await db.selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirst();
  const audits = [
    { title: "Supervision quality, spring", held_on: day(now, -150), summary: "Twenty supervision records sampled across two teams.", findings: [["Reflective discussion", "inadequate"], ["Recording of decisions", "requires_improvement"]] as const },
    { title: "Supervision quality, autumn", held_on: day(now, -20), summary: "Twenty supervision records sampled across the same two teams.", findings: [["Reflective discussion", "requires_improvement"], ["Recording of decisions", "requires_improvement"], ["Use of the child's voice", "good"]] as const },
  ];
  for (const [index, a] of audits.entries()) {
    ctx.progress("audits", index, audits.length);
    const [audit] = await db.insertInto("practice_development_audits").values({ theme: "supervision", title: a.title, held_on: a.held_on, summary: a.summary, created_by: null, created_at: stamp }).returning("id").execute();
    await db.insertInto("practice_development_audit_sample").values(teams.map((t) => ({ audit_id: audit.id, org_unit_id: t.id }))).execute();
    for (const [i, [area, rating]] of a.findings.entries()) {
      const [finding] = await db
        .insertInto("practice_development_audit_findings")
        .values({ audit_id: audit.id, rating, practice_area: area, team_id: teams[i % 2].id, note: "Seen across the team's sampled records.", created_by: null, created_at: stamp })
        .returning("id")
        .execute();
      await db.insertInto("practice_development_finding_refs").values([{ finding_id: finding.id, kind: "pcf", ref: "critical_reflection" }, { finding_id: finding.id, kind: "kss", ref: "kss-supervisor:5" }]).execute();
      if (i === 0 && rollout) {
        const done = index === 0;
        await db
          .insertInto("practice_development_audit_actions")
          .values({ audit_id: audit.id, finding_id: finding.id, kind: "rollout", rollout_id: rollout.id, cohort_id: null, course_source: null, course_id: null, course_title: null, course_href: null, due_on: day(now, done ? -60 : 40), status: done ? "done" : "open", closed_by: null, closed_at: done ? stamp : null, closed_note: done ? "Rollout reached its target." : null, created_by: null, created_at: stamp })
          .execute();
      }
    }
  }
}
