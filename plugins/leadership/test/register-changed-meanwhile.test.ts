// A register saved from a page opened before a colleague saved theirs. The form carries each row's mark as
// shown, so only the marks the user changed are written: a colleague's mark on a row the user left alone
// stands. Where the user changed a row the colleague changed too, nothing is saved: the page answers 409
// naming whose marks changed, shows their marks as they now are and keeps the user's other choices.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as register from "../routes/sessions.$sessionId.register";
import { postRegister, registerOpenedBy, registerPath } from "./register-page";

const SYSTEM = { userId: null, personId: null };
/** Bob, Carol and Dan's places, by given name. */
let places: Record<"Bob" | "Carol" | "Dan", number>;
let cohortId: number;

beforeAll(async () => {
  await seedDemo();
  const firstDate = addDaysToDate(londonToday(), -20);
  cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name: "Registers changed meanwhile", startsOn: firstDate, endsOn: addDaysToDate(firstDate, 60), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 3, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const names = ["Bob", "Carol", "Dan"] as const;
  const people = await db()
    .insertInto("people")
    .values(names.map((given, i) => newPerson({ employee_number: `REGMEAN${i}`, given_name: given, family_name: "Meanwhile", email: `regmean.${i}@example.test`, team_id: team.id })))
    .returning("id")
    .execute();
  const enrolments: number[] = [];
  for (const { id } of people) {
    const placed = await requestPlace({ cohortId, personId: id, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    enrolments.push(placed.enrolmentId);
  }
  places = { Bob: enrolments[0], Carol: enrolments[1], Dan: enrolments[2] };
});

/** Session `sequence`: all three have been held (weekly from 20 days ago), so each keeps a register. */
async function heldSession(sequence: number) {
  return (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).where("sequence", "=", sequence).executeTakeFirstOrThrow()).id;
}

const marksOn = async (sessionId: number) =>
  Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((m) => [m.enrolment_id, m.status]));

const markEvents = async (sessionId: number) =>
  db().selectFrom("audit_events").select(["person_id", "actor_person_id", "before_json", "after_json"]).where("action", "=", "attendance.marked").where("subject_id", "=", String(sessionId)).orderBy("id").execute();

