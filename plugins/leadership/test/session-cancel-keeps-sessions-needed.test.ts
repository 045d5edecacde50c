// A learner completes Level 5 by attending the sessions needed (the programme rules), read when their
// completion is recorded. Cancelling a session on the edit page could leave a running cohort fewer
// scheduled sessions than that, so nobody on it could complete: the page refuses such a cancellation,
// beside the status and in the error summary, saying how many the rule needs, and saves nothing. Other
// changes, and cancellations that leave enough, still save. A cohort that has finished still counts while
// someone on it who attended the sessions needed waits to be recorded as complete, for a cancellation and
// for a raise of the rule alike. The check and a raise of the rule take one lock, so a raise at the same
// moment cannot slip between the cancellation's check and its write (on PostgreSQL; SQLite's transactions
// already wait for one another).
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday, utcToLondon } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as editSession from "../routes/sessions.$sessionId.edit";
import * as settings from "../routes/settings";
import { leadershipSettings } from "../server/settings.server";
import { form, holdEverySession } from "./support";

const SYSTEM = { userId: null, personId: null };
type Session = { id: number; title: string; starts_at: string; ends_at: string; location: string | null; status: "scheduled" | "cancelled" };
type Reply = { error: Record<string, string[]> };

beforeAll(seedDemo);

/** A Level 5 cohort beginning next week with `count` sessions, as a cohort made when the rule asked for as many. */
async function cohortWith(name: string, count: number) {
  const startsOn = addDaysToDate(londonToday(), 7);
  return createCohort(
    { programmeId: PLUGIN_ID, name, startsOn, endsOn: addDaysToDate(startsOn, 250), capacity: 12, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
}

const sessionsOf = (cohortId: number) => db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", cohortId).orderBy("sequence").execute() as Promise<Session[]>;
const scheduled = async (cohortId: number) => (await sessionsOf(cohortId)).filter((s) => s.status === "scheduled").length;
const pathOf = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/edit`;
const pageOf = async (sessionId: number) => (await run(editSession.loader, await requestAs("ld", pathOf(sessionId)), { sessionId: String(sessionId) })).data as { shown: string };

/** The edit page's form for `session` as saved now, with `changes`, sent by L&D. */
async function edit(session: Session, changes: Record<string, string>) {
  const start = utcToLondon(session.starts_at);
  const minutes = String(Math.round((Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 60_000));
  const fields = { title: session.title, date: start.date, time: start.time, durationMinutes: minutes, location: session.location ?? "", status: session.status, shown: (await pageOf(session.id)).shown, ...changes };
  return run(editSession.action, await requestAs("ld", pathOf(session.id), form(fields)), { sessionId: String(session.id) });
}

const cancel = (session: Session) => edit(session, { status: "cancelled" });
const cancellations = async (sessionId: number) => (await db().selectFrom("audit_events").select("id").where("action", "=", "cohort_session.cancelled").where("subject_id", "=", String(sessionId)).execute()).length;

/** The rules page's form as it stands, with `changes`, sent by L&D. */
async function saveRules(changes: Record<string, string>) {
  const path = `/programmes/${PLUGIN_ID}/settings`;
  const page = (await run(settings.loader, await requestAs("ld", path))).data as { current: Record<string, string>; units: { id: number; title: string }[] };
  const fields = { ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit: "", ...changes };
  return run(settings.action, await requestAs("ld", path, form(fields)));
}

/** Someone with a place on the cohort, marked present at every one of its sessions. */
async function learnerWhoAttendedAll(cohortId: number, employee: string) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const [person] = await db().insertInto("people").values(newPerson({ employee_number: employee, given_name: "Awaiting", family_name: "Certificate", email: `${employee}@example.test`, team_id })).returning("id").execute();
  const stamp = new Date().toISOString();
  const [place] = await db()
    .insertInto("enrolments")
    .values({ cohort_id: cohortId, person_id: person.id, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: person.id, override_reason: null, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  for (const s of await sessionsOf(cohortId)) await db().insertInto("attendance").values({ session_id: s.id, enrolment_id: place.id, status: "present", marked_by: null, marked_at: stamp }).execute();
  return place.id;
}

describe("a finished cohort with a learner still to be recorded as complete", () => {
  it("keeps its sessions and the rule while they wait, and lets both change once they are recorded", async () => {
    expect((await leadershipSettings()).requiredSessions).toBe(14);
    const cohortId = await cohortWith("Finished, certificates to come", 14);
    await holdEverySession(cohortId);
    const placeId = await learnerWhoAttendedAll(cohortId, "AWAIT-0001");
    const [first] = await sessionsOf(cohortId);

    // Cancelling a session they attended would leave them short of the 14 needed.
    const refused = await cancel(first);
    expect(refused.status).toBe(400);
    expect((refused.data as Reply).error).toEqual({ status: ["sessionEdit.cutsBelowRule"] });
    expect(await scheduled(cohortId)).toBe(14);
    // So would raising the rule above the 14 it held.
    const raise = await saveRules({ requiredSessions: "15" });
    expect(raise.status).toBe(400);
    expect((raise.data as Reply).error).toEqual({ requiredSessions: ["settings.errors.cohortStranded"] });
    expect((raise.data as { stranded: unknown }).stranded).toEqual({ name: "Finished, certificates to come", sessions: 14, running: false });
    // The page says why a finished cohort still counts, not that it is still running.
    const rulesPage = (await run(settings.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/settings`))).data;
    const said = decodeHtml(await renderedAfterPost(settings.default, rulesPage, raise.data));
    expect(said).toContain("Finished, certificates to come has finished with 14 sessions held, and learners on it who attended them are still to be recorded as complete");
    expect(said).not.toContain("is still running");
    expect((await leadershipSettings()).requiredSessions).toBe(14);

    // Recorded as complete, nobody on it waits: the rule no longer matters to it.
    await db().updateTable("enrolments").set({ status: "completed" }).where("id", "=", placeId).execute();
    expect((await cancel(first)).status).toBe(302);
    expect((await saveRules({ requiredSessions: "15" })).status).toBe(303);
    expect((await saveRules({ requiredSessions: "14" })).status).toBe(303);
  });
});

