// A Level 5 register is kept only for a session that has been held. For one still to come the page says
// when the register opens, for one cancelled that it has none, and neither offers marking controls; a
// register posted anyway is refused (409) with the reason in the error summary, storing nothing, and an
// attendance file's row on such a session is refused on its line. The cohort's page links the register
// only for sessions held.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as register from "../routes/sessions.$sessionId.register";
import { registerOpenedBy } from "./register-page";
import { employeeOf, form, peopleNamed } from "./support";

let cohortId: number;
/** Sessions by number: 1 held, 2 cancelled, 3 held, 4 still to come (tomorrow). */
let sessions: Map<number, number>;
let holders: number[];
let places: number[];

beforeAll(async () => {
  await seedDemo();
  const firstDate = addDaysToDate(londonToday(), -20);
  cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name: "Registers of sessions held", startsOn: firstDate, endsOn: addDaysToDate(firstDate, 60), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 4, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessions = new Map((await db().selectFrom("cohort_sessions").select(["id", "sequence"]).where("cohort_id", "=", cohortId).execute()).map((s) => [s.sequence, s.id]));
  await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", sessions.get(2)!).execute();
  holders = await peopleNamed("REGHELD", 2);
  places = [];
  for (const personId of holders) {
    const placed = await requestPlace({ cohortId, personId, actor: { userId: null, personId: null }, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    places.push(placed.enrolmentId);
  }
});

const marksOn = (sessionId: number) => db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).orderBy("enrolment_id").execute();
const pathOf = (sessionId: number) => `/programmes/${PLUGIN_ID}/sessions/${sessionId}/register`;

async function post(sessionId: number, fields: Record<string, string>) {
  return run(register.action, await requestAs("ld", pathOf(sessionId), form(fields)), { sessionId: String(sessionId) });
}

async function pageAfter(sessionId: number, actionData: unknown, locale: "en-GB" | "cy" = "en-GB") {
  const loaded = await run(register.loader, await requestAs("ld", pathOf(sessionId) + (locale === "cy" ? "?lng=cy" : "")), { sessionId: String(sessionId) });
  return { data: loaded.data as { session: { state: string }; rows: unknown[] }, html: decodeHtml(await renderedAfterPost(register.default, loaded.data, actionData, locale)) };
}

describe("the register of a session not held", () => {
  it("is refused with 409 for a session still to come or one cancelled, storing nothing, with the reason in the error summary", async () => {
    for (const sequence of [4, 2]) {
      const sessionId = sessions.get(sequence)!;
      for (const fields of [{ intent: "all-present" }, { intent: "save", [`mark-${places[0]}`]: "absent" }]) {
        const refused = await post(sessionId, fields);
        expect(refused.status).toBe(409);
        expect(refused.data).toEqual({ error: "register.errors.notHeld" });
      }
      expect(await marksOn(sessionId)).toEqual([]);
      const { html } = await pageAfter(sessionId, { error: "register.errors.notHeld" });
      expect(html).toContain("govuk-error-summary");
      expect(html).toContain("This session is still to come or was cancelled, so its register cannot be saved");
      const welsh = await pageAfter(sessionId, { error: "register.errors.notHeld" }, "cy");
      expect(welsh.html).toContain("Mae'r sesiwn hon eto i ddod neu cafodd ei chanslo, felly ni ellir cadw ei chofrestr");
    }
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "attendance.marked").where("person_id", "in", holders).execute();
    expect(audited).toEqual([]);
  });

  it("says when a session to come opens its register, and that a cancelled one has none, offering no marking controls", async () => {
    const toCome = await pageAfter(sessions.get(4)!, null);
    expect(toCome.data.session.state).toBe("toCome");
    expect(toCome.html).toMatch(/The register opens when the session starts, [^<]+\./);
    const cancelled = await pageAfter(sessions.get(2)!, null);
    expect(cancelled.data.session.state).toBe("cancelled");
    expect(cancelled.html).toContain("This session was cancelled, so it has no register.");
    for (const { html } of [toCome, cancelled]) {
      expect(html).not.toContain('type="radio"');
      expect(html).not.toContain("Mark everyone present");
      expect(html).not.toContain("Save the register");
    }
    const welsh = await pageAfter(sessions.get(4)!, null, "cy");
    expect(welsh.html).toContain("Bydd y gofrestr yn agor pan fydd y sesiwn yn dechrau, ");
  });

  it("is kept for a session held, with its controls", async () => {
    const sessionId = sessions.get(1)!;
    const held = await pageAfter(sessionId, null);
    expect(held.data.session.state).toBe("held");
    expect(held.html).toContain('type="radio"');
    expect((await post(sessionId, { ...(await registerOpenedBy(sessionId)), intent: "all-present" })).data).toEqual({ changed: 2 });
    expect(await marksOn(sessionId)).toEqual(places.map((id) => ({ enrolment_id: id, status: "present" })));
  });
});

describe("the cohort's page", () => {
  it("links the register only for sessions held, and says when it opens for one to come", async () => {
    const path = `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;
    const loaded = await run(cohortPage.loader, await requestAs("ld", path), { cohortId: String(cohortId) });
    expect((loaded.data as { sessions: { sequence: number; held: boolean }[] }).sessions.map((s) => [s.sequence, s.held])).toEqual([[1, true], [2, false], [3, true], [4, false]]);
    const html = decodeHtml(await renderedAfterPost(cohortPage.default, loaded.data, null));
    const linked = [...html.matchAll(/\/sessions\/(\d+)\/register"/g)].map((m) => Number(m[1]));
    expect(linked).toEqual([sessions.get(1), sessions.get(3)]);
    expect(html.match(/The register opens when the session starts/g)).toHaveLength(1);
  });
});

describe("an attendance file", () => {
  it("refuses a row on a session still to come, or one cancelled, on its line, and saves nothing of the file", async () => {
    const employee = await employeeOf(holders[1]);
    const upload = async (csv: string) => {
      const body = new FormData();
      body.set("file", new File([csv], "attendance.csv", { type: "text/csv" }));
      const route = await import("../routes/cohorts.$cohortId.attendance");
      return run(route.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/cohorts/${cohortId}/attendance`, { method: "POST", body }), { cohortId: String(cohortId) });
    };
    const before = await marksOn(sessions.get(3)!);
    const bad = await upload(["employee_number,session,mark", `${employee},3,present`, `${employee},4,present`, `${employee},2,excused`].join("\n"));
    expect((bad.data as { problems: { line: number; key: string }[] }).problems.map((p) => [p.line, p.key])).toEqual([
      [3, "attendanceImport.errors.notHeld"],
      [4, "attendanceImport.errors.notHeld"],
    ]);
    expect(await marksOn(sessions.get(3)!)).toEqual(before);
    expect(await marksOn(sessions.get(4)!)).toEqual([]);
    const good = await upload(["employee_number,session,mark", `${employee},3,present`].join("\n"));
    expect(good.data).toEqual({ kind: "saved", saved: 1 });
  });
});
