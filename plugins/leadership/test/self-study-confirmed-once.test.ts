// Two L&D colleagues confirming the same self-study entry at once: only the first confirms it. The second
// changes nothing, neither who confirmed it nor when, and writes no second audit event.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run, type Outcome } from "../../../tests/support/route";
import * as confirmPage from "../routes/cohorts.$cohortId.learning";
import { leadershipDb } from "../server/progress.server";
import { cohortNamed, form } from "./support";

beforeAll(seedDemo);

describe("a self-study entry confirmed by two colleagues at once", () => {
  it("is confirmed once, by the first, and audited once", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const path = `/programmes/leadership/cohorts/${cohortId}/learning`;
    const params = { cohortId: String(cohortId) };
    const colleagues = [await personIdOf("ld"), await personIdOf("admin")];
    const waiting = ((await run(confirmPage.loader, await requestAs("ld", path), params)).data as { entries: { id: number; own: boolean }[] }).entries;
    const entry = waiting.find((e) => !e.own)!;
    expect(colleagues).not.toContain((await ownerOf(entry.id)).person_id);
    const confirming = (account: DemoAccount) => requestAs(account, path, form({ intent: "selected", entry: String(entry.id) }));
    const ldRequest = await confirming("ld");

    // The admin's confirmation arrives just after L&D's first read of the entries waiting.
    let adminOutcome: Outcome | undefined;
    const ldOutcome = await whenFirstRead(
      /from "leadership_guided_learning"/,
      async () => (adminOutcome = await run(confirmPage.action, await confirming("admin"), params)),
      () => run(confirmPage.action, ldRequest, params),
    );

    // One was told it confirmed the entry, the other that it confirmed nothing.
    const answers = [ldOutcome.data, adminOutcome?.data] as { confirmed: number }[];
    expect(answers.map((a) => a.confirmed).sort()).toEqual([0, 1]);
    const first = colleagues[answers.findIndex((a) => a.confirmed === 1)];
    // And that one is recorded, on the entry and in its one audit event.
    const stored = await leadershipDb().selectFrom("leadership_guided_learning").select(["confirmed_by", "confirmed_at"]).where("id", "=", entry.id).executeTakeFirstOrThrow();
    expect(stored.confirmed_by).toBe(first);
    const events = await db().selectFrom("audit_events").select(["actor_person_id", "after_json"]).where("action", "=", "leadership.guided_learning.confirmed").where("subject_id", "=", String(entry.id)).execute();
    expect(events).toHaveLength(1);
    expect(events[0].actor_person_id).toBe(first);
    expect(JSON.parse(events[0].after_json!)).toEqual({ confirmed_at: stored.confirmed_at });
  });
});

const ownerOf = (entryId: number) =>
  leadershipDb().selectFrom("leadership_guided_learning as g").innerJoin("enrolments as e", "e.id", "g.enrolment_id").select("e.person_id").where("g.id", "=", entryId).executeTakeFirstOrThrow();
