// L&D record that someone has left: an apprentice, someone offered a place, or a reserve. Before the intake
// starts a place given up goes to the first reserve; from the start it is left free for L&D to offer; a
// reserve withdrawn leaves the list and those behind move up. Whoever is withdrawn is no longer an
// apprentice anywhere: counts, lists, the manager's card and inbox, readiness, payments. Through the real
// confirmation page (a GET that changes nothing), its form as the server renders it, and its action.
import { beforeAll, describe, expect, it } from "vitest";
import { findInstalledPlugin } from "../../../app/plugins.server";
import { inboxFor } from "../../../app/services/inbox.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import type { Viewer } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import * as apprenticePage from "../routes/apprentices.$personId";
import * as intakePage from "../routes/intakes.$intakeId";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { freePlacesOf } from "../server/free-places.server";
import { intakeById } from "../server/intakes.server";
import { apprenticeCounts, apprentices, payableApprentices } from "../server/progress.server";
import { apprenticeStandingCounts } from "../server/standing.server";
import { teamWidget } from "../server/widgets.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

async function intakeNamed(name: string) {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", name).executeTakeFirstOrThrow();
  return (await intakeById(id))!;
}

const applicationsTo = (intakeId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intakeId).orderBy("id");
const placeOf = (enrolmentId: number | null) => db().selectFrom("enrolments").select(["status", "waitlist_position", "reason"]).where("id", "=", enrolmentId!).executeTakeFirstOrThrow();
const eventsAbout = (personId: number, action: string) => db().selectFrom("audit_events").selectAll().where("person_id", "=", personId).where("action", "=", action).execute();
const auditCount = async () => Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

const withdrawPath = (enrolmentId: number, query = "") => `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw${query}`;

/** The confirmation page as L&D open it, and the form it renders (what a browser without JavaScript sends). */
async function confirmation(enrolmentId: number, query = "") {
  const shown = await run(withdrawPage.loader, await requestAs("ld", withdrawPath(enrolmentId, query)), { enrolmentId: String(enrolmentId) });
  expect(shown.status).toBe(200);
  const html = await renderedAfterPost(withdrawPage.default, shown.data, null);
  const [form] = postForms(html, `http://localhost${withdrawPath(enrolmentId, query)}`);
  return { data: shown.data as { view: string; consequences: string[]; back: string }, html, fields: form?.fields ?? [] };
}

/** Sends the page's form with a reason typed, as L&D would. */
async function withdrawWithReason(enrolmentId: number, reason: string, query = "") {
  const { fields } = await confirmation(enrolmentId, query);
  const body = new URLSearchParams([...fields.filter(([name]) => name !== "reason"), ["reason", reason]]);
  return run(withdrawPage.action, await requestAs("ld", withdrawPath(enrolmentId, query), { method: "POST", body }), { enrolmentId: String(enrolmentId) });
}

