// The career pathway's apprentice stage asks for a place on the apprenticeship: a social care officer or a
// personal adviser, whose next stage it is, reads that they have none yet with a link to where they apply,
// and meets it once they hold a place. Readiness answers it for exactly those people, in a fixed number of
// queries however many there are.
import { beforeAll, describe, expect, it } from "vitest";
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

async function homePageAs(personId: number, link: string) {
  const { email } = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  return run(home.loader, new Request(`http://localhost${link}`, { headers: { Cookie: cookie } }));
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

    // Offered a place on an intake that has not started yet: that is a place.
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
