// What the pages that list sessions say about the viewer's own enrolment, through the real loaders and
// actions on a migrated, seeded database: only a place reads as one (and offers the calendar); the
// waiting list gives its number; a request or an approval without a place says so.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { hasPlace, placeText, type Place } from "../places";
import { PLUGIN_ID } from "../programme";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

/** An enrolment the booking form cannot make (an approval, a request), or someone else's place. */
async function enrolDirectly(cohortId: number, personId: number, status: "enrolled" | "requested" | "approved") {
  const now = new Date().toISOString();
  await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id: personId, status, waitlist_position: null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: now, updated_at: now }).execute();
}

const inWords = (place: Place) => ({ en: placeText(fixedT("en-GB", PLUGIN_ID), place), cy: placeText(fixedT("cy", PLUGIN_ID), place), place: hasPlace(place) });

describe("a briefing's sessions", () => {
  it("say 'You have a place' only for a place, and the true standing otherwise", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing with sessions" });
    const cohort = (name: string, capacity: string) => newCohort({ kind: "briefing", briefing: String(briefing), name, capacity });
    const [full, open, approved, requested] = [await cohort("Full", "1"), await cohort("Open", "5"), await cohort("Approved", "5"), await cohort("Requested", "5")];
    await enrolDirectly(full, await personIdOf("manager"), "enrolled");
    const alex = await personIdOf("practitioner");
    const path = `${BASE}/briefings/${briefing}`;
    for (const id of [full, open]) expect((await run(briefingPage.action, await requestAs("practitioner", path, post({ intent: "book", cohort: String(id) })), { briefingId: String(briefing) })).status).toBe(302);
    await enrolDirectly(approved, alex, "approved");
    await enrolDirectly(requested, alex, "requested");

    const page = await run(briefingPage.loader, await requestAs("practitioner", path), { briefingId: String(briefing) });
    expect(page.status).toBe(200);
    const sessions = (page.data as { sessions: { rows: { id: number; place: Place | null }[] } }).sessions.rows;
    const said = (id: number) => inWords(sessions.find((s) => s.id === id)!.place!);
    expect(said(full)).toEqual({ en: "On the waiting list (number 1)", cy: "Ar y rhestr aros (rhif 1)", place: false });
    expect(said(open)).toEqual({ en: "You have a place.", cy: "Mae gennych le.", place: true });
    expect(said(approved)).toEqual({ en: "Your request was approved, but you do not have a place yet.", cy: "Mae eich cais wedi'i gymeradwyo, ond nid oes gennych le eto.", place: false });
    expect(said(requested)).toEqual({ en: "Waiting for a decision", cy: "Yn aros am benderfyniad", place: false });
  });

  it("offer booking where the person has no enrolment", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing nobody booked" });
    const id = await newCohort({ kind: "briefing", briefing: String(briefing), name: "Untouched", capacity: "5" });
    const page = await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) });
    expect((page.data as { sessions: { rows: { id: number; place: Place | null }[] } }).sessions.rows).toMatchObject([{ id, place: null }]);
  });
});

describe("the Signs of Safety page", () => {
  it("gives the person's number on a cohort's waiting list", async () => {
    const id = await newCohort({ kind: "sos_intro", name: "Introduction, full", capacity: "1" });
    await enrolDirectly(id, await personIdOf("manager"), "enrolled");
    const booked = await run(sos.action, await requestAs("practitioner", `${BASE}/briefings/signs-of-safety`, post({ cohort: String(id) })));
    expect(booked.status).toBe(302);

    const page = await run(sos.loader, await requestAs("practitioner", `${BASE}/briefings/signs-of-safety`));
    expect(page.status).toBe(200);
    const cohorts = (page.data as { stages: { cohorts: { rows: { id: number; place: Place | null }[] } }[] }).stages.flatMap((s) => s.cohorts.rows);
    expect(inWords(cohorts.find((c) => c.id === id)!.place!)).toEqual({ en: "On the waiting list (number 1)", cy: "Ar y rhestr aros (rhif 1)", place: false });
  });
});
