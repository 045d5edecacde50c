// A session's edit page carries the session as it showed it, and a save from a page opened before a
// colleague changed the session is refused (409) with nothing changed: a page opened before a colleague
// cancelled the session had "scheduled" ticked, and saving it un-cancelled the session. The page comes
// back with what was typed, the session as it is now, and the new values to check against, so saving
// again then works.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as editSession from "../routes/sessions.$sessionId.edit";

beforeAll(seedDemo);

const pathOf = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/edit`;

async function newSession(name: string) {
  const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
  const cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name, startsOn: "2028-01-10", endsOn: "2028-03-31", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2028-01-10", cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 120, titles: ["First topic", "Second topic"], location: "Room 1" },
    actor,
  );
  return db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", cohortId).orderBy("sequence").executeTakeFirstOrThrow();
}

/** The edit page as `who` is shown it: its data, and the fields its form sends as they are on the page. */
async function pageAs(who: "ld" | "admin", sessionId: number) {
  const page = await run(editSession.loader, await requestAs(who, pathOf(sessionId)), { sessionId: String(sessionId) });
  const [form] = postForms(await renderedAfterPost(editSession.default, page.data, null), `http://localhost${pathOf(sessionId)}`);
  return { data: page.data, fields: Object.fromEntries(form.fields) as Record<string, string> };
}

const save = async (who: "ld" | "admin", sessionId: number, fields: Record<string, string>) =>
  run(editSession.action, await requestAs(who, pathOf(sessionId), { method: "POST", body: new URLSearchParams(fields) }), { sessionId: String(sessionId) });

const stored = (sessionId: number) => db().selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
const auditOf = async (sessionId: number) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "cohort_session").where("subject_id", "=", String(sessionId)).orderBy("id").execute()).map((e) => e.action);

describe("a session changed by a colleague after the edit page was shown", () => {
  it("refuses the older page's save (409), leaves the session cancelled, and saves once the page shows it as it is now", async () => {
    const session = await newSession("Changed meanwhile");
    // Two people open the edit page; the status radios show "scheduled" ticked on both.
    const stale = await pageAs("ld", session.id);
    const fresh = await pageAs("admin", session.id);
    expect(stale.fields).toMatchObject({ title: "First topic", date: "2028-01-10", time: "09:30", status: "scheduled" });
    expect(stale.fields.shown).toBeTruthy();

    // The colleague cancels it: their page is up to date, so the save goes through.
    const cancelled = await save("admin", session.id, { ...fresh.fields, status: "cancelled" });
    expect(cancelled.status).toBe(302);
    expect((await stored(session.id)).status).toBe("cancelled");
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled"]);
    const afterCancel = await stored(session.id);

    // The older page renames the session, its "scheduled" still ticked: nothing is saved, nor audited.
    const refused = await save("ld", session.id, { ...stale.fields, title: "Renamed on an old page" });
    expect(refused.status).toBe(409);
    expect(await stored(session.id)).toEqual(afterCancel);
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled"]);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, string>; shown: string };
    expect(reply.error).toEqual({ "": ["sessionEdit.changedMeanwhile"] });
    expect(reply.initialValue).toMatchObject({ title: "Renamed on an old page", status: "scheduled" });

    // The page shown again, as after the 409 its data is loaded again: what was typed, the message in the
    // summary, the session as it is now, and the session's values now in the hidden field.
    const reloaded = await run(editSession.loader, await requestAs("ld", pathOf(session.id)), { sessionId: String(session.id) });
    const html = decodeHtml(await renderedAfterPost(editSession.default, reloaded.data, refused.data));
    const message = fixedT("en-GB", PLUGIN_ID)("sessionEdit.changedMeanwhile");
    expect(message).toContain("Someone changed this session after you opened this page");
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain(message);
    expect(html).toContain('value="Renamed on an old page"');
    expect(html).toContain("The session as it is now");
    expect(html).toContain(`<dd class="govuk-summary-list__value">No, it is cancelled</dd>`);
    expect(html).toContain(`<dd class="govuk-summary-list__value">10 January 2028</dd>`);
    const [again] = postForms(await renderedAfterPost(editSession.default, reloaded.data, refused.data), `http://localhost${pathOf(session.id)}`);
    const shownAgain = Object.fromEntries(again.fields).shown;
    expect(shownAgain).toBe((reloaded.data as { shown: string }).shown);
    expect(shownAgain).not.toBe(stale.fields.shown);
    expect(fixedT("cy", PLUGIN_ID)("sessionEdit.changedMeanwhile")).toContain("Newidiodd rhywun y sesiwn hon");

    // Sent again from that page, having seen the cancellation, the editor's choice is saved.
    const saved = await save("ld", session.id, Object.fromEntries(again.fields));
    expect(saved.status).toBe(302);
    expect(await stored(session.id)).toMatchObject({ title: "Renamed on an old page", status: "scheduled" });
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled", "cohort_session.updated"]);
  });

  it("saves a page that is up to date, and the same form sent twice changes the session once", async () => {
    const session = await newSession("Sent twice");
    const page = await pageAs("ld", session.id);
    const fields = { ...page.fields, title: "Moved and renamed", date: "2028-01-12", time: "13:00", location: "Room 4" };
    const first = await save("ld", session.id, fields);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}/cohorts/${session.cohort_id}?session=updated`);
    // A second click, or a resend: the session is already as sent, so nothing is refused and nothing more is written.
    const second = await save("ld", session.id, fields);
    expect(second.status).toBe(302);
    expect(await stored(session.id)).toMatchObject({ title: "Moved and renamed", starts_at: "2028-01-12T13:00:00.000Z", ends_at: "2028-01-12T15:00:00.000Z", location: "Room 4", status: "scheduled" });
    expect(await auditOf(session.id)).toEqual(["cohort_session.updated"]);
  });

  it("keeps what the page first showed through a refused form, so a change made meanwhile is still caught", async () => {
    const session = await newSession("Refused then stale");
    const page = await pageAs("ld", session.id);
    const refused = await save("ld", session.id, { ...page.fields, title: "" });
    expect(refused.status).toBe(400);
    // A colleague cancels the session while the editor corrects the title.
    const colleague = await pageAs("admin", session.id);
    expect((await save("admin", session.id, { ...colleague.fields, status: "cancelled" })).status).toBe(302);
    // The page shown again after the refusal (its data loaded afresh, as without JavaScript) still carries what it first showed.
    const reloaded = await run(editSession.loader, await requestAs("ld", pathOf(session.id)), { sessionId: String(session.id) });
    const [again] = postForms(await renderedAfterPost(editSession.default, reloaded.data, refused.data), `http://localhost${pathOf(session.id)}`);
    const fields: Record<string, string> = { ...Object.fromEntries(again.fields), title: "Corrected title", status: "scheduled" };
    expect(fields.shown).toBe(page.fields.shown);
    expect((await save("ld", session.id, fields)).status).toBe(409);
    expect((await stored(session.id)).status).toBe("cancelled");
  });
});