async function intakeRows(intakeId: number, query = "") {
  const shown = await run(intakePage.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/intakes/${intakeId}${query}`), { intakeId: String(intakeId) });
  return shown.data as { withdrawn: string | null; applications: { id: number; stageName: string; withdrawHref: string | null }[] };
}

describe("withdrawing from an intake that has not started", () => {
  it("takes a reserve off the list, moving up those behind, and gives a held place to the first reserve", async () => {
    const intake = await intakeNamed("Intake 2");
    // Two more reserves behind the demo's: three in all, in this order.
    for (const scored of await applicationsTo(intake.id).where("shortlisted", "=", 1).where("decision", "is", null).execute()) {
      expect(await decide(scored, intake, "reserve", "On the reserve list.", SYSTEM)).toMatchObject({ ok: true, status: "waitlisted" });
    }
    const reserves = await apprenticeshipDb()
      .selectFrom("apprenticeship_applications as a")
      .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
      .selectAll("a")
      .select("e.waitlist_position")
      .where("a.intake_id", "=", intake.id)
      .where("e.status", "=", "waitlisted")
      .orderBy("e.waitlist_position")
      .execute();
    expect(reserves.map((r) => r.waitlist_position)).toEqual([1, 2, 3]);
    const [first, middle, last] = reserves;

    // The intake's list links each place to its withdrawal; declined and undecided applications have none.
    const rows = await intakeRows(intake.id);
    expect(rows.applications.find((a) => a.id === middle.id)!.withdrawHref).toBe(withdrawPath(middle.enrolment_id!));
    const undecided = await applicationsTo(intake.id).where("decision", "is", null).execute();
    for (const a of undecided) expect(rows.applications.find((r) => r.id === a.id)!.withdrawHref).toBeNull();

    // Opening the page changes nothing, and says what will happen.
    const before = await auditCount();
    const page = await confirmation(middle.enrolment_id!);
    expect(page.data.view).toBe("confirm");
    expect(page.data.consequences).toEqual(["They leave the reserve list, and everyone behind them moves up one place."]);
    expect(await auditCount()).toBe(before);
    expect(await placeOf(middle.enrolment_id)).toMatchObject({ status: "waitlisted", waitlist_position: 2 });

    const done = await withdrawWithReason(middle.enrolment_id!, "Has taken a post with another council.");
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}/intakes/${intake.id}?saved=withdrawn`);
    expect(await placeOf(middle.enrolment_id)).toEqual({ status: "withdrawn", waitlist_position: null, reason: "Has taken a post with another council." });
    expect(await placeOf(first.enrolment_id)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
    expect(await placeOf(last.enrolment_id)).toMatchObject({ status: "waitlisted", waitlist_position: 2 });
    const [event] = await eventsAbout(middle.person_id, "enrolment.withdrawn");
    expect(event.actor_person_id).toBe(await personIdOf("ld"));
    expect(JSON.parse(event.after_json!)).toEqual({ status: "withdrawn", reason: "Has taken a post with another council." });
    const after = await intakeRows(intake.id, "?saved=withdrawn");
    expect(after.withdrawn).toBe("withdrawn");
    expect(after.applications.find((a) => a.id === middle.id)).toMatchObject({ stageName: "Withdrawn", withdrawHref: null });

    // Someone who accepted their offer leaves before the start: the first reserve is offered their place.
    const accepted = await applicationsTo(intake.id).where("response", "=", "accepted").executeTakeFirstOrThrow();
    expect((await confirmation(accepted.enrolment_id!)).data.consequences[1]).toMatch(/goes to the first reserve/);
    const left = await withdrawWithReason(accepted.enrolment_id!, "Moving away from the area.");
    expect(left.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}/intakes/${intake.id}?saved=withdrawnToReserve`);
    expect(await placeOf(accepted.enrolment_id)).toMatchObject({ status: "withdrawn", reason: "Moving away from the area." });
    expect(await placeOf(first.enrolment_id)).toMatchObject({ status: "enrolled", waitlist_position: null });
    expect(await placeOf(last.enrolment_id)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
    expect(await eventsAbout(first.person_id, "enrolment.promoted_from_waiting_list")).toHaveLength(1);
    expect(await db().selectFrom("notices").select("message_key").where("person_id", "=", first.person_id).where("message_key", "=", "notices.decision.promoted").execute()).toHaveLength(1);
  });
});

describe("withdrawing an apprentice once the intake has started", () => {
  it("leaves the place free for L&D to offer, and the person is no longer an apprentice anywhere", async () => {
    const intake = await intakeNamed("Intake 1");
    // The demo apprentice whose review is overdue: in the manager's inbox until they leave.
    const apprentice = (await apprentices()).find((a) => a.reviewOverdue && a.cohort === "Intake 1")!;
    const personId = apprentice.personId;
    const { line_manager_id: managerId } = await db().selectFrom("people").select("line_manager_id").where("id", "=", personId).executeTakeFirstOrThrow();
    const manager: Viewer = { userId: 0, personId: managerId!, roles: ["manager"] } as Viewer;
    const ctx = pluginContext(findInstalledPlugin(PLUGIN_ID)!, "en-GB");
    const inboxAbout = async () => (await inboxFor(manager, "en-GB")).filter((i) => i.personId === personId);
    const readinessItems = async () => (await readinessFor([personId], "en-GB")).get(personId)!.filter((i) => i.source === PLUGIN_ID);
    const counts = { counts: await apprenticeCounts(), standing: await apprenticeStandingCounts() };
    expect(await inboxAbout()).toHaveLength(1);
    expect((await teamWidget(ctx, manager, [personId]))!.rows!.map((r) => r.label)).toEqual([apprentice.name]);
    expect((await readinessItems()).map((i) => i.requirementId)).toContain("off-the-job");
    // A reserve waiting on the started intake, who must not be handed the place by itself.
    const stamp = new Date().toISOString();
    const [reserve] = await db().insertInto("enrolments").values({ cohort_id: intake.cohort_id, person_id: await personIdOf("practitioner"), status: "waitlisted", waitlist_position: 1, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).returning("id").execute();
    expect(await freePlacesOf(intake)).toEqual({ free: 0, waiting: 1 });

    // L&D find the withdrawal on the apprentice's page; their manager does not.
    const asLd = await run(apprenticePage.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/apprentices/${personId}`), { personId: String(personId) });
    const href = (asLd.data as { withdrawHref: string }).withdrawHref;
    const { id: placeId } = await db().selectFrom("enrolments").select("id").where("person_id", "=", personId).where("cohort_id", "=", intake.cohort_id).executeTakeFirstOrThrow();
    expect(href).toBe(withdrawPath(placeId, "?from=apprentice"));
    expect((await confirmation(placeId, "?from=apprentice")).data).toMatchObject({ view: "confirm", back: `/programmes/${PLUGIN_ID}/apprentices/${personId}` });
    expect((await confirmation(placeId)).data.consequences[1]).toMatch(/has started/);

    const done = await withdrawWithReason(placeId, "Left the council's employment.", "?from=apprentice");
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`/programmes/${PLUGIN_ID}/intakes/${intake.id}?saved=withdrawnFree`);
    expect(await placeOf(placeId)).toMatchObject({ status: "withdrawn", reason: "Left the council's employment." });
    expect(await eventsAbout(personId, "enrolment.withdrawn")).toHaveLength(1);

    // Free for L&D to offer, as the intake page says; nobody was given it.
    expect(await freePlacesOf(intake)).toEqual({ free: 1, waiting: 1 });
    expect(await placeOf(reserve.id)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });

    // No longer an apprentice: not listed, counted, on the card, in readiness, the inbox or payable.
    expect((await apprentices()).map((a) => a.personId)).not.toContain(personId);
    expect(await apprenticeCounts()).toEqual({ ...counts.counts, current: counts.counts.current - 1 });
    const standing = await apprenticeStandingCounts();
    expect(standing.current).toBe(counts.standing.current - 1);
    expect(await teamWidget(ctx, manager, [personId])).toBeNull();
    expect((await readinessItems()).map((i) => i.requirementId)).not.toContain("off-the-job");
    expect((await readinessItems()).map((i) => i.requirementId)).not.toContain("review");
    expect(await inboxAbout()).toEqual([]);
    expect((await payableApprentices()).map((a) => a.personId)).not.toContain(personId);
    // Their page about the apprenticeship is gone, and the withdrawal page says there is nothing left to withdraw.
    expect((await run(apprenticePage.loader, await requestAs("ld", `/programmes/${PLUGIN_ID}/apprentices/${personId}`), { personId: String(personId) })).status).toBe(404);
    const again = await confirmation(placeId);
    expect(again.data.view).toBe("notHeld");
    expect(again.fields).toEqual([]);
  });
});
