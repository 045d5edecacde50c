// A place request withdrawn (or declined) and asked again reuses its enrolment row, dated anew. A decision
// sent from a page that showed the earlier request must not land on the new one: the form says which
// request it showed, and a mismatch is refused (409) with what was typed kept, on /team and on /admin
// alike. Also here: an approval's note reaches the person, and a refusal says "your reason is below"
// only when one was typed.
import { beforeAll, describe, expect, it } from "vitest";
import * as ldDecision from "../../app/routes/admin.requests.$enrolmentId";
import * as me from "../../app/routes/me._index";
import * as managerDecision from "../../app/routes/team.requests.$enrolmentId";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace, withdraw } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { fixedT, localeCookie } from "../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { decodeHtml, postForms } from "../support/html-forms";
import { newPerson } from "../support/new-person";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const PROGRAMME = "asked-again-decision-test";

type Route = typeof managerDecision | typeof ldDecision;
interface Decider {
  account: DemoAccount;
  route: Route;
  path: (id: number) => string;
  /** Someone whose request this decider decides. */
  asker: () => Promise<number>;
}

const MANAGER: Decider = { account: "manager", route: managerDecision, path: (id) => `/team/requests/${id}`, asker: () => personIdOf("practitioner") };
const LEARNING_TEAM: Decider = { account: "ld", route: ldDecision, path: (id) => `/admin/requests/${id}`, asker: personWithNoManagerOnPortal };

let made = 0;
/** Someone new in the practitioner's team whose only manager in HR's record has no account: L&D decide for them. */
async function personWithNoManagerOnPortal() {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  made += 1;
  const names = { employee_number: `ASKED-AGAIN-${made}`, given_name: "Rhian", family_name: `Asked Again ${made}`, email: `asked-again-${made}@example.test`, team_id };
  const [person] = await db().insertInto("people").values(newPerson(names, { line_manager_id: await managerWithNoAccount(team_id) })).returning("id").execute();
  return person.id;
}

