// An independent reviewing officer's (or advanced practitioner's) next stage on the pathway is team manager, which requires Level 5: their
// readiness counts it, and they can ask for a place.
import { beforeAll, describe, expect, it } from "vitest";
import { readinessFor } from "../../../app/services/readiness.server";
import { startSession } from "../../../app/utils/auth.server";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import { fullCohort, form } from "./support";

beforeAll(seedDemo);

/** A new IRO with an account, and a way to send requests signed in as them. */
async function signedInIro() {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const row = newPerson({ employee_number: "IRO5001", given_name: "Ira", family_name: "Reviewer", email: "ira.reviewer@example.test", team_id: team.id }, { role_category: "independent_reviewing_officer", job_title: "Independent Reviewing Officer" });
  const { id: personId } = await db().insertInto("people").values(row).returning("id").executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email: row.email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  return { personId, request: (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, { ...init, headers: { Cookie: cookie } }) };
}

describe("an independent reviewing officer", () => {
  it("has Level 5 in their readiness, not yet started, and can ask for a place on an open cohort", async () => {
    const iro = await signedInIro();
    const items = (await readinessFor([iro.personId], "en-GB")).get(iro.personId)!;
    expect(items.find((i) => i.requirementId === "level-5")).toMatchObject({ status: "not_met", reason: "Not started: ask for a place on the next cohort." });

    const page = (await run(home.loader, iro.request("/programmes/leadership"))).data as { eligibility: { eligible: boolean } };
    expect(page.eligibility.eligible).toBe(true);
    const { cohortId } = await fullCohort("IRO cohort", 60, [], []);
    const asked = await run(home.action, iro.request("/programmes/leadership", form({ intent: "request", cohort: String(cohortId) })));
    expect(asked.status).toBe(200);
    expect(asked.data).toMatchObject({ ok: true });
    const place = await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).where("person_id", "=", iro.personId).executeTakeFirstOrThrow();
    expect(["requested", "enrolled", "waitlisted"]).toContain(place.status);
  });
});

describe("an advanced practitioner", () => {
  // At the same position as a practice supervisor: their next stage is team manager too.
  it("has Level 5 in their readiness, not yet started", async () => {
    const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
    const row = newPerson({ employee_number: "AP5001", given_name: "Ada", family_name: "Practitioner", email: "ada.practitioner@example.test", team_id: team.id }, { role_category: "advanced_practitioner", job_title: "Advanced Practitioner" });
    const { id } = await db().insertInto("people").values(row).returning("id").executeTakeFirstOrThrow();
    const items = (await readinessFor([id], "en-GB")).get(id)!;
    expect(items.find((i) => i.requirementId === "level-5")).toMatchObject({ status: "not_met" });
  });
});
