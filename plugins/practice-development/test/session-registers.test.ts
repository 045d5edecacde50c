// A session cohort's registers through the real loader, page and action on a migrated, seeded database:
// a save marks only the rows its page showed (someone given a place meanwhile is not marked absent, nor a
// colleague's mark for them undone); a session to come or cancelled offers no register and refuses one
// posted (409, nothing stored, the message beside the session and in the error summary); and a "present"
// counts towards a briefing's coverage and a Signs of Safety stage only while its session is held.
import { beforeAll, describe, expect, it } from "vitest";
import { updateSession } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { countRows, personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { sosStagesDone } from "../server/briefings/sessions.server";
import { pdDb } from "../server/db.server";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { addPerson, createRollout, progressAs } from "./rollout-fixtures";

const BASE = "/programmes/practice-development";

beforeAll(async () => {
  await seedDemo();
});

type Page = { sessions: { id: number; state: string; register: { enrolmentId: number }[] }[] };

/** A one-day cohort made through the real form: a session yesterday has been held, one days ahead has not. */
async function newCohort(fields: Record<string, string>, firstDate: string) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ name: "Register test", firstDate, time: "10:00", durationMinutes: "90", days: "1", capacity: "10", ...fields })));
  expect(made.status).toBe(302);
  const cohortId = idFrom(made.headers.get("Location"));
  const session = await db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", cohortId).executeTakeFirstOrThrow();
  return { cohortId, session };
}

async function enrol(cohortId: number, personIds: number[]) {
  const now = new Date().toISOString();
  const rows = await db().insertInto("enrolments").values(personIds.map((person_id) => ({ cohort_id: cohortId, person_id, status: "enrolled" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }))).returning("id").execute();
  return rows.map((r) => r.id);
}

const pagePath = (cohortId: number) => `${BASE}/briefings/sessions/${cohortId}`;
const pageOf = async (cohortId: number) => run(sessionPage.loader, await requestAs("ld", pagePath(cohortId)), { cohortId: String(cohortId) });
const saveAs = async (who: "ld" | "admin", cohortId: number, fields: [string, string][]) => {
  const body = new URLSearchParams(fields);
  return run(sessionPage.action, await requestAs(who, pagePath(cohortId), { method: "POST", body }), { cohortId: String(cohortId) });
};
const marksOn = async (sessionId: number) => Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((r) => [r.enrolment_id, r.status]));
const cancel = async (session: { id: number; title: string; starts_at: string; ends_at: string; location: string | null }) =>
  updateSession(session.id, { title: session.title, startsAt: session.starts_at, endsAt: session.ends_at, location: session.location, status: "cancelled" }, { userId: await userIdOf("ld"), personId: await personIdOf("ld") });

describe("saving a register", () => {
  it("marks only the rows the page showed: someone given a place meanwhile is not marked absent, nor a colleague's mark for them undone", async () => {
    const { cohortId, session } = await newCohort({ kind: "sos_intro" }, inDays(-1));
    const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
    const [shownA, shownB, promoted, booked] = [await addPerson(team.id), await addPerson(team.id), await addPerson(team.id), await addPerson(team.id)];
    const [a, b] = await enrol(cohortId, [shownA, shownB]);

    // The register as L&D open it, read from the page the server renders, as a browser would post it.
    const shown = await pageOf(cohortId);
    const html = await renderedAfterPost(sessionPage.default, shown.data, null);
    const form = postForms(html, `http://localhost${pagePath(cohortId)}`).find((f) => f.fields.some(([name, value]) => name === "session" && value === String(session.id)))!;
    expect(form.fields.filter(([name]) => name === "shown").map(([, id]) => Number(id)).sort()).toEqual([a, b].sort());

    // Meanwhile someone is promoted from the waiting list and a colleague marks them present, and someone else books.
    const [c] = await enrol(cohortId, [promoted]);
    expect((await saveAs("admin", cohortId, [["session", String(session.id)], ["shown", String(c)], [`shown-${c}`, ""], [`mark-${c}`, "present"]])).status).toBe(302);
    await enrol(cohortId, [booked]);
    const auditsBefore = await countRows("audit_events");

    // L&D mark A present and B absent and save the page they opened.
    // Each row sends one choice ("Not recorded" as drawn), so L&D's replace the ones drawn.
    const chosen = form.fields.filter(([name]) => name !== `mark-${a}` && name !== `mark-${b}`);
    const saved = await saveAs("ld", cohortId, [...chosen, [`mark-${a}`, "present"], [`mark-${b}`, "absent"]]);
    expect(saved.status).toBe(302);
    expect(await marksOn(session.id)).toEqual({ [a]: "present", [b]: "absent", [c]: "present" });
    // Each change L&D made is audited, and only those: the promoted person keeps the colleague's one event.
    expect((await countRows("audit_events")) - auditsBefore).toBe(2);
    const audited = await db().selectFrom("audit_events").select("person_id").where("action", "=", "attendance.marked").where("subject_type", "=", "cohort_session").where("subject_id", "=", String(session.id)).execute();
    expect(audited.map((r) => r.person_id)).toHaveLength(3);
    expect(new Set(audited.map((r) => r.person_id))).toEqual(new Set([shownA, shownB, promoted]));
  });
});

