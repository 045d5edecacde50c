// Teams at national scale, through the real loaders and actions on a migrated, seeded database with
// 2,100 more teams than the seed: the briefing edit form (which saves the audience it offers, listing only
// the chosen teams and a shown locality's at this scale) keeps a team whose name sorts past the 2,000th unit; an audit sampling
// the locality offers and accepts its 501st team (and beyond) for a finding and for places on a cohort.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import { auditDb } from "../server/audits/db.server";
import { briefingById } from "../server/briefings/briefings.server";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";
const EXTRA_TEAMS = 2100;

/** A locality with 2,100 teams, named to sort after every seeded unit; their ids, in name order. */
async function nationalLocality() {
  const [locality] = await db().insertInto("org_units").values({ code: "ZZ-LOCALITY", name: "Zz locality", kind: "locality", parent_id: null }).returning("id").execute();
  const ids: number[] = [];
  for (let start = 0; start < EXTRA_TEAMS; start += 500) {
    const batch = Array.from({ length: Math.min(500, EXTRA_TEAMS - start) }, (_, i) => {
      const n = String(start + i + 1).padStart(4, "0");
      return { code: `ZZ-${n}`, name: `Zz team ${n}`, kind: "team" as const, parent_id: locality.id };
    });
    ids.push(...(await db().insertInto("org_units").values(batch).returning("id").execute()).map((r) => r.id));
  }
  return { locality: locality.id, teams: ids };
}

let national: { locality: number; teams: number[] };

beforeAll(async () => {
  await seedDemo();
  national = await nationalLocality();
});

describe("a briefing's audience at national scale", () => {
  it("offers the last team by name on the edit form, and keeps it in the audience after an edit", async () => {
    const lastTeam = national.teams.at(-1)!;
    const briefing = await createBriefing({ teams: [String(lastTeam)] });
    const path = `${BASE}/briefings/${briefing}/edit`;
    const params = { briefingId: String(briefing) };
    type Shown = { version: number; revision: number; values: { teams: string[] }; org: { teams: { id: number }[] } };
    const shown = (await run(editBriefing.loader, await requestAs("ld", path), params)).data as Shown;
    const offered = new Set(shown.org.teams.map((t) => t.id));
    expect(offered.has(lastTeam)).toBe(true);

    // What the browser posts: the ticked boxes, and only boxes the form offered can be ticked.
    const ticked = shown.values.teams.filter((id) => offered.has(Number(id)));
    const saved = await run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "Corrected", linkUrl: "https://intranet.example.org/b", delivery: "read", teams: ticked, shownVersion: String(shown.version), shownRevision: String(shown.revision) })), params);
    expect(saved.status).toBe(302);
    expect((await briefingById(briefing))?.teams).toEqual([lastTeam]);
  });
});

describe("an audit sampling more than 500 teams", () => {
  it("offers and accepts the 501st team for a finding, and for places on a cohort", async () => {
    const made = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "National audit", heldOn: inDays(-1), summary: "Sampled every team in a locality.", localities: [String(national.locality)] })));
    expect(made.status, JSON.stringify(made.data)).toBe(302);
    const audit = idFrom(made.headers.get("Location"));
    const team501 = national.teams[500];
    const lastTeam = national.teams.at(-1)!;

    const added = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Recording of decisions", pcf: "critical_reflection", team: String(team501) })), { auditId: String(audit) });
    expect(added.status, JSON.stringify(added.data)).toBe(302);
    const finding = await auditDb().selectFrom("practice_development_audit_findings").select(["id", "team_id"]).where("audit_id", "=", audit).executeTakeFirstOrThrow();
    expect(finding.team_id).toBe(team501);

    const page = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${audit}`), { auditId: String(audit) })).data as { teams: { id: number }[] };
    expect(page.teams.map((t) => t.id)).toEqual(expect.arrayContaining([team501, lastTeam]));

    const cohort = (await db().selectFrom("cohorts").select("id").where("starts_on", ">=", inDays(0)).orderBy("starts_on").executeTakeFirstOrThrow()).id;
    const params = { auditId: String(audit), findingId: String(finding.id) };
    const raised = await run(findingPage.action, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding.id}`, post({ intent: "raise", kind: "cohort", dueOn: inDays(30), cohort: String(cohort), teams: [String(team501), String(lastTeam)] })), params);
    expect(raised.status, JSON.stringify(raised.data)).toBe(302);
    const teams = await auditDb().selectFrom("practice_development_audit_action_teams").select("team_id").execute();
    expect(teams.map((t) => t.team_id).sort((a, b) => a - b)).toEqual([team501, lastTeam].sort((a, b) => a - b));
  });

  it("still refuses a team outside the sample", async () => {
    const made = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "One team", heldOn: inDays(-1), summary: "One team.", teams: [String(national.teams[0])] })));
    const audit = idFrom(made.headers.get("Location"));
    const refused = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Area", pcf: "knowledge", team: String(national.teams[1]) })), { auditId: String(audit) });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toMatchObject({ team: "audits.errors.team" });
  });
});
