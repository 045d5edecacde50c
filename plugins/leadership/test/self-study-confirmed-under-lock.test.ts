// L&D confirming a learner's self-study as a colleague withdraws that learner: the confirmation reads which
// entries are on a place still held, then writes. Unless it holds the cohort's lock, where withdrawals are
// made, a withdrawal can land between the two (on PostgreSQL; SQLite's transactions hold its one write lock
// from the start), and the hours are confirmed on a place already given up. Under the lock the withdrawal
// waits, so the confirmation comes first in the record, while the place was held.
import { beforeAll, describe, expect, it } from "vitest";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as confirmPage from "../routes/cohorts.$cohortId.learning";
import { leadershipDb } from "../server/progress.server";
import { cohortNamed, form } from "./support";

beforeAll(seedDemo);

describe("self-study confirmed as its learner is withdrawn", () => {
  it("is confirmed while the place is held, before the withdrawal, never after it", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const path = `/programmes/leadership/cohorts/${cohortId}/learning`;
    const params = { cohortId: String(cohortId) };
    const waiting = ((await run(confirmPage.loader, await requestAs("ld", path), params)).data as { entries: { id: number; own: boolean }[] }).entries;
    const entry = waiting.find((e) => !e.own)!;
    const { enrolment_id: enrolmentId } = await leadershipDb().selectFrom("leadership_guided_learning").select("enrolment_id").where("id", "=", entry.id).executeTakeFirstOrThrow();
    const admin = { userId: null, personId: await personIdOf("admin") };
    const request = await requestAs("ld", path, form({ intent: "selected", entry: String(entry.id) }));

    // The admin withdraws the learner just after the confirmation first reads the entries waiting.
    const outcome = await whenFirstRead(
      /from "leadership_guided_learning"/,
      () => withdraw(enrolmentId, "Left the programme", admin),
      () => run(confirmPage.action, request, params),
    );

    const stored = await db().selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("withdrawn");
    const confirmed = await db().selectFrom("audit_events").select("id").where("action", "=", "leadership.guided_learning.confirmed").where("subject_id", "=", String(entry.id)).execute();
    const withdrawn = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").where("subject_id", "=", String(enrolmentId)).executeTakeFirstOrThrow();
    // Either nothing was confirmed, or it was confirmed before the place was given up.
    expect((outcome.data as { confirmed: number }).confirmed).toBe(confirmed.length);
    for (const event of confirmed) expect(event.id).toBeLessThan(withdrawn.id);
  });
});
