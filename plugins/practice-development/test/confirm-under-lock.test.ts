// "Read and understood", and a new session of a briefing, as a new version is published at the same
// moment, through the real actions on a migrated, seeded database. The version is checked under the lock a
// correction takes, so either the correction comes first (the confirmation is refused with nothing stored;
// the session is of the new version) or it publishes the next version after. Checked before that lock, a
// correction could land in between: a superseded version recorded as read, with its CPD entry, or a new
// session recorded for it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import { updateBriefing } from "../server/briefings/briefings.server";
import { pdDb } from "../server/db.server";
import * as newSession from "../routes/briefings.sessions.new";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development/briefings";

/** The confirmation's one read of the briefing (its title, version and delivery), not the page's guard's. */
const CONFIRMATION_READ = /^select "title", "version", "delivery" from "practice_development_briefings"/i;
/** A new session's read of the briefing it is of (its version and delivery). */
const SESSION_READ = /^select ("title", )?"version", "delivery" from "practice_development_briefings"/i;
/** A correction's read of the briefing, in its transaction (updateBriefing reads nothing of it before). */
const CORRECTION_READ = /^select \* from "practice_development_briefings"/i;

let reader: number;

beforeAll(async () => {
  await seedDemo();
  reader = await personIdOf("practitioner");
});

const confirm = async (briefing: number, version: number) =>
  run(briefingPage.action, await requestAs("practitioner", `${BASE}/${briefing}`, post({ intent: "confirm", version: String(version) })), { briefingId: String(briefing) });

/** L&D publish version 2, asking everyone to confirm again: a confirmation of version 1 no longer counts. Sent from the page of the new briefing: version 1, revision 1. */
const publishVersion2 = async (briefing: number, delivery = "read") =>
  run(editBriefing.action, await requestAs("ld", `${BASE}/${briefing}/edit`, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery, newVersion: "yes", reconfirm: "yes", shownVersion: "1", shownRevision: "1" })), { briefingId: String(briefing) });

const confirmationsOf = (briefing: number) => pdDb().selectFrom("practice_development_confirmations").select("version").where("briefing_id", "=", briefing).where("person_id", "=", reader).execute();
const cpdEntriesOf = (briefing: number) => db().selectFrom("cpd_entries").select("source_ref").where("person_id", "=", reader).where("source_ref", "like", `briefing:${briefing}:%`).execute();
const versionOf = async (briefing: number) => (await pdDb().selectFrom("practice_development_briefings").select("version").where("id", "=", briefing).executeTakeFirstOrThrow()).version;
/** The briefing's audit events in the order they were written: the order the changes were made in. */
const eventsOf = async (briefing: number) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "practice_development_briefing").where("subject_id", "=", String(briefing)).orderBy("id").execute()).map((e) => e.action);

async function expectRefusedAndNothingStored(answer: Awaited<ReturnType<typeof confirm>>, briefing: number) {
  expect(answer.status).toBe(400);
  expect(answer.data).toEqual({ error: "confirm.errors.notCurrent" });
  expect(await confirmationsOf(briefing)).toEqual([]);
  expect(await cpdEntriesOf(briefing)).toEqual([]);
  expect(await eventsOf(briefing)).not.toContain("practice-development.briefing.confirmed");
}

describe("confirming a briefing as a new version is published", () => {
  it("records a confirmation of version 1 only while version 1 is current, when the correction comes just as the confirmation reads the version", async () => {
    const briefing = await createBriefing();
    let published: Awaited<ReturnType<typeof publishVersion2>> | undefined;
    const answer = await whenFirstRead(CONFIRMATION_READ, async () => (published = await publishVersion2(briefing)), () => confirm(briefing, 1));
    expect(published?.status).toBe(302);
    expect(await versionOf(briefing)).toBe(2);
    if (answer.status === 400) {
      await expectRefusedAndNothingStored(answer, briefing);
    } else {
      // Recorded, with its CPD entry, before version 2 was published: version 1 was still current.
      expect(answer.status).toBe(302);
      expect(await confirmationsOf(briefing)).toEqual([{ version: 1 }]);
      expect(await cpdEntriesOf(briefing)).toEqual([{ source_ref: `briefing:${briefing}:v1` }]);
      expect(await eventsOf(briefing)).toEqual(["practice-development.briefing.created", "practice-development.briefing.confirmed", "practice-development.briefing.versioned"]);
    }
  });

  it("refuses the confirmation of version 1, storing nothing, when it arrives while a correction publishing version 2 holds the briefing", async () => {
    const briefing = await createBriefing();
    const actor = { userId: null, personId: await personIdOf("ld") };
    const correction = { title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read" as const, roles: [], teams: [], newVersion: "yes" as const, reconfirm: "yes" as const, shownVersion: 1 };
    let answer: Awaited<ReturnType<typeof confirm>> | undefined;
    const saved = await whenFirstRead(CORRECTION_READ, async () => (answer = await confirm(briefing, 1)), () => updateBriefing(briefing, correction, actor));
    expect(saved).toEqual({ ok: true, version: 2, countsFrom: 2 });
    await expectRefusedAndNothingStored(answer!, briefing);
    expect(await eventsOf(briefing)).toEqual(["practice-development.briefing.created", "practice-development.briefing.versioned"]);
  });
});

describe("making a session of a briefing as a new version is published", () => {
  const newSessionOf = async (briefing: number) =>
    run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name: "Session as it changed", firstDate: inDays(20), time: "10:00", durationMinutes: "90", days: "1", capacity: "20" })));

  it("records the session against the version current when it was made, when the correction comes just as it reads the briefing", async () => {
    const briefing = await createBriefing({ delivery: "session" });
    let published: Awaited<ReturnType<typeof publishVersion2>> | undefined;
    const made = await whenFirstRead(SESSION_READ, async () => (published = await publishVersion2(briefing, "session")), () => newSessionOf(briefing));
    expect(made.status).toBe(302);
    expect(published?.status).toBe(302);
    const cohort = idFrom(made.headers.get("Location"));
    const { briefing_version } = await pdDb().selectFrom("practice_development_cohorts").select("briefing_version").where("cohort_id", "=", cohort).executeTakeFirstOrThrow();
    const order = await db()
      .selectFrom("audit_events")
      .select("action")
      .where((eb) => eb.or([eb.and([eb("subject_type", "=", "cohort"), eb("subject_id", "=", String(cohort))]), eb.and([eb("subject_type", "=", "practice_development_briefing"), eb("subject_id", "=", String(briefing)), eb("action", "=", "practice-development.briefing.versioned")])]))
      .orderBy("id")
      .execute();
    // Of version 1 only when made before version 2 was published (whose attendance then no longer counts); made after, of version 2.
    const created = ["cohort.created", "practice-development.briefing.versioned"];
    expect(order.map((e) => e.action)).toEqual(briefing_version === 1 ? created : [...created].reverse());
    expect([1, 2]).toContain(briefing_version);
  });
});
