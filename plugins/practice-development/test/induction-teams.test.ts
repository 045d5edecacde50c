// An induction briefing L&D tick for some teams, through the real actions and loaders on a migrated, seeded
// database: it is on the checklist of a new starter in one of those teams only (no team ticked: every
// team), on their own induction page, on /induction/team's outstanding column and in /me's count. Before,
// only the roles it was for were read, so it landed on every new starter's checklist.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { db, observeQueries } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as induction from "../routes/induction";
import * as inductionTeam from "../routes/induction.team";
import { checklists } from "../server/briefings/induction.server";
import { pdDb } from "../server/db.server";
import { createBriefing, inDays } from "./briefing-requests";
import { addPerson } from "./rollout-fixtures";

const FOR_ONE_TEAM = "Induction for one team only";
const FOR_EVERY_TEAM = "Induction for every team";

let ownTeam: number;
let otherTeamStarter: number;
let ownTeamStarter: number;

beforeAll(async () => {
  await seedDemo();
  const jordan = await personIdOf("asye");
  await db().updateTable("people").set({ employment_start: inDays(-10) }).where("id", "=", jordan).execute();
  ownTeam = (await db().selectFrom("people").select("team_id").where("id", "=", jordan).executeTakeFirstOrThrow()).team_id;
  const other = await db().selectFrom("org_units").select("id").where("kind", "=", "team").where("id", "<>", ownTeam).orderBy("id").executeTakeFirstOrThrow();
  ownTeamStarter = await addPerson(ownTeam, "social_worker", inDays(-3));
  otherTeamStarter = await addPerson(other.id, "social_worker", inDays(-3));
  await createBriefing({ title: FOR_ONE_TEAM, induction: "yes", teams: [String(ownTeam)] });
  await createBriefing({ title: FOR_EVERY_TEAM, induction: "yes" });
});

describe("an induction briefing for some teams", () => {
  it("is on the checklists of new starters in those teams only; one for no team is on everyone's", async () => {
    const lists = await checklists(pdDb(), [await personIdOf("asye"), ownTeamStarter, otherTeamStarter]);
    const titles = (id: number) => lists.get(id)?.items.map((i) => i.title) ?? [];
    for (const id of [await personIdOf("asye"), ownTeamStarter]) expect(titles(id)).toEqual(expect.arrayContaining([FOR_ONE_TEAM, FOR_EVERY_TEAM]));
    expect(titles(otherTeamStarter)).toContain(FOR_EVERY_TEAM);
    expect(titles(otherTeamStarter)).not.toContain(FOR_ONE_TEAM);
  });

  it("reads the teams for every new starter at once, not a query a person", async () => {
    const count = async (ids: number[]) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      try {
        await checklists(pdDb(), ids);
      } finally {
        stop();
      }
      return n;
    };
    expect(await count([ownTeamStarter, otherTeamStarter, await personIdOf("asye")])).toBe(await count([otherTeamStarter]));
  });

  it("counts on /me only for a new starter in the team", async () => {
    const widget = plugin.widgets!.find((w) => w.id === "briefings")!;
    const inductionRow = async (personId: number) => {
      const card = await widget.load(pluginContext(plugin, "en-GB"), { userId: 0, personId, roles: ["practitioner"] }, [personId]);
      return card?.rows?.find((r) => r.href?.endsWith("/induction"))?.value;
    };
    const totals = await checklists(pdDb(), [ownTeamStarter, otherTeamStarter]);
    expect(await inductionRow(ownTeamStarter)).toContain(`of ${totals.get(ownTeamStarter)!.items.length}`);
    expect(await inductionRow(otherTeamStarter)).toContain(`of ${totals.get(otherTeamStarter)!.items.length}`);
    expect(totals.get(otherTeamStarter)!.items.length).toBe(totals.get(ownTeamStarter)!.items.length - 1);
  });

  it("is on a new starter's own induction page in the team", async () => {
    const mine = await run(induction.loader, await requestAs("asye", "/programmes/practice-development/induction"));
    expect((mine.data as { items: { title: string }[] }).items.map((i) => i.title)).toContain(FOR_ONE_TEAM);
  });

  it("is outstanding on /induction/team for the new starters in the team, and not for the others", async () => {
    const page = await run(inductionTeam.loader, await requestAs("ld", "/programmes/practice-development/induction/team"));
    const rows = (page.data as { rows: { id: number; items: number; outstanding: string[] }[] }).rows;
    const own = rows.find((r) => r.id === ownTeamStarter);
    const other = rows.find((r) => r.id === otherTeamStarter);
    expect(own?.outstanding).toContain(FOR_ONE_TEAM);
    expect(other?.outstanding).toContain(FOR_EVERY_TEAM);
    expect(other?.outstanding).not.toContain(FOR_ONE_TEAM);
    expect(other!.items).toBe(own!.items - 1);
  });
});