describe("a register saved from a page opened before a colleague saved theirs", () => {
  it("writes the user's own change and leaves the colleague's mark on a row the user did not touch", async () => {
    const sessionId = await heldSession(1);
    const { Bob, Carol, Dan } = places;
    expect((await postRegister(sessionId, { ...(await registerOpenedBy(sessionId, "admin")), intent: "all-present" }, "admin")).data).toEqual({ changed: 3 });

    // L&D open the register with everyone present; a colleague then marks Bob excused.
    const opened = await registerOpenedBy(sessionId, "ld");
    expect(opened).toMatchObject({ [`shown-${Bob}`]: "present", [`mark-${Bob}`]: "present", [`shown-${Carol}`]: "present" });
    expect((await postRegister(sessionId, { ...(await registerOpenedBy(sessionId, "admin")), [`mark-${Bob}`]: "excused", intent: "save" }, "admin")).data).toEqual({ changed: 1 });
    const before = (await markEvents(sessionId)).length;

    // L&D mark Carol absent on the page they opened, Bob's radio still showing "present".
    const saved = await postRegister(sessionId, { ...opened, [`mark-${Carol}`]: "absent", intent: "save" });

    expect(saved).toMatchObject({ status: 200, data: { changed: 1 } });
    expect(await marksOn(sessionId)).toEqual({ [Bob]: "excused", [Carol]: "absent", [Dan]: "present" });
    const events = (await markEvents(sessionId)).slice(before);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].after_json!)).toEqual({ enrolment: Carol, mark: "absent" });
    expect(events[0].actor_person_id).toBe(await personIdOf("ld"));
  });

  it("refuses with 409 a change to a row a colleague changed too, saving nothing, naming them and showing their mark, in English and Welsh", async () => {
    const sessionId = await heldSession(2);
    const { Bob, Carol, Dan } = places;
    await postRegister(sessionId, { ...(await registerOpenedBy(sessionId, "admin")), intent: "all-present" }, "admin");
    const opened = await registerOpenedBy(sessionId, "ld");
    await postRegister(sessionId, { ...(await registerOpenedBy(sessionId, "admin")), [`mark-${Bob}`]: "excused", intent: "save" }, "admin");
    const before = (await markEvents(sessionId)).length;

    const refused = await postRegister(sessionId, { ...opened, [`mark-${Bob}`]: "absent", [`mark-${Carol}`]: "absent", intent: "save" });

    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ error: "register.errors.changedMeanwhile", people: "Bob Meanwhile", rows: [Bob], kept: { [Carol]: "absent" } });
    expect(await marksOn(sessionId)).toEqual({ [Bob]: "excused", [Carol]: "present", [Dan]: "present" });
    expect(await markEvents(sessionId)).toHaveLength(before);

    // The page drawn again: the reason in the summary and beside Bob's row, Bob's mark as the colleague saved
    // it, Carol's as the user chose; sending it again saves the user's choices over the marks now shown.
    const loaded = await run(register.loader, await requestAs("ld", registerPath(sessionId)), { sessionId: String(sessionId) });
    const html = decodeHtml(await renderedAfterPost(register.default, loaded.data, refused.data));
    expect(html).toContain("A colleague changed the marks for Bob Meanwhile after you opened the register. Nothing has been saved");
    expect(html).toContain(`href="#mark-${Bob}-present"`);
    expect(html).toContain(`id="mark-${Bob}-error"`);
    const [form] = postForms(html, `http://localhost${registerPath(sessionId)}`);
    const fields = Object.fromEntries(form.fields);
    expect(fields).toMatchObject({ [`shown-${Bob}`]: "excused", [`mark-${Bob}`]: "excused", [`mark-${Carol}`]: "absent", [`mark-${Dan}`]: "present" });
    const welsh = decodeHtml(await renderedAfterPost(register.default, loaded.data, refused.data, "cy"));
    expect(welsh).toContain("Newidiodd cydweithiwr y marciau ar gyfer Bob Meanwhile ar ôl i chi agor y gofrestr");
    expect((await postRegister(sessionId, { ...fields, [`mark-${Bob}`]: "absent", intent: "save" })).data).toEqual({ changed: 2 });
    expect(await marksOn(sessionId)).toEqual({ [Bob]: "absent", [Carol]: "absent", [Dan]: "present" });
  });

  it("refuses \"everyone present\" over a mark a colleague saved since, and marks nobody the page did not show", async () => {
    const sessionId = await heldSession(3);
    const { Bob, Carol, Dan } = places;
    const opened = await registerOpenedBy(sessionId, "ld");
    expect(opened).toMatchObject({ [`shown-${Bob}`]: "", [`shown-${Carol}`]: "", [`shown-${Dan}`]: "" });
    await postRegister(sessionId, { ...(await registerOpenedBy(sessionId, "admin")), [`mark-${Dan}`]: "absent", intent: "save" }, "admin");

    const refused = await postRegister(sessionId, { ...opened, intent: "all-present" });
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ error: "register.errors.changedMeanwhile", people: "Dan Meanwhile", rows: [Dan] });
    expect(await marksOn(sessionId)).toEqual({ [Dan]: "absent" });

    // A row the form did not show (no mark shown for it) is never written, even by "everyone present".
    const withoutCarol = Object.fromEntries(Object.entries(await registerOpenedBy(sessionId, "ld")).filter(([name]) => name !== `shown-${Carol}`));
    expect((await postRegister(sessionId, { ...withoutCarol, intent: "all-present" })).data).toEqual({ changed: 2 });
    expect(await marksOn(sessionId)).toEqual({ [Bob]: "present", [Dan]: "present" });
  });
});
