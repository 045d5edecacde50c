// A manager's decision sent twice (a double click, a resend) was saved by the first send: the second finds
// it done and answers as the first did, recording and auditing nothing more, not a 409 saying the decision
// was refused. Only the same decision by the same person, with the same note or reason, counts as sent
// again: a different one from a stale page, or someone else's, is still refused as no longer waiting.
// Both pages: the manager's progression decision, and a place request decided by its manager or by L&D.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as ldDecision from "../../app/routes/admin.requests.$enrolmentId";
import * as managerProgression from "../../app/routes/team.progression.$requestId";
import * as managerDecision from "../../app/routes/team.requests.$enrolmentId";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { run } from "../support/route";
import { ask, clearRequests, latestRequest } from "./pathway-support";

const PROGRAMME = "decision-sent-twice-test";

const post = (account: DemoAccount, path: string, values: Record<string, string>) => requestAs(account, path, { method: "POST", body: new URLSearchParams(values) });

const audited = async (subjectType: string, subjectId: number, actions: string[]) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", subjectType).where("subject_id", "=", String(subjectId)).where("action", "in", actions).execute()).map((e) => e.action);

const noticesOf = async (personId: number) => (await db().selectFrom("notices").select("message_key").where("person_id", "=", personId).execute()).map((n) => n.message_key);

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe("a manager's progression decision sent twice", () => {
  const MANAGER_ACTIONS = ["progression.manager.supported", "progression.manager.not_supported"];
  let alex: number;
  let id: number;
  const decide = async (values: Record<string, string>, account: DemoAccount = "manager") => run(managerProgression.action, await post(account, `/team/progression/${id}`, values), { requestId: String(id) });

  beforeEach(async () => {
    alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    await clearRequests(alex);
    expect((await ask("practitioner", "senior_practitioner")).status).toBe(302);
    id = (await latestRequest(alex)).id;
  });

  it("answers the second support as the first, with one decision audited; a different decision after is refused", async () => {
    const first = await decide({ support: "yes", note: "Ready." });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/team?progression=awaiting_panel");
    const saved = await latestRequest(alex);
    // The note as the form sends it, before it is tidied, is still the same note.
    const again = await decide({ support: "yes", note: "  Ready.  " });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await latestRequest(alex)).toEqual(saved);
    expect(await audited("progression_request", id, MANAGER_ACTIONS)).toEqual(["progression.manager.supported"]);

    const stalePages: Record<string, string>[] = [{ support: "no", note: "Written in a second tab." }, { support: "yes", note: "Other words." }, { support: "yes" }];
    for (const stale of stalePages) {
      const refused = await decide(stale);
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.data)).toContain("progression.errors.noLongerWaiting");
    }
    // The same words by someone else on the person's line were not theirs to send again.
    const other = await decide({ support: "yes", note: "Ready." }, "serviceManager");
    expect(other.status).toBe(409);
    expect(await latestRequest(alex)).toEqual(saved);
    expect(await audited("progression_request", id, MANAGER_ACTIONS)).toEqual(["progression.manager.supported"]);
  });

  it("tells the person once when 'not supported' is sent twice", async () => {
    const reason = "Another year of complex cases first.";
    const before = (await noticesOf(alex)).length;
    for (let send = 0; send < 2; send++) {
      const answer = await decide({ support: "no", note: reason });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe("/team?progression=not_supported");
    }
    expect(await audited("progression_request", id, MANAGER_ACTIONS)).toEqual(["progression.manager.not_supported"]);
    expect((await noticesOf(alex)).length).toBe(before + 1);
    expect((await decide({ support: "yes", note: reason })).status).toBe(409);
  });

  it("answers both sends of a double click alike, even when both read the page before either was saved", async () => {
    const answers = await Promise.all([decide({ support: "yes", note: "Ready." }), decide({ support: "yes", note: "Ready." })]);
    expect(answers.map((a) => [a.status, a.headers.get("Location")])).toEqual([
      [302, "/team?progression=awaiting_panel"],
      [302, "/team?progression=awaiting_panel"],
    ]);
    expect(await audited("progression_request", id, MANAGER_ACTIONS)).toEqual(["progression.manager.supported"]);
  });
});

