// A learner with nobody on their line who can act on the portal, booking a run that needs approval: the
// core sends the request to L&D, so the course page, the learner's bookings and L&D's run page say it
// waits for learning and development, not for a manager who will never see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { book } from "./support";

let alex: number;
let realManager: number | null;

beforeAll(async () => {
  await seedDemo();
  alex = await personIdOf("practitioner");
  const person = await db().selectFrom("people").select(["line_manager_id", "team_id"]).where("id", "=", alex).executeTakeFirstOrThrow();
  realManager = person.line_manager_id;
  // HR's record names a manager who has no account on the portal.
  await db().updateTable("people").set({ line_manager_id: await managerWithNoAccount(person.team_id) }).where("id", "=", alex).execute();
});

afterAll(async () => {
  await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
});

const coursePage = async (lng: "en-GB" | "cy") => {
  const course = await import("../routes/courses.$courseId");
  const path = `/programmes/research-in-practice/courses/rip-permanence${lng === "cy" ? "?lng=cy" : ""}`;
  return (await run(course.loader, await requestAs("practitioner", path), { courseId: "rip-permanence" })).data as { runs: { id: string; booking: string | null }[] };
};

describe("a place on a run that needs approval, for someone with no manager on the portal", () => {
  it("is asked of L&D, and the booking says so rather than naming a manager", async () => {
    const booked = await book("practitioner", "rip-permanence", "perm-next");
    expect(booked.headers.get("Location")).toMatch(/saved=requestedToLearningTeam$/);
    expect((await ripDb().selectFrom("enrolments as e").innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id").select("e.status").where("r.id", "=", "perm-next").where("e.person_id", "=", alex).executeTakeFirstOrThrow()).status).toBe("requested");

    expect((await coursePage("en-GB")).runs.find((r) => r.id === "perm-next")?.booking).toBe("Waiting for learning and development");
    expect((await coursePage("cy")).runs.find((r) => r.id === "perm-next")?.booking).toBe("Yn aros am ddysgu a datblygu");

    const home = await import("../routes/index");
    const bookings = ((await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice"))).data as { bookings: { courseId: string; statusKey: string }[] }).bookings;
    expect(bookings.find((b) => b.courseId === "rip-permanence")?.statusKey).toBe("requestedToLearningTeam");
  });

  it("tells L&D on the run's page that the request waits for them", async () => {
    const page = await import("../routes/runs.$runId");
    const learners = ((await run(page.loader, await requestAs("ld", "/programmes/research-in-practice/runs/perm-next"), { runId: "perm-next" })).data as { learners: { status: string; statusLabel: string; name: string }[] }).learners;
    const person = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", alex).executeTakeFirstOrThrow();
    expect(learners.find((l) => l.name === `${person.given_name} ${person.family_name}`)).toMatchObject({
      status: "requested",
      statusLabel: "Waiting for learning and development's approval: no manager on their line uses the portal",
    });
  });
});
