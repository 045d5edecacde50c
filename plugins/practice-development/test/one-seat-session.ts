// A briefing session of one seat, one day, booked through the briefing's page: the practitioner holds the
// place and the manager is first on the waiting list. What the tests of freeing that place start from.
import { expect } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development/briefings";

/** The session, named `name`, of a new briefing: its briefing, its cohort and the practitioner's place. */
export async function sessionWithWaitingList(name: string) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing for ${name}` });
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "1" })));
  expect(made.status).toBe(302);
  const cohort = idFrom(made.headers.get("Location"));
  for (const who of ["practitioner", "manager"] as const) {
    const booked = await run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post({ intent: "book", cohort: String(cohort) })), { briefingId: String(briefing) });
    expect(booked.status).toBe(302);
  }
  const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  return { briefing, cohort, place: place.id };
}

/** What the practitioner and the manager each hold on the cohort now. */
export async function standing(cohort: number) {
  const rows = await db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohort).execute();
  const [practitioner, manager] = [await personIdOf("practitioner"), await personIdOf("manager")];
  return { practitioner: rows.find((r) => r.person_id === practitioner)?.status, manager: rows.find((r) => r.person_id === manager)?.status };
}
