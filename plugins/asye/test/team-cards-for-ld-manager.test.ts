// A line manager who also works in L&D sees everyone, but /team counts the line they manage: the ASYE
// cards there link to lists narrowed to that same line, so each card's count is the count its page finds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import type { WidgetView } from "../../sdk";
import { newAsyeWorker, startYearFor } from "./year-support";

type Card = WidgetView & { id: string };
type ListData = { total: number; hasTeam: boolean };
type CheckData = { flagged: { total: number } | null };

const cardOnTeam = async (id: string) => ((await run((await import("../../../app/routes/team._index")).loader, await requestAs("manager", "/team"))).data as { widgets: Card[] }).widgets.find((w) => w.id === id)!;
const yearsList = async (href: string) => (await run((await import("../routes/years")).loader, await requestAs("manager", href))).data as ListData;
const caseloadCheck = async (href: string) => (await run((await import("../routes/caseload")).loader, await requestAs("manager", href))).data as CheckData;

beforeAll(async () => {
  await seedDemo();
  // A running year outside the manager's line, which their L&D role lets them see.
  const elsewhere = await newAsyeWorker("E-LD-MANAGER-1");
  await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", elsewhere).execute();
  await startYearFor(await personIdOf("practitioner"), 100, elsewhere);
  await db().insertInto("user_roles").values({ user_id: await userIdOf("manager"), role: "learning_development" }).execute();
});

afterAll(async () => {
  await db().deleteFrom("user_roles").where("user_id", "=", await userIdOf("manager")).where("role", "=", "learning_development").execute();
});

describe("the /team ASYE cards of a manager who is also in L&D", () => {
  it("count the running years of the line, and link to a list of as many", async () => {
    const card = await cardOnTeam("asye-team");
    const counted = Number(card.action!.label.match(/\((\d+)\)$/)![1]);
    expect(card.action!.href).toContain("whose=team");
    const found = await yearsList(card.action!.href);
    expect(found.total).toBe(counted);
    // The list without the filter is the whole council's, so narrowing to the line is offered and means something.
    const everyone = await yearsList("/programmes/asye/years?status=current");
    expect(everyone.total).toBeGreaterThan(counted);
    expect(found.hasTeam).toBe(true);
  });

  it("count the line's ASYE workers over the caseload line, and link to a check listing as many", async () => {
    const card = await cardOnTeam("asye-caseload-team");
    const counted = Number(card.body!.match(/: (\d+)\./)![1]);
    expect(card.action!.href).toBe("/programmes/asye/caseload?whose=team");
    const found = await caseloadCheck(card.action!.href);
    expect(found.flagged!.total).toBe(counted);
    const everyone = await caseloadCheck("/programmes/asye/caseload");
    expect(everyone.flagged!.total).toBeGreaterThan(counted);
  });
});