describe("cancelling a session on a running cohort", () => {
  it("is refused when the cohort would have fewer sessions than needed, beside the status and in the summary, in English and Welsh, saving nothing", async () => {
    const cohortId = await cohortWith("Exactly fourteen", 14);
    const [first] = await sessionsOf(cohortId);

    const refused = await cancel(first);

    expect(refused.status).toBe(400);
    expect((refused.data as Reply).error).toEqual({ status: ["sessionEdit.cutsBelowRule"] });
    expect((await sessionsOf(cohortId))[0]).toEqual(first);
    expect(await cancellations(first.id)).toBe(0);

    const page = await pageOf(first.id);
    const english = decodeHtml(await renderedAfterPost(editSession.default, page, refused.data));
    const message = "This session cannot be cancelled: a learner must attend 14 sessions to complete Level 5, and without it this cohort would have only 13 scheduled, so nobody on it could complete. Move the session to another date instead, or lower the sessions needed in the programme rules first";
    // Once in the summary, linking to the status's first radio, and once beside the status.
    expect(english.match(new RegExp(message, "g"))).toHaveLength(2);
    expect(english).toContain('href="#session-status-scheduled"');
    expect(english).toContain('id="session-status-error"');
    // What was typed is kept: "cancelled" is still ticked.
    expect(english).toContain('id="session-status-cancelled" name="status" type="radio" checked=""');
    const welsh = decodeHtml(await renderedAfterPost(editSession.default, page, refused.data, "cy"));
    expect(welsh.match(/Ni ellir canslo'r sesiwn hon: rhaid i ddysgwr fynychu 14 o sesiynau i gwblhau Lefel 5, a hebddi dim ond 13 o sesiynau/g)).toHaveLength(2);
  });

  it("saves while enough are left, other changes to a cohort at the rule (a cancelled session's too), and on a cohort already short", async () => {
    const cohortId = await cohortWith("Fifteen sessions", 15);
    const [first, second, third] = await sessionsOf(cohortId);

    expect((await cancel(first)).status).toBe(302);
    expect(await cancellations(first.id)).toBe(1);
    // Now at the 14 needed: another cancellation is refused, but a session still moves and is renamed,
    // and the one cancelled is renamed, or scheduled again.
    expect((await cancel(second)).status).toBe(400);
    expect((await edit(second, { title: "Renamed", date: addDaysToDate(utcToLondon(second.starts_at).date, 1) })).status).toBe(302);
    const [cancelled] = await sessionsOf(cohortId);
    expect((await edit(cancelled, { title: "Renamed while cancelled" })).status).toBe(302);
    expect((await edit(third, { title: "Third renamed" })).status).toBe(302);
    expect(await scheduled(cohortId)).toBe(14);
    expect((await edit((await sessionsOf(cohortId))[0], { status: "scheduled" })).status).toBe(302);
    expect(await scheduled(cohortId)).toBe(15);

    // A cohort already short of the rule (made before it was raised, say): a cancellation strands nobody new.
    const short = await cohortWith("Two sessions", 2);
    expect((await cancel((await sessionsOf(short))[0])).status).toBe(302);
    expect(await scheduled(short)).toBe(1);
  });
});

describe("a cancellation and a raise of the rule at the same moment", () => {
  it("do not both save: the cancellation's check holds the lock the raise takes", async () => {
    const cohortId = await cohortWith("Fifteen, one cancelled as the rule is raised", 15);
    const [first] = await sessionsOf(cohortId);
    const before = await leadershipSettings();
    const start = utcToLondon(first.starts_at);
    const fields = { title: first.title, date: start.date, time: start.time, durationMinutes: "60", location: "", status: "cancelled", shown: (await pageOf(first.id)).shown };
    const cancelling = async () => run(editSession.action, await requestAs("ld", pathOf(first.id), form(fields)), { sessionId: String(first.id) });

    // Just as the cancellation has counted the cohort's sessions (15, so 14 would be left: enough), the
    // rule is raised to 15, which those 15 would allow.
    let raised: Outcome | undefined;
    const cancelled = await whenFirstRead(/exists \(select 1 from enrolments e/, async () => (raised = await saveRules({ requiredSessions: "15" })), cancelling);

    // The cancellation holds the lock, so it lands first and the raise, waiting, sees it and is refused:
    // never 15 needed on a cohort with 14.
    const rule = (await leadershipSettings()).requiredSessions;
    expect(cancelled.status).toBe(302);
    expect(raised?.status).toBe(400);
    expect(await scheduled(cohortId)).toBeGreaterThanOrEqual(rule);
    await saveRules({ requiredSessions: String(before.requiredSessions) });
  });
});
