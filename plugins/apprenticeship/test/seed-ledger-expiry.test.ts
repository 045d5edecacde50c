// The demo's levy account is written as recordEntry writes one: each row of money in with the day it
// expires by the rule the demo's settings start with, money out with none. Without it the demo's funds
// would be read by whatever the setting later says, the account history a settings change must not move.
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../tests/support/fixtures";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { expiryFrom, isMoneyIn } from "../server/ledger.server";

beforeAll(seedDemo);

describe("the demo's levy account", () => {
  it("dates each row of money in by the default expiry rule, and money out not at all", async () => {
    const rows = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["id", "kind", "occurred_on", "expires_on"]).execute();
    expect(rows.filter((r) => isMoneyIn(r.kind)).length).toBeGreaterThan(0);
    expect(rows.filter((r) => !isMoneyIn(r.kind)).length).toBeGreaterThan(0);
    for (const row of rows) expect(row.expires_on, `${row.kind} ${row.id}`).toBe(isMoneyIn(row.kind) ? expiryFrom(row.occurred_on, DEFAULT_SETTINGS.expiryMonths) : null);
  });
});
