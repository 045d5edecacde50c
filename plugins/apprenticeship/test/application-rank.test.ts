// An application's page for the panel, through the real loaders on a migrated, seeded database: the rank it
// shows is the one the intake's list shows (ties share a rank: 1, 1, 3; the rest have none), and it is read
// for that one application alone. Before, the page read every application of the intake (an intake gathers
// hundreds) to pick its own out.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { withQueriesThrough } from "../../../tests/support/query-tap";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import * as applicationPage from "../routes/applications.$applicationId";
import * as intakePage from "../routes/intakes.$intakeId";
import { APPLICATIONS_PAGE_SIZE } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake } from "../server/intakes.server";

const SYSTEM = { userId: null, personId: null };
const BASE = "/programmes/apprenticeship";

type Listed = { id: number; rank: number | null; total: string };
type Shown = { scores: { rank: number | null; total: number | null; summary: string } };

let applicantsMade = 0;

/** A new applicant for each surname, each with an application to the intake; answers the applications' ids. */
async function applicants(intakeId: number, surnames: string[], shortlisted = 0) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (const surname of surnames) {
    applicantsMade += 1;
    const code = `RANKAPP${applicantsMade}`;
    const [person] = await db().insertInto("people").values(newPerson({ employee_number: code, given_name: "Ranked", family_name: surname, email: `${code.toLowerCase()}@example.test`, team_id })).returning("id").execute();
    const [row] = await apprenticeshipDb()
      .insertInto("apprenticeship_applications")
      .values({ intake_id: intakeId, person_id: person.id, statement: "I want to qualify.", current_role: "Family support worker", service_months: 30, english: "held", maths: "held", manager_support: "given", manager_reason: null, manager_id: null, manager_decided_at: null, shortlisted, decision: null, feedback: null, enrolment_id: null, response: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    ids.push(row.id);
  }
  return ids;
}

/** Each panel member's scores for an application, one score row a member. */
async function score(applicationId: number, totals: [number, number, number][]) {
  const panel = [await personIdOf("ld"), await personIdOf("admin"), await personIdOf("manager")];
  for (const [i, [values, experience, potential]] of totals.entries()) {
    await apprenticeshipDb().insertInto("apprenticeship_scores").values({ application_id: applicationId, panel_member_id: panel[i], values_score: values, experience_score: experience, potential_score: potential, comment: null, scored_at: new Date().toISOString() }).execute();
  }
}

let intakeId: number;
let ids: Record<"top" | "tied" | "third" | "unscored" | "waiting", number>;

const listed = async () => {
  const shown: Listed[] = [];
  for (const page of [1, 2]) {
    const outcome = await run(intakePage.loader, await requestAs("ld", `${BASE}/intakes/${intakeId}?page=${page}`), { intakeId: String(intakeId) });
    expect(outcome.status).toBe(200);
    shown.push(...(outcome.data as { applications: Listed[] }).applications);
  }
  return shown;
};
const applicationPageOf = async (id: number) => {
  const outcome = await run(applicationPage.loader, await requestAs("ld", `${BASE}/applications/${id}`), { applicationId: String(id) });
  expect(outcome.status).toBe(200);
  return outcome.data as Shown;
};

beforeAll(async () => {
  await seedDemo();
  intakeId = (await createIntake({ name: "Intake ranked one application at a time", university: "University of the Midlands", startsOn: "2032-09-06", opensOn: "2026-01-05", closesOn: "2026-02-27", places: 30, criteria: "Values" }, SYSTEM))!;
  // Two tied on the mean total, the next third; one shortlisted but not scored; and a page's worth more.
  const [top, tied, third, unscored] = await applicants(intakeId, ["Shortlisted C", "Shortlisted A", "Shortlisted B", "Shortlisted D"], 1);
  await score(top, [[5, 5, 4], [4, 4, 4]]); // a mean total of 13
  await score(tied, [[5, 4, 4]]); // 13
  await score(third, [[4, 4, 4], [4, 4, 4], [4, 4, 5]]); // 12.3
  const [waiting] = await applicants(intakeId, Array.from({ length: APPLICATIONS_PAGE_SIZE }, (_, i) => `Waiting ${String(i).padStart(2, "0")}`));
  ids = { top, tied, third, unscored, waiting };
});

describe("an application's page", () => {
  it("shows the rank the intake's list shows, ties included, and none where the list has none", async () => {
    const list = await listed();
    const fromList = (id: number) => list.find((a) => a.id === id)!;
    expect([ids.tied, ids.top, ids.third].map((id) => fromList(id).rank)).toEqual([1, 1, 3]);

    for (const id of Object.values(ids)) {
      const { scores } = await applicationPageOf(id);
      expect({ id, rank: scores.rank }).toEqual({ id, rank: fromList(id).rank });
    }
    expect((await applicationPageOf(ids.top)).scores).toMatchObject({ rank: 1, total: 13, summary: expect.stringContaining("rank 1") });
    expect((await applicationPageOf(ids.tied)).scores).toMatchObject({ rank: 1, total: 13 });
    expect((await applicationPageOf(ids.third)).scores).toMatchObject({ rank: 3, total: 12.3, summary: expect.stringContaining("rank 3") });
    expect((await applicationPageOf(ids.unscored)).scores).toMatchObject({ rank: null, total: null });
  });

  it("is handed back the one application's ranked row, not the intake's", async () => {
    const handedBack: number[] = [];
    await withQueriesThrough(async (query, runIt) => {
      const result = await runIt(query);
      if (/rank\(\) over/i.test(query.sql)) handedBack.push(result.rows.length);
      return result;
    }, () => applicationPageOf(ids.third));
    expect(handedBack).toEqual([1]);
  });

  it("reads as much however many apply", async () => {
    const before = await rowsReadBy(() => applicationPageOf(ids.third));
    await applicants(intakeId, Array.from({ length: 20 }, (_, i) => `Later ${i}`));
    expect(await rowsReadBy(() => applicationPageOf(ids.third))).toBe(before);
    expect((await applicationPageOf(ids.third)).scores.rank).toBe(3);
  });
});
