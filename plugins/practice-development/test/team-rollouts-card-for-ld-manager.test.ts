// A line manager who also works in L&D sees every rollout's progress for the whole council, but the /team
// card's rollouts row counts the open rollouts their line still has to cover, and links to a page listing
// as many, each leading to its progress for that line. Before, the row promised "progress in your line"
// and led to pages of the whole council's. Through the real loaders and actions on the demo data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as team from "../../../app/routes/team._index";
import { teamScope } from "../../../app/services/people.server";
import { db } from "../../../app/utils/db.server";
import { scopedPeople } from "../../../app/utils/permissions.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import type { WidgetView } from "../../sdk";
import * as rolloutsPage from "../routes/rollouts";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as rolloutCsv from "../routes/rollouts.$rolloutId.export";
import { createBriefing } from "./briefing-requests";
import { addPerson, createRollout, type Progress } from "./rollout-fixtures";

type Card = WidgetView & { id: string };
type ListData = { whose: string; open: { rows: { id: number }[]; total: number } };
const BASE = "/programmes/practice-development";

const rolloutsRow = async () => {
  const page = (await run(team.loader, await requestAs("manager", "/team"))).data as { widgets: Card[] };
  return page.widgets.find((w) => w.id === "practice-development-induction")!.rows![1];
};
const listAt = async (href: string) => (await run(rolloutsPage.loader, await requestAs("manager", href))).data as ListData;
const progressAt = async (rollout: number, query = "") => (await run(rolloutPage.loader, await requestAs("manager", `${BASE}/rollouts/${rollout}${query}`), { rolloutId: String(rollout) })).data as Progress & { wholeService: boolean };

let forLine = 0;
let elsewhere = 0;

beforeAll(async () => {
  await seedDemo();
  const manager = await personIdOf("manager");
  const lineTeams = new Set((await scopedPeople(teamScope({ personId: manager, roles: ["manager"] } as never)).select("people.team_id").execute()).map((p) => p.team_id));
  const teams = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").execute();
  const outside = teams.find((t) => !lineTeams.has(t.id))!.id;
  const inside = [...lineTeams][0];
  await addPerson(outside);
  // One rollout meant for a team of the line, nobody in it having covered it; one for a team outside it.
  forLine = await createRollout(await createBriefing({ title: "For the line" }), { teams: [String(inside)] });
  elsewhere = await createRollout(await createBriefing({ title: "For elsewhere" }), { teams: [String(outside)] });
  await db().insertInto("user_roles").values({ user_id: await userIdOf("manager"), role: "learning_development" }).execute();
});

afterAll(async () => {
  await db().deleteFrom("user_roles").where("user_id", "=", await userIdOf("manager")).where("role", "=", "learning_development").execute();
});

describe("the /team rollouts row of a manager who is also in L&D", () => {
  it("counts the open rollouts the line has still to cover, and links to a page listing as many", async () => {
    const row = await rolloutsRow();
    expect(row.href).toBe(`${BASE}/rollouts?whose=team`);
    const line = await listAt(row.href!);
    expect(line.whose).toBe("team");
    expect(row.value).toMatch(new RegExp(`^${line.open.total} open rollouts? for your line to cover$`));
    const listed = line.open.rows.map((r) => r.id);
    expect(listed).toContain(forLine);
    expect(listed).not.toContain(elsewhere);
    // Without the narrowing the list is the whole council's, so the row counting the line means something.
    expect((await listAt(`${BASE}/rollouts`)).open.rows.map((r) => r.id)).toContain(elsewhere);
  });

  it("leads to each rollout's progress for the line, not the whole council", async () => {
    const whole = await progressAt(elsewhere);
    expect(whole.wholeService).toBe(true);
    expect(whole.total.total).toBeGreaterThan(0);
    const lineOnly = await progressAt(elsewhere, "?whose=team");
    expect(lineOnly.wholeService).toBe(false);
    expect(lineOnly.total.total).toBe(0);
    expect((await progressAt(forLine, "?whose=team")).total.notYet).toBeGreaterThan(0);
    // Its CSV is the line's too: only the header, as nobody in the line is meant to cover it.
    const csvAt = async (query: string) => (await (rolloutCsv.loader({ request: await requestAs("manager", `${BASE}/rollouts/${elsewhere}/export${query}`), params: { rolloutId: String(elsewhere) }, context: {} } as never) as Promise<Response>)).text();
    expect((await csvAt("?whose=team")).trim().split("\n")).toHaveLength(1);
    expect((await csvAt("")).trim().split("\n").length).toBeGreaterThan(1);
  });
});
