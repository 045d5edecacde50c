// Every change to what a cohort's calendar events show raises their SEQUENCE, not only a session's edit:
// the cohort's name is each event's title, and its venue the location of a session naming none, so a writer
// of either records the change with `markCohortsChanged` in its own transaction. A batch of cohorts (a
// provider's sync) each rise, even one a colleague changed a moment before, and twice within a second.
import { beforeAll, describe, expect, it } from "vitest";
import * as cohortCalendar from "../../plugins/leadership/routes/cohorts.$cohortId.calendar";
import { createCohort, markCohortsChanged } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { run } from "../support/route";

async function leadershipCohort(name: string) {
  const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
  return createCohort(
    { programmeId: "leadership", name, startsOn: "2031-01-06", endsOn: "2031-06-30", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2031-01-06", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 120 },
    actor,
  );
}

/** Each event of the cohort's calendar file: its title and SEQUENCE. */
async function events(cohortId: number) {
  const file = await run(cohortCalendar.loader, await requestAs("manager", `/programmes/leadership/cohorts/${cohortId}/calendar`), { cohortId: String(cohortId) });
  return (file.data as string)
    .split("BEGIN:VEVENT")
    .slice(1)
    .map((event) => ({ summary: /\r?\nSUMMARY:([^\r\n]*)/.exec(event)![1], sequence: Number(/\r?\nSEQUENCE:(\d+)/.exec(event)![1]) }));
}

const lowest = async (cohortId: number) => Math.min(...(await events(cohortId)).map((e) => e.sequence));
const highest = async (cohortId: number) => Math.max(...(await events(cohortId)).map((e) => e.sequence));

beforeAll(seedDemo);

describe("a cohort's calendar events", () => {
  it("carry a higher version once the cohort is renamed, with the new name", async () => {
    const cohortId = await leadershipCohort("Renamed cohort");
    const before = await highest(cohortId);
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("cohorts").set({ name: "Renamed cohort (Llandudno)" }).where("id", "=", cohortId).execute();
        await markCohortsChanged(trx, [cohortId]);
      });
    const after = await events(cohortId);
    expect(after.every((e) => e.summary.startsWith("Renamed cohort (Llandudno):"))).toBe(true);
    expect(Math.min(...after.map((e) => e.sequence))).toBeGreaterThan(before);
  });

  it("each rise in a batch, even one changed a moment before, and again within the same second", async () => {
    const quiet = await leadershipCohort("Batch cohort, quiet");
    const edited = await leadershipCohort("Batch cohort, just edited");
    // A colleague's edit a moment ago left this one's stamp a second ahead of the clock.
    await db().updateTable("cohorts").set({ updated_at: new Date(Date.now() + 1000).toISOString() }).where("id", "=", edited).execute();
    const before = { quiet: await highest(quiet), edited: await highest(edited) };
    await db().transaction().execute((trx) => markCohortsChanged(trx, [quiet, edited]));
    const first = { quiet: await lowest(quiet), edited: await lowest(edited) };
    await db().transaction().execute((trx) => markCohortsChanged(trx, [quiet, edited]));
    const second = { quiet: await lowest(quiet), edited: await lowest(edited) };
    expect(first.quiet).toBeGreaterThan(before.quiet);
    expect(first.edited).toBeGreaterThan(before.edited);
    expect(second.quiet).toBeGreaterThan(first.quiet);
    expect(second.edited).toBeGreaterThan(first.edited);
  });
});
