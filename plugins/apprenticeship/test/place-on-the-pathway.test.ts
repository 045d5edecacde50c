// The career pathway's apprentice stage asks for a place on the apprenticeship: a social care officer or a
// personal adviser, whose next stage it is, reads that they have none yet with a link to where they apply,
// and meets it once they hold a place. Readiness answers it for exactly those people, in a fixed number of
// queries however many there are.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { findInstalledPlugin } from "../../../app/plugins.server";
import { pathwaysFor } from "../../../app/services/pathway.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { startSession } from "../../../app/utils/auth.server";
import { db, observeQueries } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { hasElementWithId } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { APPRENTICE_STAGE, PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import { apply, recordSupport, respond, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, intakeById, type Intake } from "../server/intakes.server";
import { addMonths } from "../server/ledger.server";
import { apprenticeshipReadiness } from "../server/readiness.server";

beforeAll(seedDemo);

const PLACE = `${PLUGIN_ID}:place`;
let made = 0;

/** A new member of staff at this career stage, in the demo manager's team. */
async function personAt(stage: string) {
  const managerId = await personIdOf("manager");
  const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("id", "=", managerId).executeTakeFirstOrThrow();
  const n = (made += 1);
  const [person] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: `PLC${n}`, given_name: "Pat", family_name: `Place${n}`, email: `pat${n}@place.test`, team_id: teamId }, { line_manager_id: managerId, role_category: "social_care_officer", job_title: "Social Care Officer", career_stage: stage }))
    .returning("id")
    .execute();
  return person.id;
}

/** A place for this person on a new apprenticeship intake starting in some months (offered places are enrolments too). */
async function placeOnIntake(personId: number, name: string, startsInMonths: number) {
  const stamp = new Date().toISOString();
  const startsOn = addMonths(londonToday(), startsInMonths);
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name, starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 5, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).execute();
}

/** How the apprentice stage's place requirement reads for a person on the core's pathway. */
async function placeRequirement(personId: number, locale: Locale = "en-GB") {
  const pathway = (await pathwaysFor([personId], locale)).get(personId)!;
  const stage = pathway.next.find((e) => e.stage.code === APPRENTICE_STAGE);
  return stage?.requirements.find((r) => r.key === PLACE);
}

const cookies = new Map<number, string>();

/** A session for this person, with the practitioner role every member of staff has; made once a person. */
async function cookieOf(personId: number) {
  const known = cookies.get(personId);
  if (known) return known;
  const { email } = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  cookies.set(personId, cookie);
  return cookie;
}

async function homePageAs(personId: number, link: string, loader: typeof home.loader | typeof me.loader = home.loader) {
  return run(loader, new Request(`http://localhost${link}`, { headers: { Cookie: await cookieOf(personId) } }));
}

describe("the apprentice stage of the career pathway", () => {
  it("asks a social care officer for a place, links to where they apply, and is met once they hold one", async () => {
    const officer = await personAt("social_care_officer");
    const link = `/programmes/${PLUGIN_ID}#open-intakes`;
    expect(await placeRequirement(officer)).toMatchObject({ label: "A place on the Social Worker Degree Apprenticeship", met: false, applies: true, reason: "No place yet: apply when an intake is open.", actionHref: link });
    expect(await placeRequirement(officer, "cy")).toMatchObject({ label: "Lle ar y Brentisiaeth Gradd Gweithiwr Cymdeithasol", met: false, reason: "Dim lle eto: gwnewch gais pan fydd derbyniad ar agor.", actionHref: link });
    // The stage counts it: no longer "this stage has no requirements" with nothing to point the way.
    expect((await pathwaysFor([officer], "en-GB")).get(officer)!.closest).toMatchObject({ met: 0, total: 1 });
    // The link opens for them, at the open intakes.
    const page = await homePageAs(officer, link);
    expect(page.status).toBe(200);
    expect(hasElementWithId(await renderedAfterPost(home.default, page.data, null), "open-intakes")).toBe(true);

    // Given a place by L&D on an intake that has not started yet: that is a place (there is no offer to answer).
    await placeOnIntake(officer, "Place test intake", 4);
    expect(await placeRequirement(officer)).toMatchObject({ met: true, reason: "A place on Place test intake." });
    expect(await placeRequirement(officer, "cy")).toMatchObject({ met: true, reason: "Lle ar Place test intake." });
  });

  it("asks a personal adviser too, whose next stage is the apprenticeship", async () => {
    const adviser = await personAt("personal_adviser");
    expect(await placeRequirement(adviser)).toMatchObject({ met: false, actionHref: `/programmes/${PLUGIN_ID}#open-intakes` });
  });

  it("adds nothing to the readiness of anyone whose next stage does not ask for a place", async () => {
    const practitioner = await personIdOf("practitioner");
    const apprentice = await personAt(APPRENTICE_STAGE);
    await placeOnIntake(apprentice, "Already an apprentice intake", -2);
    const items = await readinessFor([practitioner, apprentice], "en-GB");
    for (const id of [practitioner, apprentice]) expect(items.get(id)!.filter((i) => i.source === PLUGIN_ID && i.requirementId === "place")).toEqual([]);
  });

  it("reads places for many people in as many queries as for one", async () => {
    const ctx = pluginContext(findInstalledPlugin(PLUGIN_ID)!, "en-GB");
    const towards = await db().selectFrom("people").select("id").where("career_stage", "in", ["social_care_officer", "personal_adviser"]).execute();
    for (let i = 0; i < 3; i += 1) await personAt("social_care_officer");
    const everyone = (await db().selectFrom("people").select("id").orderBy("id").execute()).map((p) => p.id);
    const count = async (ids: number[]) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      const items = await apprenticeshipReadiness(ctx, ids);
      stop();
      return { n, places: items.filter((i) => i.requirementId === "place").length };
    };
    // One officer and one apprentice, so both reads (places and the apprentices' progress) happen for the few too.
    const [apprentice] = await db().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", PLUGIN_ID).where("e.status", "=", "enrolled").where("c.starts_on", "<=", londonToday()).execute();
    const one = await count([apprentice.person_id, everyone.at(-1)!]);
    const all = await count(everyone);
    expect(one.places).toBeGreaterThan(0);
    expect(all.places).toBeGreaterThanOrEqual(towards.length + 3);
    expect(all.n).toBe(one.n);
  });
});

