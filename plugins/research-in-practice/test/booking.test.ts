// Booking a place on a run, cancelling it, and L&D withdrawing a learner, through the real loaders and
// actions, with each promotion from the waiting list audited as the person whose action freed the place.
// Completion, evaluation and the impact report are in completion-and-evaluation.test.ts; the sync on
// /admin, switching the programme off and the key-metrics pack have files of their own.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../../app/routes/team._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { countRows, personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { book, form, type Errors } from "./support";

beforeAll(seedDemo);

describe("booking", () => {
  it("finds courses by title and format, and books a place on a run that needs no approval", async () => {
    const home = await import("../routes/index");
    const found = (await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice?q=voice"))).data as { courses: { id: string }[] };
    expect(found.courses.map((c) => c.id)).toEqual(["rip-voice"]);
    const webinars = (await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice?format=webinar"))).data as { courses: { id: string }[] };
    expect(webinars.courses.map((c) => c.id).sort()).toEqual(["rip-analysis", "rip-law"]);
    const booked = await book("practitioner", "rip-voice", "voice-next");
    expect(booked.status).toBe(303);
    expect(booked.headers.get("Location")).toMatch(/saved=enrolled$/);
    const again = await book("practitioner", "rip-voice", "voice-next");
    expect((again.data as { error: string }).error).toBe("enrolment.errors.already");
    const past = await book("practitioner", "rip-voice", "voice-past");
    expect((past.data as { error: string }).error).toBe("course.errors.notBookable");
  });

  it("sends a place on a run that needs approval to the manager's inbox", async () => {
    const course = await import("../routes/courses.$courseId");
    const result = await run(course.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/rip-permanence", form({ run: "perm-next" })), { courseId: "rip-permanence" });
    expect(result.headers.get("Location")).toMatch(/saved=requested$/);
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; what: string }[] }).inbox;
    expect(inbox).toContainEqual(expect.objectContaining({ personId: await personIdOf("practitioner"), what: expect.stringMatching(/^Place on Research in Practice courses: Care Planning for Permanence/) }));
    // The cohort's name is the course's title: no raw ISO date reaches the manager.
    expect(inbox.find((r) => r.what.includes("Care Planning for Permanence"))?.what).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("tells L&D, in the third person, that a learner's place waits for their manager, and keeps the learner's own wording", async () => {
    const page = await import("../routes/runs.$runId");
    const alex = await personIdOf("practitioner");
    const statusOfAlex = async (path: string) => {
      const learners = ((await run(page.loader, await requestAs("ld", path), { runId: "perm-next" })).data as { learners: { name: string; status: string; statusLabel: string }[] }).learners;
      const person = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", alex).executeTakeFirstOrThrow();
      return learners.find((l) => l.name === `${person.given_name} ${person.family_name}`);
    };
    expect(await statusOfAlex("/programmes/research-in-practice/runs/perm-next")).toMatchObject({ status: "requested", statusLabel: "Waiting for their manager's approval" });
    expect((await statusOfAlex("/programmes/research-in-practice/runs/perm-next?lng=cy"))?.statusLabel).toBe("Yn aros am gymeradwyaeth eu rheolwr");
    // The learner's own bookings still speak to them: their page translates this same status as "Waiting for your manager".
    const home = await import("../routes/index");
    const bookings = ((await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice"))).data as { bookings: { courseId: string; status: string }[] }).bookings;
    expect(bookings.find((b) => b.courseId === "rip-permanence")?.status).toBe("requested");
  });

  it("lets L&D create a council-only run, with errors for a bad one, and nobody else", async () => {
    const course = await import("../routes/courses.$courseId");
    const path = "/programmes/research-in-practice/courses/rip-permanence";
    const params = { courseId: "rip-permanence" };
    const bad = await run(course.action, await requestAs("ld", path, form({ intent: "tailored", name: "", startsOn: "2020-01-01", endsOn: "2019-01-01", venue: "Hall", capacity: "0" })), params);
    expect((bad.data as { reply: Errors }).reply.error).toEqual({ name: ["course.errors.name"], startsOn: ["course.errors.past"], capacity: ["course.errors.capacity"], managerApproval: ["course.errors.approval"] });
    const refused = await run(course.action, await requestAs("practitioner", path, form({ intent: "tailored", name: "x", startsOn: "2030-01-01", endsOn: "2030-01-01", venue: "Hall", capacity: "5", managerApproval: "no" })), params);
    expect(refused.status).toBe(403);
    const made = await run(course.action, await requestAs("ld", path, form({ intent: "tailored", name: "Permanence: North locality", startsOn: "2030-01-10", endsOn: "2030-01-11", venue: "North Hub", capacity: "25", managerApproval: "no" })), params);
    expect(made.headers.get("Location")).toMatch(/saved=tailored$/);
    const runs = (await run(course.loader, await requestAs("practitioner", path), params)).data as { runs: { tailored: boolean; venue: string; left: number }[] };
    expect(runs.runs.find((r) => r.tailored)).toMatchObject({ venue: "North Hub", left: 25 });
  });

  it("names the longest name and venue a council-only run takes, in English and Welsh, and takes them at that length", async () => {
    const course = await import("../routes/courses.$courseId");
    const path = "/programmes/research-in-practice/courses/rip-permanence";
    const params = { courseId: "rip-permanence" };
    const tailored = (name: string, venue: string) => form({ intent: "tailored", name, startsOn: "2030-02-10", endsOn: "2030-02-10", venue, capacity: "5", managerApproval: "no" });
    const long = await run(course.action, await requestAs("ld", path, tailored("n".repeat(151), "v".repeat(201))), params);
    const errors = (long.data as { reply: Errors }).reply.error;
    expect(errors).toEqual({ name: ["course.errors.nameTooLong"], venue: ["course.errors.venueTooLong"] });
    const words = (locale: "en-GB" | "cy") => [errors.name[0], errors.venue[0]].map((key) => fixedT(locale, "research-in-practice")(key));
    expect(words("en-GB")).toEqual(["The name must be 150 characters or fewer", "The venue must be 200 characters or fewer"]);
    expect(words("cy")).toEqual(["Rhaid i'r enw fod yn 150 nod neu lai", "Rhaid i'r lleoliad fod yn 200 nod neu lai"]);
    expect((await run(course.action, await requestAs("ld", path, tailored("n".repeat(150), "v".repeat(200))), params)).status).toBe(303);
  });

  it("tells a learner on the waiting list or waiting for approval where they stand, keeping \"You are booked\" for a place", async () => {
    const course = await import("../routes/courses.$courseId");
    const path = "/programmes/research-in-practice/courses/rip-voice";
    const params = { courseId: "rip-voice" };
    type Runs = { runs: { id: string; venue: string; booking: string | null }[] };
    const runsFor = async (who: "practitioner" | "asye", courseId: string, lng?: "cy") =>
      ((await run(course.loader, await requestAs(who, `/programmes/research-in-practice/courses/${courseId}${lng ? `?lng=${lng}` : ""}`), { courseId })).data as Runs).runs;
    const bookingOn = async (who: "practitioner" | "asye", courseId: string, runId: string, lng?: "cy") => (await runsFor(who, courseId, lng)).find((r) => r.id === runId)?.booking;

    await run(course.action, await requestAs("ld", path, form({ intent: "tailored", name: "Voice: one place", startsOn: "2030-02-10", endsOn: "2030-02-10", venue: "One-place room", capacity: "1", managerApproval: "no" })), params);
    const onePlace = (await runsFor("practitioner", "rip-voice")).find((r) => r.venue === "One-place room")!.id;
    expect((await run(course.action, await requestAs("asye", path, form({ run: onePlace })), params)).headers.get("Location")).toMatch(/saved=enrolled$/);
    expect((await run(course.action, await requestAs("practitioner", path, form({ run: onePlace })), params)).headers.get("Location")).toMatch(/saved=waitlisted$/);

    expect(await bookingOn("practitioner", "rip-voice", onePlace)).toBe("Waiting list, number 1");
    expect(await bookingOn("practitioner", "rip-voice", onePlace, "cy")).toBe("Rhestr aros, rhif 1");
    expect(await bookingOn("practitioner", "rip-permanence", "perm-next")).toBe("Waiting for your manager");
    expect(await bookingOn("practitioner", "rip-voice", "voice-next")).toBe("You are booked");
    expect(await bookingOn("asye", "rip-voice", onePlace)).toBe("You are booked");
    expect(await bookingOn("asye", "rip-voice", "voice-next")).toBeNull();
  });
});

describe("cancelling a booking and withdrawing a learner", () => {
  const path = "/programmes/research-in-practice/courses/rip-law";
  const params = { courseId: "rip-law" };
  type Runs = { runs: { id: string; venue: string; cancel: string | null }[] };
  const runsFor = async (who: "practitioner" | "asye" | "manager") => ((await run((await import("../routes/courses.$courseId")).loader, await requestAs(who, path), params)).data as Runs).runs;
  const post = async (who: "practitioner" | "asye" | "manager" | "ld", fields: Record<string, string>) => run((await import("../routes/courses.$courseId")).action, await requestAs(who, path, form(fields)), params);
  const placesOn = async (runId: string) => {
    const r = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    return db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", r.cohort_id).orderBy("id").execute();
  };
  /** Who the audit says promoted the person from the run's waiting list. */
  const promotersOf = async (runId: string, personId: number) => {
    const place = (await placesOn(runId)).find((p) => p.person_id === personId)!;
    const events = await db().selectFrom("audit_events").select("actor_person_id").where("action", "=", "enrolment.promoted_from_waiting_list").where("subject_id", "=", String(place.id)).execute();
    return events.map((e) => e.actor_person_id);
  };
  /** A one-place council run of the law webinar: asye holds the place, Alex waits. */
  async function fullRun(venue: string) {
    await post("ld", { intent: "tailored", name: `Law: ${venue}`, startsOn: "2030-03-10", endsOn: "2030-03-10", venue, capacity: "1", managerApproval: "no" });
    const id = (await runsFor("practitioner")).find((r) => r.venue === venue)!.id;
    expect((await post("asye", { run: id })).headers.get("Location")).toMatch(/saved=enrolled$/);
    expect((await post("practitioner", { run: id })).headers.get("Location")).toMatch(/saved=waitlisted$/);
    return id;
  }

  it("lets a learner cancel their place, giving it to the first person waiting, who is told", async () => {
    const id = await fullRun("Cancel room");
    expect((await runsFor("asye")).find((r) => r.id === id)?.cancel).toBe("enrolled");
    expect((await runsFor("practitioner")).find((r) => r.id === id)?.cancel).toBe("waitlisted");
    expect((await runsFor("manager")).find((r) => r.id === id)?.cancel).toBeNull();
    const cancelled = await post("asye", { intent: "withdraw", run: id });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("Location")).toMatch(/saved=cancelled$/);
    const [asye, alex] = await Promise.all([personIdOf("asye"), personIdOf("practitioner")]);
    expect((await placesOn(id)).map(({ person_id, status }) => ({ person_id, status }))).toEqual([{ person_id: asye, status: "withdrawn" }, { person_id: alex, status: "enrolled" }]);
    expect(await db().selectFrom("audit_events").select("action").where("action", "=", "enrolment.withdrawn").where("person_id", "=", asye).execute()).not.toHaveLength(0);
    expect(await db().selectFrom("notices").select("message_key").where("person_id", "=", alex).where("message_key", "=", "notices.promoted").execute()).not.toHaveLength(0);
    // The promotion is audited as the learner whose cancelling freed the place, not as the system.
    expect(await promotersOf(id, alex)).toEqual([asye]);
  });

  it("lets a learner leave the waiting list, and refuses, changing nothing, one who holds nothing there or whose run has started", async () => {
    const id = await fullRun("Leave room");
    const before = { places: await placesOn(id), audit: await countRows("audit_events") };
    for (const [who, runId] of [["manager", id], ["asye", "voice-past"], ["asye", "no-such-run"]] as const) {
      const refused = await post(who, { intent: "withdraw", run: runId });
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ intent: "withdraw", error: "course.errors.notWithdrawable" });
    }
    expect({ places: await placesOn(id), audit: await countRows("audit_events") }).toEqual(before);
    const left = await post("practitioner", { intent: "withdraw", run: id });
    expect(left.headers.get("Location")).toMatch(/saved=left$/);
    expect((await placesOn(id)).map((p) => p.status)).toEqual(["enrolled", "withdrawn"]);
  });

  it("lets L&D withdraw a learner from a run, promoting the first waiting, and nobody else", async () => {
    const id = await fullRun("L&D room");
    const page = await import("../routes/runs.$runId");
    const runPath = `/programmes/research-in-practice/runs/${id}`;
    const [held, waiting] = await placesOn(id);
    const learners = ((await run(page.loader, await requestAs("ld", runPath), { runId: id })).data as { learners: { id: number; withdrawable: boolean }[] }).learners;
    expect(learners.map((l) => l.withdrawable)).toEqual([true, true]);
    const before = { places: await placesOn(id), audit: await countRows("audit_events") };
    expect((await run(page.action, await requestAs("practitioner", runPath, form({ intent: "withdraw", learner: String(held.id) })), { runId: id })).status).toBe(403);
    const elsewhere = (await placesOn("voice-next"))[0];
    for (const learner of [String(elsewhere.id), "not-a-number"]) {
      const refused = await run(page.action, await requestAs("ld", runPath, form({ intent: "withdraw", learner })), { runId: id });
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ intent: "withdraw", error: "run.errors.notWithdrawable" });
    }
    expect({ places: await placesOn(id), audit: await countRows("audit_events") }).toEqual(before);
    const done = await run(page.action, await requestAs("ld", runPath, form({ intent: "withdraw", learner: String(held.id) })), { runId: id });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toMatch(/saved=withdrawn$/);
    expect((await placesOn(id)).map((p) => ({ id: p.id, status: p.status }))).toEqual([{ id: held.id, status: "withdrawn" }, { id: waiting.id, status: "enrolled" }]);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_person_id"]).where("action", "=", "enrolment.withdrawn").where("subject_id", "=", String(held.id)).executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(await personIdOf("ld"));
    // So is the promotion it caused.
    expect(await promotersOf(id, waiting.person_id)).toEqual([await personIdOf("ld")]);
  });

  it("refuses L&D withdrawing their own place from the run page, even once the run has started, and still lets them withdraw a colleague", async () => {
    await post("ld", { intent: "tailored", name: "Law: L&D's own place", startsOn: "2030-03-12", endsOn: "2030-03-12", venue: "Own withdrawal room", capacity: "5", managerApproval: "no" });
    const id = (await runsFor("practitioner")).find((r) => r.venue === "Own withdrawal room")!.id;
    for (const who of ["ld", "asye"] as const) expect((await post(who, { run: id })).headers.get("Location")).toMatch(/saved=enrolled$/);
    const [ld, asye] = await Promise.all([personIdOf("ld"), personIdOf("asye")]);
    const places = await placesOn(id);
    const [own, other] = [places.find((p) => p.person_id === ld)!, places.find((p) => p.person_id === asye)!];
    // The run has begun: a learner can no longer cancel on the course page, and L&D's own place stays for a colleague to complete.
    const cohort = (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow()).cohort_id;
    await db().updateTable("cohorts").set({ starts_on: "2020-01-06", ends_on: "2020-01-06" }).where("id", "=", cohort).execute();

    const page = await import("../routes/runs.$runId");
    const runPath = `/programmes/research-in-practice/runs/${id}`;
    // The page offers no Withdraw button on the viewer's own row.
    const learners = ((await run(page.loader, await requestAs("ld", runPath), { runId: id })).data as { learners: { id: number; withdrawable: boolean }[] }).learners;
    expect(learners.map((l) => [l.id, l.withdrawable]).sort()).toEqual([[own.id, false], [other.id, true]].sort());

    const before = { places: await placesOn(id), audit: await countRows("audit_events") };
    const refused = await run(page.action, await requestAs("ld", runPath, form({ intent: "withdraw", learner: String(own.id) })), { runId: id });
    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ intent: "withdraw", error: "run.errors.ownWithdrawal" });
    expect({ places: await placesOn(id), audit: await countRows("audit_events") }).toEqual(before);

    const done = await run(page.action, await requestAs("ld", runPath, form({ intent: "withdraw", learner: String(other.id) })), { runId: id });
    expect(done.status).toBe(303);
    expect((await placesOn(id)).map((p) => ({ id: p.id, status: p.status }))).toEqual([
      { id: own.id, status: "enrolled" },
      { id: other.id, status: "withdrawn" },
    ].sort((a, b) => a.id - b.id));
  });

  it("gives nobody waiting the place given up on a run the provider has withdrawn", async () => {
    const id = await fullRun("Withdrawn room");
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", id).execute();
    expect((await post("asye", { intent: "withdraw", run: id })).status).toBe(303);
    const alex = await personIdOf("practitioner");
    expect((await placesOn(id)).find((p) => p.person_id === alex)?.status).toBe("waitlisted");
    // Nor when L&D withdraw someone from it.
    const other = await fullRun("Withdrawn room, L&D");
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", other).execute();
    const runPage = await import("../routes/runs.$runId");
    const holder = (await placesOn(other)).find((p) => p.status === "enrolled")!;
    const withdrawn = await run(runPage.action, await requestAs("ld", `/programmes/research-in-practice/runs/${other}`, form({ intent: "withdraw", learner: String(holder.id) })), { runId: other });
    expect(withdrawn.status).toBe(303);
    expect((await placesOn(other)).find((p) => p.person_id === alex)?.status).toBe("waitlisted");
  });
});
