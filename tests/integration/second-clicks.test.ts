// A second click of "Dismiss", "Delete", "Withdraw" or "Send request" (a double click, a second tab) finds
// done what the person asked for, and says so as the first did, not "Page not found" or a conflict;
// someone else's notice, entry or request stays not found.
import { beforeAll, describe, expect, it } from "vitest";
import * as cpdEntry from "../../app/routes/me.cpd.entries.$entryId";
import * as dismissAction from "../../app/routes/me.notices.$noticeId";
import * as myPathway from "../../app/routes/me.pathway";
import { addNotice } from "../../app/services/notices.server";
import { londonToday } from "../../app/utils/london-time";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

beforeAll(seedDemo);

const post = (fields: Record<string, string> = {}) => ({ method: "POST", body: new URLSearchParams(fields) });

async function ownEntry(personId: number, title: string) {
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: personId, source: "own", source_ref: null, title, occurred_on: londonToday(), hours: 1, reflection: null, learning: "Learnt", practice_impact: "Changes", peer_reflection: 0, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  return row.id;
}

describe("deleting a CPD entry twice", () => {
  it("goes back to the record both times, with one deletion audited", async () => {
    const id = await ownEntry(await personIdOf("practitioner"), "Deleted twice");
    const params = { entryId: String(id) };
    for (let click = 0; click < 2; click++) {
      const answer = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, post({ intent: "delete" })), params);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toMatch(/^\/me\/cpd\?/);
      expect(answer.headers.get("Location")).toContain("saved=deleted");
    }
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "cpd_entry.deleted").where("subject_id", "=", String(id)).execute()).toHaveLength(1);
  });

  it("is still not found for someone else's deleted entry", async () => {
    const id = await ownEntry(await personIdOf("asye"), "Someone else's");
    const params = { entryId: String(id) };
    expect((await run(cpdEntry.action, await requestAs("asye", `/me/cpd/entries/${id}`, post({ intent: "delete" })), params)).status).toBe(302);
    expect((await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, post({ intent: "delete" })), params)).status).toBe(404);
  });
});

describe("dismissing a notice twice", () => {
  it("goes back to /me both times, with one dismissal audited; someone else's stays not found", async () => {
    const alex = await personIdOf("practitioner");
    await addNotice({ personId: alex, source: "common", messageKey: "notices.promoted", values: { cohort: "A cohort" }, href: "/me" });
    const notice = await db().selectFrom("notices").select("id").where("person_id", "=", alex).orderBy("id", "desc").executeTakeFirstOrThrow();
    const params = { noticeId: String(notice.id) };
    for (let click = 0; click < 2; click++) {
      const answer = await run(dismissAction.action, await requestAs("practitioner", `/me/notices/${notice.id}`, post()), params);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe("/me");
    }
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "notice.dismissed").where("subject_id", "=", String(notice.id)).execute()).toHaveLength(1);
    expect((await run(dismissAction.action, await requestAs("asye", `/me/notices/${notice.id}`, post()), params)).status).toBe(404);
  });
});

describe("asking to progress, and withdrawing, twice", () => {
  const statement = "I have led complex cases for three years.";
  const ask = async (toStage: string, words = statement) => run(myPathway.action, await requestAs("practitioner", "/me/pathway", post({ toStage, statement: words })));
  const withdraw = async (account: "practitioner" | "asye", id: number) => run(myPathway.action, await requestAs(account, "/me/pathway", post({ intent: "withdraw", request: String(id) })));
  const requestsOf = (personId: number) => db().selectFrom("progression_requests").select(["id", "status"]).where("person_id", "=", personId).orderBy("id").execute();
  const audited = async (action: string, personId: number) => (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("person_id", "=", personId).execute()).length;

  it("sends one request, and says it was sent both times; another stage or other words still wait their turn", async () => {
    const alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
    const first = await ask("senior_practitioner");
    expect(first.status).toBe(302);
    const again = await ask("senior_practitioner");
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await requestsOf(alex)).toHaveLength(1);
    expect(await audited("progression.requested", alex)).toBe(1);
    expect((await ask("team_manager")).status).toBe(409);
    expect((await ask("senior_practitioner", "Different words from a stale tab.")).status).toBe(409);
  });

  it("withdraws once, and says it was withdrawn both times; someone else's request stays not found", async () => {
    const alex = await personIdOf("practitioner");
    await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
    expect((await ask("senior_practitioner")).status).toBe(302);
    const [request] = await requestsOf(alex);
    for (let click = 0; click < 2; click++) {
      const answer = await withdraw("practitioner", request.id);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toBe("/me/pathway?withdrawn=1");
    }
    expect(await requestsOf(alex)).toEqual([{ id: request.id, status: "withdrawn" }]);
    expect(await audited("progression.withdrawn", alex)).toBe(1);
    expect((await withdraw("asye", request.id)).status).toBe(404);
  });
});
