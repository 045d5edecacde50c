// "Act on this" links are for the person themselves: every link the apprenticeship's readiness gives an
// apprentice, on /me and on /me/pathway, opens for that apprentice (not the staff page about them, which
// answers them 403 or 404), and the section it names is on the page.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as myPathway from "../../../app/routes/me.pathway";
import { startSession } from "../../../app/utils/auth.server";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { hasElementWithId } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { APPRENTICE_STAGE, PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import * as apprenticePage from "../routes/apprentices.$personId";
import { addMonths } from "../server/ledger.server";

beforeAll(seedDemo);

/** An apprentice at the apprentice stage, a year into a cohort with no hours logged and no review: every item wants acting on. */
async function apprenticeBehindOnEverything() {
  const stamp = new Date().toISOString();
  const managerId = await personIdOf("manager");
  const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("id", "=", managerId).executeTakeFirstOrThrow();
  const startsOn = addMonths(londonToday(), -12);
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: "Own links intake", starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 1, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const [person] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: "OWN1", given_name: "Osian", family_name: "Links", email: "osian@own-links.test", team_id: teamId }, { line_manager_id: managerId, role_category: "social_care_officer", career_stage: APPRENTICE_STAGE }))
    .returning("id")
    .execute();
  await db().insertInto("enrolments").values({ cohort_id: cohort.id, person_id: person.id, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).execute();
  return person.id;
}

/** Requests from this person, signed in with the practitioner role every member of staff has. */
async function signedInAs(personId: number) {
  const { email } = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  return (path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

/** The apprenticeship's page an address leads to, as Remix routes it, with its parameters. */
function routeOf(path: string): { module: typeof home | typeof apprenticePage; params: Record<string, string> } {
  const staffPage = path.match(new RegExp(`^/programmes/${PLUGIN_ID}/apprentices/(\\d+)$`));
  if (staffPage) return { module: apprenticePage, params: { personId: staffPage[1] } };
  if (path === `/programmes/${PLUGIN_ID}`) return { module: home, params: {} };
  throw new Error(`No apprenticeship page at ${path}`);
}

/** Every apprenticeship link in a page's data. */
const apprenticeshipLinks = (data: unknown) => [...JSON.stringify(data).matchAll(new RegExp(`"actionHref":"(/programmes/${PLUGIN_ID}[^"]*)"`, "g"))].map((m) => m[1]);

describe("an apprentice's own readiness links", () => {
  it("open their own apprenticeship page, at a section it has, from /me and /me/pathway", async () => {
    const apprentice = await apprenticeBehindOnEverything();
    const as = await signedInAs(apprentice);
    const mePage = await run(me.loader, as("/me"));
    const pathwayPage = await run(myPathway.loader, as("/me/pathway"));
    const onMe = (mePage.data as { readiness: { source: string; requirementId: string; actionHref?: string }[] }).readiness.filter((i) => i.source === PLUGIN_ID);
    // Hours behind, a review overdue, practice and registration still to come: four things to act on.
    expect(onMe.map((i) => i.requirementId).sort()).toEqual(["off-the-job", "practice", "registration", "review"]);
    const links = new Set([...apprenticeshipLinks(mePage.data), ...apprenticeshipLinks(pathwayPage.data)]);
    // The ASYE stage's registration requirement on /me/pathway has the item's link too.
    expect(apprenticeshipLinks(pathwayPage.data)).not.toHaveLength(0);
    for (const link of links) {
      const [path, section] = link.split("#");
      const { module, params } = routeOf(path);
      const page = await run(module.loader, as(link), params);
      expect({ link, status: page.status }).toEqual({ link, status: 200 });
      if (section) expect(hasElementWithId(await renderedAfterPost(home.default, page.data, null), section)).toBe(true);
    }
  });
});
