// A manager reads a place request on /team; before their decision is written, HR's record moves the person
// to another manager's line. The action's own check runs first, so the move lands just after it, as the
// decision reads the request: the line is read again in the decision's transaction, so the decision is
// refused (409, saying why, in English and Welsh) and nothing about the request changes.
import { beforeAll, describe, expect, it } from "vitest";
import * as managerDecision from "../../app/routes/team.requests.$enrolmentId";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import { personIdOf, personOutsideLineOf, requestAs, seedDemo } from "../support/fixtures";
import { whenFirstRead } from "../support/competing-change";
import { decodeHtml } from "../support/html-forms";
import { newPerson } from "../support/new-person";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const PROGRAMME = "manager-moved-off-line-test";
/** decideRequest's first read of the request, after the action has checked the line once. */
const DECISION_READS_REQUEST = /from "enrolments" as "e" inner join "cohorts" as "c"/;

let made = 0;
/** Someone new, reporting straight to the demo manager. */
async function reportOfManager() {
  const managerId = await personIdOf("manager");
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", managerId).executeTakeFirstOrThrow();
  made += 1;
  const names = { employee_number: `MOVED-OFF-${made}`, given_name: "Gethin", family_name: `Moved ${made}`, email: `moved-off-${made}@example.test`, team_id };
  const [person] = await db().insertInto("people").values(newPerson(names, { line_manager_id: managerId })).returning("id").execute();
  return person.id;
}

async function askedForPlace(personId: number) {
  const cohortId = await createCohort(
    { programmeId: PROGRAMME, name: `Moved off ${made}`, startsOn: "2031-03-03", endsOn: "2031-06-02", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2031-03-03", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  const asked = await requestPlace({ cohortId, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(asked.error);
  return asked.enrolmentId;
}

const path = (id: number) => `/team/requests/${id}`;
const page = async (id: number) => run(managerDecision.loader, await requestAs("manager", path(id)), { enrolmentId: String(id) });
const decide = async (id: number, values: Record<string, string>) =>
  run(managerDecision.action, await requestAs("manager", path(id), { method: "POST", body: new URLSearchParams(values) }), { enrolmentId: String(id) });

async function traces(enrolmentId: number, personId: number) {
  const row = await db().selectFrom("enrolments").select(["status", "reason", "decided_by"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow();
  const notices = await db().selectFrom("notices").select("message_key").where("person_id", "=", personId).execute();
  const decisions = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "enrolment").where("subject_id", "=", String(enrolmentId)).where("action", "in", ["enrolment.approved", "enrolment.declined"]).execute();
  return { row, notices, decisions };
}

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe("a manager's decision on a request from someone moved off their line meanwhile", () => {
  it.each(["approve", "decline"])("to %s is refused with 409 and why, and changes nothing", async (decision) => {
    const personId = await reportOfManager();
    const enrolmentId = await askedForPlace(personId);
    const shown = (await page(enrolmentId)).data as { askedAt: string; waiting: boolean };
    expect(shown.waiting).toBe(true);
    const before = await traces(enrolmentId, personId);
    const elsewhere = await personOutsideLineOf(await personIdOf("manager"));
    const movesOffLine = () => db().updateTable("people").set({ line_manager_id: elsewhere }).where("id", "=", personId).execute();

    const sent = await whenFirstRead(DECISION_READS_REQUEST, movesOffLine, () => decide(enrolmentId, { decision, reason: "Caseload first", askedAt: shown.askedAt }));

    expect(sent.status).toBe(409);
    expect(sent.data).toMatchObject({ error: { "": ["enrolment.errors.notOnLine"] } });
    expect(await traces(enrolmentId, personId)).toEqual(before);
    expect(before.row).toMatchObject({ status: "requested", decided_by: null });
    const html = decodeHtml(await renderedAfterPost(managerDecision.default, shown, sent.data));
    expect(html).toContain("This person is no longer on your line, so your decision was not saved: the request is no longer yours to decide");
    expect(fixedT("cy")("enrolment.errors.notOnLine")).toBe("Nid yw'r unigolyn hwn ar eich llinell mwyach, felly ni chafodd eich penderfyniad ei gadw: nid chi sydd i benderfynu ar y cais bellach");
  });

  it("is saved as before while they are still on the line", async () => {
    const personId = await reportOfManager();
    const enrolmentId = await askedForPlace(personId);
    const { askedAt } = (await page(enrolmentId)).data as { askedAt: string };
    const decided = await decide(enrolmentId, { decision: "approve", reason: "", askedAt });
    expect(decided.status).toBe(302);
    expect((await traces(enrolmentId, personId)).row).toMatchObject({ status: "enrolled", decided_by: await personIdOf("manager") });
  });
});