type Route = typeof managerDecision | typeof ldDecision;
interface Decider {
  account: DemoAccount;
  route: Route;
  path: (id: number) => string;
  done: string;
  /** Someone whose request this decider decides. */
  asker: () => Promise<number>;
}

let made = 0;
/** Someone new in the practitioner's team whose only manager in HR's record has no account: L&D decide for them. */
async function personWithNoManagerOnPortal() {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  made += 1;
  const names = { employee_number: `SENT-TWICE-${made}`, given_name: "Rhian", family_name: `Sent Twice ${made}`, email: `sent-twice-${made}@example.test`, team_id };
  const [person] = await db().insertInto("people").values(newPerson(names, { line_manager_id: await managerWithNoAccount(team_id) })).returning("id").execute();
  return person.id;
}

const MANAGER: Decider = { account: "manager", route: managerDecision, path: (id) => `/team/requests/${id}`, done: "/team", asker: () => personIdOf("practitioner") };
const LEARNING_TEAM: Decider = { account: "ld", route: ldDecision, path: (id) => `/admin/requests/${id}`, done: "/admin/requests", asker: personWithNoManagerOnPortal };

async function placeRequest(personId: number) {
  const cohort = await createCohort(
    { programmeId: PROGRAMME, name: `Sent twice ${Math.random().toString(36).slice(2, 7)}`, startsOn: "2031-03-03", endsOn: "2031-06-02", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2031-03-03", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  const asked = await requestPlace({ cohortId: cohort, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(asked.error);
  return asked.enrolmentId;
}

describe.each([
  ["its manager", MANAGER],
  ["L&D, for someone with no manager on the portal", LEARNING_TEAM],
])("a place request decided by %s, sent twice", (_who, decider) => {
  const PLACE_ACTIONS = ["enrolment.approved", "enrolment.declined"];
  const row = (id: number) => db().selectFrom("enrolments").select(["status", "reason", "decided_by", "waitlist_position", "updated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  async function pageOf(id: number) {
    const shown = await run(decider.route.loader, await requestAs(decider.account, decider.path(id)), { enrolmentId: String(id) });
    return (shown.data as { askedAt: string }).askedAt;
  }
  const decide = async (id: number, values: Record<string, string>) => run(decider.route.action, await post(decider.account, decider.path(id), values), { enrolmentId: String(id) });

  it("answers a second decline as the first, with one decision audited and told; a different decision after is refused", async () => {
    const personId = await decider.asker();
    const id = await placeRequest(personId);
    const askedAt = await pageOf(id);
    const form = { decision: "decline", reason: "Not this quarter: the team is two posts short.", askedAt };
    const first = await decide(id, form);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`${decider.done}?decided=declined`);
    const saved = await row(id);
    const told = await noticesOf(personId);

    const again = await decide(id, form);
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await row(id)).toEqual(saved);
    expect(await noticesOf(personId)).toEqual(told);
    expect(await audited("enrolment", id, PLACE_ACTIONS)).toEqual(["enrolment.declined"]);

    for (const stale of [{ decision: "approve", reason: "", askedAt }, { ...form, reason: "Other words from a stale tab." }]) {
      const refused = await decide(id, stale);
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.data)).toContain("requests.errors.noLongerWaiting");
    }
    expect(await row(id)).toEqual(saved);
    expect(await audited("enrolment", id, PLACE_ACTIONS)).toEqual(["enrolment.declined"]);
  });

  it("answers a second approval as the first, giving one place", async () => {
    const personId = await decider.asker();
    const id = await placeRequest(personId);
    const form = { decision: "approve", reason: "Book the first session.", askedAt: await pageOf(id) };
    const answers = await Promise.all([decide(id, form), decide(id, form)]);
    expect(answers.map((a) => [a.status, a.headers.get("Location")])).toEqual([
      [302, `${decider.done}?decided=enrolled`],
      [302, `${decider.done}?decided=enrolled`],
    ]);
    expect(await audited("enrolment", id, PLACE_ACTIONS)).toEqual(["enrolment.approved"]);
    expect((await decide(id, { ...form, decision: "decline" })).status).toBe(409);
  });
});
