// Migration 0005: each row of money in keeps the day it expires. Rows written before it are dated by the
// expiry setting as it stands when it runs (what was in force when each was paid in is not known), a
// reversal as the row it reverses, so the account reads as it did; money out has no expiry.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { ledgerExpiryDates } from "../migrations/0005-ledger-expiry-dates";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { reverseEntry } from "../server/ledger-reversals.server";
import { addMonths, ledgerByDay, ledgerPosition, recordEntry } from "../server/ledger.server";
import { saveApprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);

const everyRow = () => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().orderBy("id").execute();

describe("migration 0005: the day each row of money in expires", () => {
  it("dates the money in already recorded, reversals too, by the setting as it stands, and leaves money out without one", async () => {
    const today = londonToday();
    expect(await recordEntry({ occurredOn: addMonths(today, -3), kind: "levy", amountPence: 500_000, personId: null, counterparty: null }, SYSTEM_ACTOR)).toEqual({ ok: true });
    const levy = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", "levy").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(await reverseEntry(levy.id, "Typed for the wrong month.", SYSTEM_ACTOR)).toEqual({ ok: true });
    const settings = { ...DEFAULT_SETTINGS, expiryMonths: 18 };
    await saveApprenticeshipSettings(settings, SYSTEM_ACTOR);
    // The ledger as written before the migration: no row had a day of its own, so each is read by the setting.
    await apprenticeshipDb().updateTable("apprenticeship_ledger").set({ expires_on: null }).execute();
    const before = ledgerPosition(await ledgerByDay(), today, settings);
    // The ledger as it stood before the migration: no column at all.
    await ledgerExpiryDates.down!(db());
    await ledgerExpiryDates.up(db());

    const rows = await everyRow();
    expect(rows.some((r) => r.reverses_id !== null && r.kind === "levy")).toBe(true);
    expect(rows.some((r) => r.kind === "payment")).toBe(true);
    for (const row of rows) expect(row.expires_on, `${row.kind} ${row.id}`).toBe(row.kind === "levy" || row.kind === "top_up" ? addMonths(row.occurred_on, 18) : null);
    // The reversal and the levy it reverses fall on one line and come to nothing, as before.
    expect((await ledgerByDay()).some((e) => e.occurred_on === addMonths(today, -3) && e.kind === "levy")).toBe(false);
    // The account reads as it did.
    expect(ledgerPosition(await ledgerByDay(), today, settings)).toEqual(before);
  });
});