async function approvalCohort(capacity = 5) {
  return createCohort(
    { programmeId: PROGRAMME, name: `Needs approval ${Math.random().toString(36).slice(2, 7)}`, startsOn: "2031-03-03", endsOn: "2031-06-02", capacity, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2031-03-03", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
}

async function asks(cohortId: number, personId: number) {
  const asked = await requestPlace({ cohortId, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(asked.error);
  return asked.enrolmentId;
}

interface Page {
  askedAt: string;
  waiting: boolean;
}
const page = async (decider: Decider, id: number) => run(decider.route.loader, await requestAs(decider.account, decider.path(id)), { enrolmentId: String(id) });
const decide = async (decider: Decider, id: number, values: Record<string, string>) =>
  run(decider.route.action, await requestAs(decider.account, decider.path(id), { method: "POST", body: new URLSearchParams(values) }), { enrolmentId: String(id) });

/** What a decision would change: the row, the person's notices and the decision's audit events. */
async function traces(enrolmentId: number, personId: number) {
  const row = await db().selectFrom("enrolments").select(["status", "reason", "decided_by", "created_at"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow();
  const notices = await db().selectFrom("notices").select("message_key").where("person_id", "=", personId).orderBy("id").execute();
  const decisions = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "enrolment").where("subject_id", "=", String(enrolmentId)).where("action", "in", ["enrolment.approved", "enrolment.declined"]).execute();
  return { row, notices, decisions };
}

/** The person withdraws and asks again on the same cohort, a moment later: the same row, dated anew. */
async function withdrawsAndAsksAgain(cohortId: number, enrolmentId: number, personId: number) {
  await withdraw(enrolmentId, null, { userId: null, personId });
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await asks(cohortId, personId)).toBe(enrolmentId);
}

const english = fixedT("en-GB");
const welsh = fixedT("cy");

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe.each([
  ["its manager", MANAGER],
  ["L&D, for someone with no manager on the portal", LEARNING_TEAM],
])("a decision by %s sent from a page showing a request since withdrawn and asked again", (_who, decider) => {
  it("is refused with 409, keeping what was typed, and changes nothing; the page drawn afresh decides the new request", async () => {
    const cohortId = await approvalCohort();
    const personId = await decider.asker();
    const enrolmentId = await asks(cohortId, personId);
    const shown = (await page(decider, enrolmentId)).data as Page;
    expect(shown.waiting).toBe(true);

    await withdrawsAndAsksAgain(cohortId, enrolmentId, personId);
    const before = await traces(enrolmentId, personId);
    expect(before.row.created_at).not.toBe(shown.askedAt);

    const stale = await decide(decider, enrolmentId, { decision: "decline", reason: "Not this quarter: the team is two posts short.", askedAt: shown.askedAt });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ error: { "": ["requests.errors.askedAgainReasonKept"] }, initialValue: { decision: "decline", reason: "Not this quarter: the team is two posts short." } });
    expect(await traces(enrolmentId, personId)).toEqual(before);
    expect(before.row).toMatchObject({ status: "requested", reason: null, decided_by: null });

    // After the 409 the page is read again (with JavaScript too): it shows the new request and says why.
    expect(decider.route.shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<Route["shouldRevalidate"]>[0])).toBe(true);
    const fresh = (await page(decider, enrolmentId)).data as Page;
    expect(fresh.askedAt).toBe(before.row.created_at);
    const rendered = await renderedAfterPost(decider.route.default, fresh, stale.data);
    const html = decodeHtml(rendered);
    expect(html).toContain("They have asked for a place again since this page was shown, so your decision was not saved: read their new request and decide again. Your reason is below: check it still fits their new request.");
    expect(html).toContain("Not this quarter: the team is two posts short.</textarea>");

    // Sent again as that page sends it, the decision is made on the new request.
    const [form] = postForms(rendered, `http://localhost${decider.path(enrolmentId)}`);
    expect(form.fields).toContainEqual(["askedAt", fresh.askedAt]);
    const decided = await decide(decider, enrolmentId, Object.fromEntries(form.fields));
    expect(decided.status).toBe(302);
    expect((await traces(enrolmentId, personId)).row).toMatchObject({ status: "declined", reason: "Not this quarter: the team is two posts short." });
  });

  it("is refused, not trusted, when it comes from a page drawn before the form said which request it showed", async () => {
    const cohortId = await approvalCohort();
    const personId = await decider.asker();
    const enrolmentId = await asks(cohortId, personId);
    const before = await traces(enrolmentId, personId);

    const typed = await decide(decider, enrolmentId, { decision: "decline", reason: "Caseload first" });
    expect(typed.status).toBe(409);
    expect(typed.data).toMatchObject({ error: { "": ["requests.errors.pageOutOfDateReasonKept"] }, initialValue: { reason: "Caseload first" } });
    const untyped = await decide(decider, enrolmentId, { decision: "approve", reason: "" });
    expect(untyped.status).toBe(409);
    expect(untyped.data).toMatchObject({ error: { "": ["requests.errors.pageOutOfDate"] } });
    expect(await traces(enrolmentId, personId)).toEqual(before);
  });
});

describe("an approval with a note", () => {
  it("tells the person the manager's note, in English and Welsh, and one without a note as before", async () => {
    const practitioner = await personIdOf("practitioner");
    const enrolmentId = await asks(await approvalCohort(), practitioner);
    const { askedAt } = (await page(MANAGER, enrolmentId)).data as Page;
    const approved = await decide(MANAGER, enrolmentId, { decision: "approve", reason: "Book the first session with your supervisor.", askedAt });
    expect(approved.headers.get("Location")).toBe("/team?decided=enrolled");

    // The session's cookie, and the locale's beside it as a browser sends both.
    const session = (await requestAs("practitioner", "/me")).headers.get("Cookie")!;
    const notices = async (cookie: string) => ((await run(me.loader, new Request("http://localhost/me", { headers: { Cookie: cookie } }))).data as { notices: { text: string }[] }).notices.map((n) => n.text);
    const inEnglish = await notices(session);
    expect(inEnglish.some((text) => /^Your manager approved your request for Needs approval \w+: you have a place\. Your manager's note: Book the first session with your supervisor\.$/.test(text))).toBe(true);
    const inWelsh = await notices(`${session}; ${(await localeCookie.serialize("cy")).split(";")[0]}`);
    expect(inWelsh.some((text) => /^Cymeradwyodd eich rheolwr eich cais am Needs approval \w+: mae gennych le\. Nodyn eich rheolwr: Book the first session with your supervisor\.$/.test(text))).toBe(true);

    const plain = await asks(await approvalCohort(), practitioner);
    await decide(MANAGER, plain, { decision: "approve", reason: "", askedAt: ((await page(MANAGER, plain)).data as Page).askedAt });
    const latest = await db().selectFrom("notices").select(["message_key"]).where("person_id", "=", practitioner).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(latest.message_key).toBe("notices.decision.enrolled");
  });

  it("tells the person L&D's note when L&D put them on the waiting list, in English and Welsh", async () => {
    const cohortId = await approvalCohort(1);
    const holder = await personWithNoManagerOnPortal();
    expect(await requestPlace({ cohortId, personId: holder, actor: { userId: null, personId: null }, direct: true })).toMatchObject({ ok: true, status: "enrolled" });
    const personId = await personWithNoManagerOnPortal();
    const enrolmentId = await asks(cohortId, personId);
    const { askedAt } = (await page(LEARNING_TEAM, enrolmentId)).data as Page;
    const approved = await decide(LEARNING_TEAM, enrolmentId, { decision: "approve", reason: "You are first in line for the next cohort.", askedAt });
    expect(approved.headers.get("Location")).toBe("/admin/requests?decided=waitlisted");

    const notice = await db().selectFrom("notices").select(["message_key", "values_json"]).where("person_id", "=", personId).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(notice.message_key).toBe("notices.learningTeamDecision.waitlistedWithNote");
    const values = JSON.parse(notice.values_json!) as Record<string, string>;
    expect(english(notice.message_key, values)).toMatch(/The cohort is full, so you are on the waiting list\. Their note: You are first in line for the next cohort\.$/);
    expect(welsh(notice.message_key, values)).toMatch(/Mae'r garfan yn llawn, felly rydych ar y rhestr aros\. Eu nodyn: You are first in line for the next cohort\.$/);
  });
});

describe("a decision on a request that no longer waits", () => {
  it("says the reason is below only when one was typed", async () => {
    const cohortId = await approvalCohort();
    const practitioner = await personIdOf("practitioner");
    const enrolmentId = await asks(cohortId, practitioner);
    const { askedAt } = (await page(MANAGER, enrolmentId)).data as Page;
    await withdraw(enrolmentId, null, { userId: null, personId: practitioner });

    const approved = await decide(MANAGER, enrolmentId, { decision: "approve", reason: "", askedAt });
    expect(approved.status).toBe(409);
    expect(approved.data).toMatchObject({ error: { "": ["requests.errors.noLongerWaiting"] } });
    const declined = await decide(MANAGER, enrolmentId, { decision: "decline", reason: "Caseload first", askedAt });
    expect(declined.status).toBe(409);
    expect(declined.data).toMatchObject({ error: { "": ["requests.errors.noLongerWaitingReasonKept"] }, initialValue: { reason: "Caseload first" } });

    const withdrawnPage = (await page(MANAGER, enrolmentId)).data;
    const html = decodeHtml(await renderedAfterPost(managerDecision.default, withdrawnPage, approved.data));
    expect(html).toContain("This request no longer waits for your decision: it has been withdrawn or decided.");
    expect(html).not.toContain("keep a copy");
    expect(decodeHtml(await renderedAfterPost(managerDecision.default, withdrawnPage, declined.data))).toContain("it has been withdrawn or decided. Your reason is below, so you can keep a copy.");
    for (const t of [english, welsh]) expect(t("requests.errors.noLongerWaiting")).not.toBe(t("requests.errors.noLongerWaitingReasonKept"));
    expect(welsh("requests.errors.noLongerWaiting")).not.toContain("copi");
  });
});
