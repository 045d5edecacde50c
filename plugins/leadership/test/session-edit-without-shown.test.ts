// A session's edit form sends back the session as its page showed it (`shown`). A post without it, or with
// one that cannot be read, does not say what its page showed (a page drawn before the form carried it, or
// one tampered with): it is refused (409) with nothing changed, as the manager's place decision refuses one
// without `askedAt`, and never saved blindly, which undid a colleague's cancellation. The page comes back
// with what was typed, the session as it is now, and that in its hidden field, so sending again then works.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as editSession from "../routes/sessions.$sessionId.edit";

beforeAll(seedDemo);

const pathOf = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/edit`;
const url = (sessionId: number) => `http://localhost${pathOf(sessionId)}`;
const OUT_OF_DATE = "sessionEdit.pageOutOfDate";

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
  const [form] = postForms(await renderedAfterPost(editSession.default, page.data, null), url(sessionId));
  return { data: page.data, fields: Object.fromEntries(form.fields) as Record<string, string> };
}

/** The page's fields without the hidden one: the form of a page drawn before it said what it showed. */
const withoutShown = ({ shown: _shown, ...fields }: Record<string, string>) => fields;

const save = async (who: "ld" | "admin", sessionId: number, fields: Record<string, string>) =>
  run(editSession.action, await requestAs(who, pathOf(sessionId), { method: "POST", body: new URLSearchParams(fields) }), { sessionId: String(sessionId) });

const stored = (sessionId: number) => db().selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
const auditOf = async (sessionId: number) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "cohort_session").where("subject_id", "=", String(sessionId)).orderBy("id").execute()).map((e) => e.action);

type Reply = { error: Record<string, string[]>; initialValue: Record<string, string>; shown: string };

describe("a session's edit form that does not say what its page showed", () => {
  it("is refused (409) and leaves a colleague's cancellation alone; the page shows the session now, and sending again saves", async () => {
    const session = await newSession("Edited without shown");
    const old = await pageAs("ld", session.id);
    const colleague = await pageAs("admin", session.id);
    expect((await save("admin", session.id, { ...colleague.fields, status: "cancelled" })).status).toBe(302);
    const afterCancel = await stored(session.id);
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled"]);

    // Sent from a page drawn before it said what it showed: "scheduled" ticked, renamed.
    const refused = await save("ld", session.id, { ...withoutShown(old.fields), title: "Renamed on an old page" });
    expect(refused.status).toBe(409);
    expect(await stored(session.id)).toEqual(afterCancel);
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled"]);
    const reply = refused.data as Reply;
    expect(reply.error).toEqual({ "": [OUT_OF_DATE] });
    expect(reply.initialValue).toMatchObject({ title: "Renamed on an old page", status: "scheduled" });

    // The page drawn again (its data loaded afresh after a 409): the message in the summary, what was
    // typed, the session as it is now, and that in the hidden field.
    const reloaded = await run(editSession.loader, await requestAs("ld", pathOf(session.id)), { sessionId: String(session.id) });
    const html = decodeHtml(await renderedAfterPost(editSession.default, reloaded.data, refused.data));
    const message = fixedT("en-GB", PLUGIN_ID)(OUT_OF_DATE);
    expect(message).toContain("This page was out of date, so your changes are not saved yet");
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain(message);
    expect(html).toContain('value="Renamed on an old page"');
    expect(html).toContain("The session as it is now");
    expect(html).toContain(`<dd class="govuk-summary-list__value">No, it is cancelled</dd>`);
    const [again] = postForms(await renderedAfterPost(editSession.default, reloaded.data, refused.data), url(session.id));
    const fields = Object.fromEntries(again.fields) as Record<string, string>;
    expect(fields.shown).toBe((reloaded.data as { shown: string }).shown);
    expect(fixedT("cy", PLUGIN_ID)(OUT_OF_DATE)).toContain("Roedd y dudalen hon wedi dyddio");

    // Sent again from that page, having seen the cancellation, the editor's choice is saved.
    expect((await save("ld", session.id, fields)).status).toBe(302);
    expect(await stored(session.id)).toMatchObject({ title: "Renamed on an old page", status: "scheduled" });
    expect(await auditOf(session.id)).toEqual(["cohort_session.cancelled", "cohort_session.updated"]);
  });

  it("is refused even when nobody has changed the session, and with a hidden field blank or not one a page draws", async () => {
    const session = await newSession("Nothing changed meanwhile");
    const page = await pageAs("ld", session.id);
    for (const shown of [undefined, "", "not what a page draws", "{}"]) {
      const fields = { ...withoutShown(page.fields), title: "Renamed", ...(shown === undefined ? {} : { shown }) };
      const refused = await save("ld", session.id, fields);
      expect(refused.status).toBe(409);
      expect((refused.data as Reply).error).toEqual({ "": [OUT_OF_DATE] });
      expect((refused.data as Reply).shown).toBe(page.fields.shown);
    }
    expect(await stored(session.id)).toEqual(session);
    expect(await auditOf(session.id)).toEqual([]);
  });

  it("gives its fields' own errors too, beside them and in the summary", async () => {
    const session = await newSession("Out of date and blank");
    const page = await pageAs("ld", session.id);
    const refused = await save("ld", session.id, { ...withoutShown(page.fields), title: "" });
    expect(refused.status).toBe(409);
    expect((refused.data as Reply).error).toEqual({ title: ["cohorts.errors.titleRequired"], "": [OUT_OF_DATE] });
    const html = decodeHtml(await renderedAfterPost(editSession.default, page.data, refused.data));
    expect(errorSummaryTargets(html)).toEqual(["session-title"]);
    expect(html).toContain('id="session-title-error"');
    expect(html).toContain(fixedT("en-GB", PLUGIN_ID)(OUT_OF_DATE));
    expect(await stored(session.id)).toEqual(session);
  });
});