/** A new intake open for applications today, with this many places. */
async function openIntake(name: string, places: number): Promise<Intake> {
  const today = londonToday();
  const id = await createIntake({ name, university: "University of the Midlands", startsOn: addMonths(today, 6), opensOn: addMonths(today, -1), closesOn: addMonths(today, 1), places, criteria: "Values, experience and potential." }, SYSTEM);
  return (await intakeById(id))!;
}

const SYSTEM = { userId: null, personId: null };
const ANSWERS = { statement: "I want to qualify as a social worker.", currentRole: "Social care officer", serviceMonths: 24, english: "held", maths: "held" } as const;

/** This person's application to the intake, as the panel and their manager act on it. */
async function applicationTo(intake: Intake, personId: number) {
  return apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intake.id).where("person_id", "=", personId).executeTakeFirstOrThrow();
}

/** An officer who has applied to the intake, their manager has supported it and the panel has shortlisted it. */
async function shortlistedApplicant(intake: Intake) {
  const officer = await personAt("social_care_officer");
  const manager = { userId: null, personId: await personIdOf("manager") };
  expect(await apply(intake, officer, ANSWERS, SYSTEM)).toEqual({ ok: true, supportBy: "manager" });
  const application = await applicationTo(intake, officer);
  expect(await recordSupport(application.id, officer, { support: "given", reason: null, shown: application.updated_at }, manager)).toEqual({ ok: true });
  expect(await setShortlisted({ id: application.id, personId: officer }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
  return { officer, application };
}

/** The place item as readiness gives it, in both languages. */
async function placeItem(personId: number) {
  const [en, cy] = await Promise.all([readinessFor([personId], "en-GB"), readinessFor([personId], "cy")]);
  const pick = (items: Map<number, { source: string; requirementId: string; status: string; reason: string; actionHref?: string }[]>) => items.get(personId)!.find((i) => i.source === PLUGIN_ID && i.requirementId === "place")!;
  return { status: pick(en).status, en: pick(en).reason, cy: pick(cy).reason, actionHref: pick(en).actionHref };
}

describe("an application waiting to be answered", () => {
  const applications = `/programmes/${PLUGIN_ID}#my-applications`;

  it("is in progress, saying where it is, from applying to the reserve list, on /me and /me/pathway", async () => {
    const intake = await openIntake("Waiting intake", 1);
    const officer = await personAt("social_care_officer");
    const manager = { userId: null, personId: await personIdOf("manager") };
    expect(await apply(intake, officer, ANSWERS, SYSTEM)).toEqual({ ok: true, supportBy: "manager" });
    expect(await placeItem(officer)).toEqual({
      status: "in_progress",
      en: "Applied for Waiting intake; waiting for the manager's support.",
      cy: "Wedi gwneud cais am Waiting intake; yn aros am gefnogaeth y rheolwr.",
      actionHref: applications,
    });
    // The pathway no longer tells them to apply, and the link opens their page at their applications.
    expect(await placeRequirement(officer)).toMatchObject({ met: false, reason: "Applied for Waiting intake; waiting for the manager's support.", actionHref: applications });
    const mePage = await homePageAs(officer, "/me", me.loader);
    expect((mePage.data as { readiness: { source: string; requirementId: string; status: string }[] }).readiness.find((i) => i.source === PLUGIN_ID && i.requirementId === "place")).toMatchObject({ status: "in_progress" });
    const page = await homePageAs(officer, applications);
    expect(hasElementWithId(await renderedAfterPost(home.default, page.data, null), "my-applications")).toBe(true);

    const application = await applicationTo(intake, officer);
    expect(await recordSupport(application.id, officer, { support: "given", reason: null, shown: application.updated_at }, manager)).toEqual({ ok: true });
    expect(await placeItem(officer)).toMatchObject({ status: "in_progress", en: "Applied for Waiting intake with the manager's support; waiting to hear about the shortlist.", cy: "Wedi gwneud cais am Waiting intake gyda chefnogaeth y rheolwr; yn aros i glywed am y rhestr fer." });

    expect(await setShortlisted({ id: application.id, personId: officer }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    expect(await placeItem(officer)).toMatchObject({ status: "in_progress", en: "Shortlisted for Waiting intake; waiting for the panel's decision.", cy: "Ar y rhestr fer ar gyfer Waiting intake; yn aros am benderfyniad y panel." });

    expect(await decide({ id: application.id, person_id: officer }, intake, "reserve", "A strong application.", SYSTEM)).toMatchObject({ ok: true, status: "waitlisted" });
    expect(await placeItem(officer)).toMatchObject({ status: "in_progress", en: "On the reserve list for Waiting intake; a place will be offered if one comes free.", cy: "Ar y rhestr wrth gefn ar gyfer Waiting intake; bydd lle'n cael ei gynnig os daw un ar gael." });
  });

  it("is not met once the panel declines it or the applicant declines the offer, and a place once they accept", async () => {
    const intake = await openIntake("Answered intake", 5);
    const refused = await shortlistedApplicant(intake);
    expect(await decide({ id: refused.application.id, person_id: refused.officer }, intake, "decline", "Not this time.", SYSTEM)).toMatchObject({ ok: true });
    expect(await placeItem(refused.officer)).toEqual({ status: "not_met", en: "No place yet: apply when an intake is open.", cy: "Dim lle eto: gwnewch gais pan fydd derbyniad ar agor.", actionHref: `/programmes/${PLUGIN_ID}#open-intakes` });

    const declining = await shortlistedApplicant(intake);
    expect(await decide({ id: declining.application.id, person_id: declining.officer }, intake, "offer", "Welcome.", SYSTEM)).toMatchObject({ ok: true, status: "enrolled" });
    expect(await respond(await applicationTo(intake, declining.officer), false, SYSTEM)).toEqual({ ok: true });
    expect(await placeItem(declining.officer)).toMatchObject({ status: "not_met", en: "No place yet: apply when an intake is open." });

    const accepting = await shortlistedApplicant(intake);
    expect(await decide({ id: accepting.application.id, person_id: accepting.officer }, intake, "offer", "Welcome.", SYSTEM)).toMatchObject({ ok: true, status: "enrolled" });
    // The offer holds the place for them, but it is not theirs until they accept: they are asked for their answer.
    expect(await placeItem(accepting.officer)).toEqual({
      status: "in_progress",
      en: "Offered a place on Answered intake; waiting for the offer to be accepted or declined.",
      cy: "Wedi cael cynnig lle ar Answered intake; yn aros i'r cynnig gael ei dderbyn neu ei wrthod.",
      actionHref: applications,
    });
    expect(await placeRequirement(accepting.officer)).toMatchObject({ met: false, reason: "Offered a place on Answered intake; waiting for the offer to be accepted or declined." });
    expect(await respond(await applicationTo(intake, accepting.officer), true, SYSTEM)).toEqual({ ok: true });
    expect(await placeItem(accepting.officer)).toEqual({ status: "met", en: "A place on Answered intake.", cy: "Lle ar Answered intake.", actionHref: `/programmes/${PLUGIN_ID}` });
  });

  it("is not met when the manager does not support it, and says so rather than asking them to apply", async () => {
    const intake = await openIntake("Unsupported intake", 5);
    const officer = await personAt("social_care_officer");
    const manager = { userId: null, personId: await personIdOf("manager") };
    expect(await apply(intake, officer, ANSWERS, SYSTEM)).toEqual({ ok: true, supportBy: "manager" });
    const application = await applicationTo(intake, officer);
    expect(await recordSupport(application.id, officer, { support: "withheld", reason: "Not this year.", shown: application.updated_at }, manager)).toEqual({ ok: true });
    expect(await placeItem(officer)).toEqual({
      status: "not_met",
      en: "Applied for Unsupported intake; the manager has not supported it.",
      cy: "Wedi gwneud cais am Unsupported intake; nid yw'r rheolwr wedi'i gefnogi.",
      actionHref: applications,
    });
  });
});
