// A plugin's audit through its context is written in the plugin's transaction when it passes one, so an
// event never outlives the change it records (every change is audited in its own transaction).
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../app/services/plugin-context.server";
import { db } from "../../app/utils/db.server";
import researchInPractice from "../../plugins/research-in-practice/plugin";
import { seedDemo } from "../support/fixtures";

beforeAll(seedDemo);

const eventsOf = (subjectId: string) => db().selectFrom("audit_events").select(["action", "subject_id"]).where("subject_id", "=", subjectId).execute();

describe("a plugin's context audit", () => {
  it("is undone with the plugin's transaction it was given", async () => {
    const ctx = pluginContext(researchInPractice, "en-GB");
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await ctx.audit({ action: "test.undone", subjectType: "test", subjectId: "ctx-audit-undone" }, trx);
          throw new Error("the plugin's change failed");
        }),
    ).rejects.toThrow("the plugin's change failed");
    expect(await eventsOf("ctx-audit-undone")).toEqual([]);
  });

  it("is kept with a transaction that commits, named with the plugin's id", async () => {
    const ctx = pluginContext(researchInPractice, "en-GB");
    await db()
      .transaction()
      .execute((trx) => ctx.audit({ action: "test.kept", subjectType: "test", subjectId: "ctx-audit-kept" }, trx));
    expect(await eventsOf("ctx-audit-kept")).toEqual([{ action: "research-in-practice.test.kept", subject_id: "ctx-audit-kept" }]);
  });
});
