// An apprentice is one person, whatever places they hold. Someone who already holds a place cannot apply
// for another intake; someone holding places on two intakes all the same (moved to a new intake while the
// old one's place is still held) is one row on their manager's card, one set of readiness items, at most one
// "review overdue" in the inbox, and one apprentice in the counts: on the intake they are on now. Through the
// real apply page and services on a migrated database, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { findInstalledPlugin } from "../../../app/plugins.server";
import { inboxFor } from "../../../app/services/inbox.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { startSession } from "../../../app/utils/auth.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import type { Viewer } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import * as applyPage from "../routes/apply.$intakeId";
import { apply } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { addMonths } from "../server/ledger.server";
import { apprenticeCounts, apprenticePage, apprentices } from "../server/progress.server";
import { apprenticeStandingCounts } from "../server/standing.server";
import { teamWidget } from "../server/widgets.server";

beforeAll(seedDemo);

const today = londonToday();
const answers = { statement: "I want to qualify.", currentRole: "Social care officer", serviceMonths: 30, english: "held" as const, maths: "held" as const };

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};

/** A demo apprentice on Intake 1 whose review is overdue, signed in as a practitioner. */
async function overdueApprentice() {
  const [apprentice] = (await apprentices()).filter((a) => a.reviewOverdue);
  const { email } = await db().selectFrom("people").select("email").where("id", "=", apprentice.personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: apprentice.personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  return apprentice;
}

describe("someone who already holds a place", () => {
  it("cannot apply for another intake: the page says why, with no form, and a send is refused with nothing stored", async () => {
    const apprentice = await overdueApprentice();
    const intake = await intake2();
    const user = await db().selectFrom("users").select("id").where("person_id", "=", apprentice.personId).executeTakeFirstOrThrow();
    const cookie = (await startSession(user.id)).split(";")[0];
    const path = `/programmes/${PLUGIN_ID}/apply/${intake.id}`;
    const params = { intakeId: String(intake.id) };
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await run(applyPage.loader, new Request(`http://localhost${path}?lng=${locale}`, { headers: { Cookie: cookie } }), params);
      expect(page.data).toMatchObject({ holdsPlace: true });
      const html = (await renderedAfterPost(applyPage.default, page.data, null, locale)).replaceAll("&#x27;", "'");
      expect(html).toContain(fixedT(locale)("apprenticeship:apply.errors.holdsPlace"));
      expect(html).not.toContain("<form");
    }
    const body = new URLSearchParams({ ...answers, serviceMonths: "30" });
    const refused = await run(applyPage.action, new Request(`http://localhost${path}`, { method: "POST", body, headers: { Cookie: cookie } }), params);
    expect(refused.status).toBe(400);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["apply.errors.holdsPlace"] });
    expect(await apply(intake, apprentice.personId, answers, { userId: null, personId: apprentice.personId })).toEqual({ ok: false, error: "apply.errors.holdsPlace" });
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("person_id", "=", apprentice.personId).execute()).toEqual([]);
    expect(fixedT("cy")("apprenticeship:apply.errors.holdsPlace")).not.toBe(fixedT("en-GB")("apprenticeship:apply.errors.holdsPlace"));
    // Someone who holds no place applies as before.
    const practitioner = await requestAs("practitioner", path, { method: "POST", body });
    expect((await run(applyPage.action, practitioner, params)).status).toBe(303);
  });
});

describe("someone holding places on two intakes", () => {
  it("is one apprentice on the manager's card, in readiness, in the inbox and in the counts, on the intake they are on now", async () => {
    const [apprentice] = (await apprentices()).filter((a) => a.reviewOverdue);
    const people = (await apprentices()).map((a) => a.personId);
    const ctx = pluginContext(findInstalledPlugin(PLUGIN_ID)!, "en-GB");
    const viewer = {} as Viewer;
    const { line_manager_id: managerId } = await db().selectFrom("people").select("line_manager_id").where("id", "=", apprentice.personId).executeTakeFirstOrThrow();
    const before = { counts: await apprenticeCounts(), standing: await apprenticeStandingCounts(), page: await apprenticePage("current", 1) };

    // A second intake, begun a month ago, on which they were given a place before it began; the old place is still held.
    const stamp = new Date().toISOString();
    const startsOn = addMonths(today, -1);
    const [cohort] = await db()
      .insertInto("cohorts")
      .values({ programme_id: PLUGIN_ID, name: "Intake 1b", starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 5, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    const placedAt = `${addMonths(startsOn, -1)}T12:00:00.000Z`;
    await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: apprentice.personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: placedAt, updated_at: placedAt }).execute();

    const rows = await apprentices([apprentice.personId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].cohort).toBe("Intake 1b");
    expect(await apprentices()).toHaveLength(people.length);

    const card = await teamWidget(ctx, viewer, people);
    expect(card!.rows!.filter((r) => r.label === apprentice.name)).toHaveLength(1);
    const items = (await readinessFor([apprentice.personId], "en-GB")).get(apprentice.personId)!.filter((i) => i.source === PLUGIN_ID);
    for (const requirement of ["off-the-job", "review", "practice", "registration"]) expect(items.filter((i) => i.requirementId === requirement), requirement).toHaveLength(1);
    const inbox = await inboxFor({ userId: 0, personId: managerId!, roles: ["manager"] }, "en-GB");
    expect(inbox.filter((i) => i.personId === apprentice.personId && i.what === "Apprenticeship progress review overdue")).toHaveLength(1);

    // Counted once: the counts and the list's pages are as they were.
    expect(await apprenticeCounts()).toEqual(before.counts);
    expect(await apprenticeStandingCounts()).toEqual(before.standing);
    const page = await apprenticePage("current", 1);
    expect(page.counts).toEqual(before.page.counts);
    expect(page.apprentices.filter((a) => a.personId === apprentice.personId)).toHaveLength(1);
  });
});
