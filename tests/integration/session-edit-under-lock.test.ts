// A session is edited (moved, cancelled) under its cohort's lock, where registers are saved and a Level 5
// completion checks the sessions attended: a session cancelled as a completion is recorded lands after
// it, never between its check and its write, and two edits of one session at once each see what the other
// saved, so the audit's "before" is what the edit replaced. SQLite's transactions already wait for one
// another; these fail on PostgreSQL without the lock.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort, sessionAsShown, updateSession } from "../../app/services/cohorts.server";
import { isoDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { utcToLondon } from "../../app/utils/london-time";
import * as editSession from "../../plugins/leadership/routes/sessions.$sessionId.edit";
import { leadershipDb } from "../../plugins/leadership/server/progress.server";
import { form, learnerOnCohortOne, meetEveryRequirement } from "../../plugins/leadership/test/support";
import { whenFirstRead } from "../support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run, type Outcome } from "../support/route";

beforeAll(seedDemo);

const minutesOf = (s: { starts_at: string; ends_at: string }) => Math.round((Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000);

describe("a session cancelled while a Level 5 completion is being recorded", () => {
  it("is cancelled after the completion, which counts the session it checked, hours included", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const sessions = await db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", learner.cohortId).orderBy("sequence").execute();
    const [first] = sessions;
    const start = utcToLondon(first.starts_at);
    const cancel = async () =>
      run(
        editSession.action,
        await requestAs("ld", `/programmes/leadership/sessions/${first.id}/edit`, form({ title: first.title, date: start.date, time: start.time, durationMinutes: String(minutesOf(first)), location: first.location ?? "", status: "cancelled", shown: sessionAsShown(first) })),
        { sessionId: String(first.id) },
      );
    const lastEvent = Number((await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id);

    // A colleague cancels a session the learner attended just as the completion reads the sessions attended.
    let cancelled: Outcome | undefined;
    const completed = await whenFirstRead(
      /from "attendance" as "a"/,
      async () => (cancelled = await cancel()),
      () => learner.post({ intent: "complete", ilmRegistration: "ILM-SESSION-EDIT-1", certificateNumber: "CERT-SESSION-EDIT-1" }),
    );

    expect(completed.status).toBe(200);
    expect(cancelled?.status).toBe(302);
    const events = await db().selectFrom("audit_events").select("action").where("id", ">", lastEvent).where("action", "in", ["leadership.completed", "cohort_session.cancelled"]).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["leadership.completed", "cohort_session.cancelled"]);
    // The completion's hours are the sessions its check counted, the one cancelled after it included, and the self-study confirmed.
    const taught = sessions.reduce((sum, s) => sum + minutesOf(s), 0);
    const guided = await leadershipDb().selectFrom("leadership_guided_learning").select("minutes").where("enrolment_id", "=", learner.enrolment.id).where("confirmed_at", "is not", null).execute();
    const selfStudy = guided.reduce((sum, g) => sum + g.minutes, 0);
    const cpd = await db().selectFrom("cpd_entries").select("hours").where("person_id", "=", learner.enrolment.person_id).where("source_ref", "=", `enrolment:${learner.enrolment.id}`).executeTakeFirstOrThrow();
    expect(Number(cpd.hours)).toBe(Math.round(((taught + selfStudy) / 60) * 10) / 10);
  });
});

describe("two edits of one session at once", () => {
  it("are saved one after the other, the second's audit replacing what the first saved", async () => {
    const firstDate = isoDate(new Date(Date.now() + 20 * 86_400_000));
    const cohortId = await createCohort(
      { programmeId: "leadership", name: "Sessions edited under lock", startsOn: firstDate, endsOn: isoDate(new Date(Date.now() + 60 * 86_400_000)), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      { firstDate, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 60 },
      { userId: null, personId: null },
    );
    const session = await db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", cohortId).executeTakeFirstOrThrow();
    const edit = (title: string) => ({ title, startsAt: session.starts_at, endsAt: session.ends_at, location: session.location, status: "scheduled" as const });
    const actor = async (account: "ld" | "admin") => ({ userId: null, personId: await personIdOf(account) });

    await whenFirstRead(
      /select \* from "cohort_sessions"/,
      async () => updateSession(session.id, edit("Second title"), await actor("admin")),
      async () => updateSession(session.id, edit("First title"), await actor("ld")),
    );

    const events = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("subject_type", "=", "cohort_session").where("subject_id", "=", String(session.id)).orderBy("id").execute();
    expect(events.map((e) => [JSON.parse(e.before_json!).title, JSON.parse(e.after_json!).title])).toEqual([
      [session.title, "First title"],
      ["First title", "Second title"],
    ]);
    const stored = await db().selectFrom("cohort_sessions").select("title").where("id", "=", session.id).executeTakeFirstOrThrow();
    expect(stored.title).toBe("Second title");
  });
});