describe("a session not held", () => {
  it("offers no register for a session to come or cancelled, and refuses one posted (409, nothing stored) beside the session and in the summary", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing with sessions not held" });
    const toCome = await newCohort({ kind: "briefing", briefing: String(briefing) }, inDays(5));
    const cancelled = await newCohort({ kind: "briefing", briefing: String(briefing) }, inDays(-1));
    await cancel(cancelled.session);
    const person = await addPerson((await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow()).id);

    for (const [{ cohortId, session }, state, said] of [
      [toCome, "toCome", "The register opens when the session begins"],
      [cancelled, "cancelled", "This session was cancelled, so it has no register."],
    ] as const) {
      const [enrolment] = await enrol(cohortId, [person]);
      const shown = await pageOf(cohortId);
      expect((shown.data as Page).sessions).toEqual([expect.objectContaining({ id: session.id, state, register: [] })]);
      const html = decodeHtml(await renderedAfterPost(sessionPage.default, shown.data, null));
      expect(html).toContain(said);
      expect(postForms(html, `http://localhost${pagePath(cohortId)}`).filter((f) => f.fields.some(([name]) => name === "session"))).toEqual([]);

      const auditsBefore = await countRows("audit_events");
      const refused = await saveAs("ld", cohortId, [["session", String(session.id)], ["shown", String(enrolment)], [`shown-${enrolment}`, ""], [`mark-${enrolment}`, "present"]]);
      expect(refused.status).toBe(409);
      expect(refused.data).toEqual({ error: "register.errors.notHeld", session: session.id });
      expect(await marksOn(session.id)).toEqual({});
      expect(await countRows("audit_events")).toBe(auditsBefore);

      for (const [locale, message] of [["en-GB", "This session is still to come or was cancelled, so its register cannot be saved"], ["cy", "Mae'r sesiwn hon eto i ddod neu cafodd ei chanslo, felly ni ellir cadw ei chofrestr"]] as const) {
        const after = decodeHtml(await renderedAfterPost(sessionPage.default, (await pageOf(cohortId)).data, refused.data, locale));
        expect(errorSummaryTargets(after)).toEqual([`session-${session.id}`]);
        expect(after).toContain(`id="session-${session.id}"`);
        // Once in the summary, once beside the session.
        expect(after.split(message)).toHaveLength(3);
        expect(after).toContain(`id="session-${session.id}-error"`);
      }
    }
  });
});

describe("attendance that counts", () => {
  it("counts a present mark towards a briefing's coverage only while its session is held, not once it is cancelled", async () => {
    const practitioner = await personIdOf("practitioner");
    const team = (await db().selectFrom("people").select("team_id").where("id", "=", practitioner).executeTakeFirstOrThrow()).team_id;
    const briefing = await createBriefing({ delivery: "session", title: "Briefing covered at a session later cancelled" });
    const rollout = await createRollout(briefing, { teams: [String(team)] });
    const { cohortId, session } = await newCohort({ kind: "briefing", briefing: String(briefing) }, inDays(-1));
    const [enrolment] = await enrol(cohortId, [practitioner]);
    expect((await saveAs("ld", cohortId, [["session", String(session.id)], ["shown", String(enrolment)], [`shown-${enrolment}`, ""], [`mark-${enrolment}`, "present"]])).status).toBe(302);

    const standing = async () => ((await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) })).data as { status: string }).status;
    expect((await progressAs("ld", rollout)).total.covered).toBe(1);
    expect(await standing()).toBe("covered");

    await cancel(session);
    expect(await marksOn(session.id)).toEqual({ [enrolment]: "present" });
    expect((await progressAs("ld", rollout)).total.covered).toBe(0);
    expect(await standing()).toBe("not_yet");
  });

  it("does not unlock the next Signs of Safety stage with a present mark on an introduction later cancelled", async () => {
    const practitioner = await personIdOf("practitioner");
    const { cohortId, session } = await newCohort({ kind: "sos_intro" }, inDays(-1));
    const [enrolment] = await enrol(cohortId, [practitioner]);
    expect((await saveAs("ld", cohortId, [["session", String(session.id)], ["shown", String(enrolment)], [`shown-${enrolment}`, ""], [`mark-${enrolment}`, "present"]])).status).toBe(302);
    expect((await sosStagesDone([practitioner])).get(practitioner)?.has("sos_intro")).toBe(true);

    await cancel(session);
    expect((await sosStagesDone([practitioner])).get(practitioner)?.has("sos_intro") ?? false).toBe(false);
    const course = await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_course").executeTakeFirstOrThrow();
    const refused = await run(sos.action, await requestAs("practitioner", `${BASE}/briefings/signs-of-safety`, post({ cohort: String(course.cohort_id) })));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.prerequisite" });
  });
});
