// Once a cohort has begun, a place request can only be declined (an approval would jump everyone on the
// waiting list), so its decision page offers no approval: only the reason and a decline, with an inset
// saying why, on /team and on /admin alike and in English and Welsh: to a manager, that L&D offer places
// once a cohort has begun; to L&D, what they can do instead (never that L&D offer them). An approval sent
// from a page drawn before the start is still refused, beside the form the page now shows, and nothing changes.
import { beforeAll, describe, expect, it } from "vitest";
import * as ldDecision from "../../app/routes/admin.requests.$enrolmentId";
import * as managerDecision from "../../app/routes/team.requests.$enrolmentId";
import * as levelFiveCohort from "../../plugins/leadership/routes/cohorts.$cohortId";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { addDaysToDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { londonToday } from "../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId, postForms } from "../support/html-forms";
import { newPerson } from "../support/new-person";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const PROGRAMME = "begun-cohort-decline-only-test";

type Route = typeof managerDecision | typeof ldDecision;
interface Decider {
  account: DemoAccount;
  route: Route;
  path: (id: number) => string;
  /** Someone whose request this decider decides. */
  asker: () => Promise<number>;
  /** Why the page offers no approval, in this decider's terms. */
  why: Record<Locale, string>;
}

let made = 0;
/** Someone new in the practitioner's team whose only manager in HR's record has no account: L&D decide for them. */
async function personWithNoManagerOnPortal() {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  made += 1;
  const names = { employee_number: `DECLINE-ONLY-${made}`, given_name: "Owain", family_name: `Decline Only ${made}`, email: `decline-only-${made}@example.test`, team_id };
  const [person] = await db().insertInto("people").values(newPerson(names, { line_manager_id: await managerWithNoAccount(team_id) })).returning("id").execute();
  return person.id;
}


/** A request for a place on a cohort needing approval that has not begun yet: its enrolment id and cohort. */
async function requestOnCohortNotBegun(personId: number, programmeId = PROGRAMME) {
  const startsOn = addDaysToDate(londonToday(), 30);
  const cohortId = await createCohort(
    { programmeId, name: `Begins soon ${Math.random().toString(36).slice(2, 7)}`, startsOn, endsOn: addDaysToDate(startsOn, 90), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: startsOn, cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  const asked = await requestPlace({ cohortId, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(asked.error);
  return { enrolmentId: asked.enrolmentId, cohortId };
}

/** The cohort's first day comes: it began this morning. */
const begins = (cohortId: number) => db().updateTable("cohorts").set({ starts_on: londonToday() }).where("id", "=", cohortId).execute();

const page = async (decider: Decider, id: number) => run(decider.route.loader, await requestAs(decider.account, decider.path(id)), { enrolmentId: String(id) });
const decide = async (decider: Decider, id: number, values: Record<string, string>) =>
  run(decider.route.action, await requestAs(decider.account, decider.path(id), { method: "POST", body: new URLSearchParams(values) }), { enrolmentId: String(id) });
const rendered = (decider: Decider, loaderData: unknown, actionData: unknown, locale: Locale = "en-GB") => renderedAfterPost(decider.route.default, loaderData, actionData, locale);

const row = (id: number) => db().selectFrom("enrolments").select(["status", "reason", "decided_by"]).where("id", "=", id).executeTakeFirstOrThrow();

const MANAGER_WHY = {
  "en-GB": "This cohort has already started, so approving the request is not offered here: learning and development offer places once a cohort has begun. You can decline the request, saying why.",
  cy: "Mae'r garfan hon wedi dechrau eisoes, felly ni chynigir cymeradwyo'r cais yma: mae dysgu a datblygu yn cynnig lleoedd ar ôl i garfan ddechrau. Gallwch wrthod y cais, gan ddweud pam.",
} as const;
const LEARNING_TEAM_WHY = {
  "en-GB":
    "This cohort has already started, so approving the request is not offered here: a place now would put them ahead of everyone waiting, on sessions already held. You can decline the request, saying why. If they should still have a place, decline the request, then enrol them from the cohort's own page (\"Enrol someone\"), where the programme offers that.",
  cy: "Mae'r garfan hon wedi dechrau eisoes, felly ni chynigir cymeradwyo'r cais yma: byddai lle nawr yn eu rhoi o flaen pawb sy'n aros, ar sesiynau sydd eisoes wedi'u cynnal. Gallwch wrthod y cais, gan ddweud pam. Os dylent gael lle o hyd, gwrthodwch y cais, yna cofrestrwch nhw o dudalen y garfan ei hun (\"Cofrestru rhywun\"), lle mae'r rhaglen yn cynnig hynny.",
} as const;
/** What the manager's words say of L&D, which L&D must not read of themselves. */
const LEARNING_TEAM_OFFERS = { "en-GB": "learning and development offer places", cy: "mae dysgu a datblygu yn cynnig lleoedd" } as const;

const MANAGER: Decider = { account: "manager", route: managerDecision, path: (id) => `/team/requests/${id}`, asker: () => personIdOf("practitioner"), why: MANAGER_WHY };
const LEARNING_TEAM: Decider = { account: "ld", route: ldDecision, path: (id) => `/admin/requests/${id}`, asker: personWithNoManagerOnPortal, why: LEARNING_TEAM_WHY };
const APPROVE_LABEL = { "en-GB": "Approve: give them a place", cy: "Cymeradwyo: rhoi lle iddynt" } as const;
const DECLINE_BUTTON = { "en-GB": ">Decline the request</button>", cy: ">Gwrthod y cais</button>" } as const;

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe.each([
  ["its manager", MANAGER],
  ["L&D, for someone with no manager on the portal", LEARNING_TEAM],
])("the decision page, for %s, on a request for a cohort that has begun", (_who, decider) => {
  it("offers only a decline, says why approval is not offered, and declines as the page sends it", async () => {
    const personId = await decider.asker();
    const { enrolmentId, cohortId } = await requestOnCohortNotBegun(personId);
    const before = await page(decider, enrolmentId);
    // Before the start the choice is offered, as it always was.
    expect(decodeHtml(await rendered(decider, before.data, null))).toContain(APPROVE_LABEL["en-GB"]);

    await begins(cohortId);
    const shown = await page(decider, enrolmentId);
    expect(shown.data).toMatchObject({ waiting: true, started: true });
    for (const locale of ["en-GB", "cy"] as const) {
      const html = decodeHtml(await rendered(decider, shown.data, null, locale));
      expect(html).not.toContain(APPROVE_LABEL[locale]);
      expect(html).not.toContain('value="approve"');
      expect(html).toContain(decider.why[locale]);
      if (decider === LEARNING_TEAM) expect(html).not.toContain(LEARNING_TEAM_OFFERS[locale]);
      expect(html).toContain(DECLINE_BUTTON[locale]);
    }

    // What a browser sends: a decline, with the reason the only thing to fill in.
    const [form] = postForms(await rendered(decider, shown.data, null), `http://localhost${decider.path(enrolmentId)}`);
    expect([...form.visible]).toEqual(["reason"]);
    expect(form.fields).toContainEqual(["decision", "decline"]);
    const values = Object.fromEntries(form.fields.map(([name, value]) => [name, name === "reason" ? "The cohort has begun: ask for the next one." : value]));
    const declined = await decide(decider, enrolmentId, values);
    expect(declined.status).toBe(302);
    expect(await row(enrolmentId)).toMatchObject({ status: "declined", reason: "The cohort has begun: ask for the next one." });
  });

  it("still refuses an approval sent from a page drawn before the start, and the page drawn afresh offers only a decline", async () => {
    const personId = await decider.asker();
    const { enrolmentId, cohortId } = await requestOnCohortNotBegun(personId);
    const drawnBefore = await page(decider, enrolmentId);
    const { askedAt } = drawnBefore.data as { askedAt: string };
    await begins(cohortId);
    const unchanged = await row(enrolmentId);

    const refused = await decide(decider, enrolmentId, { decision: "approve", reason: "Go ahead", askedAt });
    expect(refused.status).toBe(409);
    // To L&D the refusal says what they can do, not that L&D offer places.
    const startedError = decider === LEARNING_TEAM ? "enrolment.errors.startedForLearningTeam" : "enrolment.errors.started";
    expect(refused.data).toMatchObject({ error: { decision: [startedError] }, initialValue: { decision: "approve", reason: "Go ahead" } });
    expect(await row(enrolmentId)).toEqual(unchanged);
    expect(unchanged).toMatchObject({ status: "requested", reason: null, decided_by: null });

    // After the 409 the page is read again: the refusal is in the summary, its link lands on the form's
    // decline (the field it was refused by), and the reason typed is kept.
    const fresh = await page(decider, enrolmentId);
    for (const locale of ["en-GB", "cy"] as const) {
      const html = await rendered(decider, fresh.data, refused.data, locale);
      const targets = errorSummaryTargets(html);
      expect(targets).toHaveLength(1);
      expect(hasElementWithId(html, targets[0])).toBe(true);
      const text = decodeHtml(html);
      expect(text).not.toContain('value="approve"');
      expect(text).toContain(decider.why[locale]);
      expect(text).toContain("Go ahead</textarea>");
      if (decider === LEARNING_TEAM) expect(text).not.toContain(LEARNING_TEAM_OFFERS[locale]);
    }
  });
});

describe("L&D, once a Level 5 cohort has begun", () => {
  it("can still give a place as their page says: decline the request, then enrol them from the cohort's page", async () => {
    const personId = await personWithNoManagerOnPortal();
    const { enrolmentId, cohortId } = await requestOnCohortNotBegun(personId, "leadership");
    await begins(cohortId);
    const shown = await page(LEARNING_TEAM, enrolmentId);
    expect(shown.data).toMatchObject({ waiting: true, started: true });
    const declined = await decide(LEARNING_TEAM, enrolmentId, { decision: "decline", reason: "Enrolled from the cohort's page instead.", askedAt: (shown.data as { askedAt: string }).askedAt });
    expect(declined.status).toBe(302);

    const path = `/programmes/leadership/cohorts/${cohortId}`;
    const { employee_number } = await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow();
    const form = new URLSearchParams({ intent: "enrol", employee: employee_number, override: "Joining late, agreed with the facilitator" });
    const enrolled = await run(levelFiveCohort.action, await requestAs("ld", path, { method: "POST", body: form }), { cohortId: String(cohortId) });
    expect(enrolled.status).toBe(200);
    expect(await row(enrolmentId)).toMatchObject({ status: "enrolled" });
  });
});
