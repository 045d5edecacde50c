// A line manager who also works in L&D sees every new starter in the council, but the /team card counts
// the new starters of the line they manage, and links to the new starters' page narrowed to that same
// line, so the card's count is the count the page finds. Through the real loaders on the demo data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as team from "../../../app/routes/team._index";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import type { WidgetView } from "../../sdk";
import * as starters from "../routes/induction.team";

type Card = WidgetView & { id: string };
type StartersData = { total: number; rows: { id: number }[]; whose: string; hasLine: boolean };

const newStartersRow = async () => {
  const page = (await run(team.loader, await requestAs("manager", "/team"))).data as { widgets: Card[] };
  return page.widgets.find((w) => w.id === "practice-development-induction")!.rows![0];
};
const startersPage = async (href: string) => (await run(starters.loader, await requestAs("manager", href))).data as StartersData;

let inLine: number;

beforeAll(async () => {
  await seedDemo();
  const manager = await personIdOf("manager");
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", manager).executeTakeFirstOrThrow();
  const started = addDaysToDate(londonToday(), -3);
  const add = async (n: number, line_manager_id: number | null) =>
    (await db().insertInto("people").values(newPerson({ employee_number: `PD-LDM-${n}`, given_name: "Recent", family_name: `Starter ${n}`, email: `pd-ldm-${n}@example.test`, team_id }, { line_manager_id, employment_start: started })).returning("id").executeTakeFirstOrThrow()).id;
  // One new starter in the manager's line, and two elsewhere whom only their L&D role lets them see.
  inLine = await add(1, manager);
  await add(2, null);
  await add(3, null);
  await db().insertInto("user_roles").values({ user_id: await userIdOf("manager"), role: "learning_development" }).execute();
});

afterAll(async () => {
  await db().deleteFrom("user_roles").where("user_id", "=", await userIdOf("manager")).where("role", "=", "learning_development").execute();
});

describe("the /team new starters card of a manager who is also in L&D", () => {
  it("counts the line's new starters, and links to a page listing as many", async () => {
    const row = await newStartersRow();
    expect(row.href).toBe("/programmes/practice-development/induction/team?whose=team");
    const line = await startersPage(row.href!);
    expect(Number(row.value)).toBe(line.total);
    expect(line.rows.map((r) => r.id)).toContain(inLine);
    expect(line.whose).toBe("team");
    // Without the narrowing the page is the whole council's, so the card counting the line means something.
    const everyone = await startersPage("/programmes/practice-development/induction/team");
    expect(everyone.total).toBeGreaterThanOrEqual(line.total + 2);
    expect(everyone.hasLine).toBe(true);
  });
});
