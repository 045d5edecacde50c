// The /team card lists ten of a manager's running ASYE years: those with a review or supervision overdue come
// first, then by name, so a long line never pushes an overdue worker off the card; and the card says how
// many it shows of how many, above its link to them all.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import type { WidgetView } from "../../sdk";
import { newAsyeWorker, startYearFor } from "./year-support";

type Card = WidgetView & { id: string };

const cardOnTeam = async () => ((await run((await import("../../../app/routes/team._index")).loader, await requestAs("manager", "/team"))).data as { widgets: Card[] }).widgets.find((w) => w.id === "asye-team")!;

let overdueName = "";

beforeAll(async () => {
  await seedDemo();
  const assessor = await personIdOf("practitioner");
  // Twelve years started yesterday, with nothing due yet, in the manager's line...
  for (let n = 0; n < 12; n += 1) await startYearFor(assessor, 1, await newAsyeWorker(`E-CARD-${String(n).padStart(2, "0")}`));
  // ...and, started last and named last, one 100 days in with no supervision and its 3-month review missed.
  await startYearFor(assessor, 100, await newAsyeWorker("E-CARD-ZZ"));
  overdueName = "Morgan Test E-CARD-ZZ";
});

describe("the /team ASYE card of a manager with more than ten running years", () => {
  it("lists the overdue worker, with the overdue ones first, and says how many of how many it shows", async () => {
    const card = await cardOnTeam();
    const rows = card.rows!;
    expect(rows).toHaveLength(10);
    const overdue = rows.find((r) => r.label === overdueName);
    expect(overdue, rows.map((r) => r.label).join(", ")).toBeDefined();
    expect(overdue!.value).toMatch(/3-month review overdue since .*Supervision overdue since/);
    // Every row with something overdue comes before every row without.
    const flagged = rows.map((r) => /overdue since/.test(r.value));
    expect(flagged).toEqual([...flagged].sort((a, b) => Number(b) - Number(a)));

    const total = Number(card.action!.label.match(/\((\d+)\)$/)![1]);
    expect(total).toBeGreaterThanOrEqual(13);
    expect(card.body).toBe(`Showing 10 of ${total}, those with something overdue first`);
    expect(card.action!.href).toBe("/programmes/asye/years?status=current&whose=team");
  });
});
