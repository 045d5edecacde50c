// A second click of "Dismiss" or "Delete" (a double click, a second tab) finds done what the person asked
// for, and says so as the first did, not "Page not found"; someone else's notice or entry stays not found.
import { beforeAll, describe, expect, it } from "vitest";
import * as cpdEntry from "../../app/routes/me.cpd.entries.$entryId";
import * as dismissAction from "../../app/routes/me.notices.$noticeId";
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
