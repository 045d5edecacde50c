// Someone on a session's waiting list when its first session begins, through the real loaders and actions on a
// migrated, seeded database. Nobody is given a place after that (booking has closed, and a place freed goes to
// nobody), so their page says the session has begun and they were not given a place, in English and Welsh,
// not their number in a queue that no longer moves; and they can leave the waiting list with the button the
// page shows, which frees nothing. A place can still be given up only before the start, judged on the status
// read under the cohort's lock. Before, they could neither leave nor be promoted, and their page went on
// showing them waiting until L&D withdrew them or the cohort ended.
import { beforeAll, describe, expect, it } from "vitest";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { standing } from "./one-seat-session";
import { justAfter, startingToday } from "./session-times";

const BASE = "/programmes/practice-development/briefings";
const HOUR = 3_600_000;
/** How long after the leaving is asked for the session begins: ample for the reads before the lock. */
const SOON_MS = 1500;
/** The person's own enrolment, looked up by their cancellation before it takes the lock. */
const OWN_ENROLMENT_READ = /^select "id" from "enrolments" where "cohort_id" = /;
const NOT_GIVEN = { "en-GB": "This session has begun, and you were not given a place.", cy: "Mae'r sesiwn hon wedi dechrau, ac ni chawsoch le." } as const;
const WAITING_NUMBER = { "en-GB": "On the waiting list (number 1)", cy: "Ar y rhestr aros (rhif 1)" } as const;
const LEAVE = { "en-GB": "Leave the waiting list", cy: "Gadael y rhestr aros" } as const;

type Row = { id: number; place: { status: string; position: number | null } | null; begun: boolean; cancellable: boolean };

beforeAll(async () => {
  await seedDemo();
});

/** A one-place cohort of two days: the practitioner holds the place, `waiting` is first on the waiting list. */
async function fullCohort(fields: Record<string, string>, book: (who: DemoAccount, cohort: number) => Promise<{ status: number }>, waiting: DemoAccount = "manager") {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ firstDate: inDays(10), time: "10:00", durationMinutes: "90", days: "2", capacity: "1", ...fields })));
  expect(made.status).toBe(302);
  const cohort = idFrom(made.headers.get("Location"));
  for (const who of ["practitioner", waiting] as const) expect((await book(who, cohort)).status).toBe(302);
  return cohort;
}

const onBriefing = async (who: DemoAccount, briefing: number, fields: Record<string, string | string[]>) => run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post(fields)), { briefingId: String(briefing) });
const briefingPageOf = async (who: DemoAccount, briefing: number) => (await run(briefingPage.loader, await requestAs(who, `${BASE}/${briefing}`), { briefingId: String(briefing) })).data as { status: string; held: Row[] };
const onSos = async (who: DemoAccount, fields: Record<string, string | string[]>) => run(sos.action, await requestAs(who, `${BASE}/signs-of-safety`, post(fields)));
const sosPageOf = async (who: DemoAccount) => (await run(sos.loader, await requestAs(who, `${BASE}/signs-of-safety`))).data as { stages: { held: Row[] }[] };

const eventsOn = async (cohort: number, action: string) => {
  const places = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).execute()).map((e) => String(e.id));
  return (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "in", places).execute()).length;
};

/**
 * The page as rendered in each language says the person was not given a place, not their number, and holds
 * the one form that leaves the waiting list: answered with the fields a browser would send.
 */
async function expectToldAndOfferedLeaving(Page: Parameters<typeof renderedAfterPost>[0], data: unknown, cohort: number) {
  let leaving: Record<string, string[]> | null = null;
  for (const locale of ["en-GB", "cy"] as const) {
    const html = await renderedAfterPost(Page, data, null, locale);
    const text = decodeHtml(html);
    expect(text).toContain(NOT_GIVEN[locale]);
    expect(text).not.toContain(WAITING_NUMBER[locale]);
    expect(text).toContain(LEAVE[locale]);
    const forms = postForms(html, "http://localhost/page").filter((f) => f.fields.some(([k, v]) => k === "cohort" && v === String(cohort)));
    expect(forms.map((f) => f.fields)).toEqual([[["intent", "cancel"], ["cohort", String(cohort)]]]);
    leaving = Object.fromEntries(forms[0].fields.map(([k, v]) => [k, [v]]));
  }
  return leaving!;
}

describe("someone on the waiting list once the first session has begun", () => {
  it("on a briefing's page is told they were not given a place, and leaves the waiting list, freeing nothing", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing whose waiting list outlasts the start" });
    const cohort = await fullCohort({ kind: "briefing", briefing: String(briefing), name: "Two days, full, begun" }, (who, id) => onBriefing(who, briefing, { intent: "book", cohort: String(id) }));
    await startingToday(cohort, new Date(Date.now() - HOUR));

    const page = await briefingPageOf("manager", briefing);
    expect(page.held).toEqual([expect.objectContaining({ id: cohort, place: { status: "waitlisted", position: 1 }, begun: true, cancellable: true })]);
    // Waiting is not booked: the briefing still reads "not yet" for them (coverage counts only a place).
    expect(page.status).toBe("not_yet");
    const leaving = await expectToldAndOfferedLeaving(briefingPage.default, page, cohort);

    const left = await onBriefing("manager", briefing, leaving);
    expect(left.status).toBe(302);
    expect(left.headers.get("Location")).toBe(`${BASE}/${briefing}?saved=cancelled&outcome=waiting`);
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "withdrawn" });
    expect(await eventsOn(cohort, "enrolment.withdrawn")).toBe(1);
    expect(await eventsOn(cohort, "enrolment.promoted_from_waiting_list")).toBe(0);
    expect((await briefingPageOf("manager", briefing)).held).toEqual([]);

    // The place itself is still not the practitioner's to give up once the session has begun.
    expect((await briefingPageOf("practitioner", briefing)).held).toEqual([expect.objectContaining({ id: cohort, begun: true, cancellable: false })]);
    expect((await onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) })).data).toEqual({ error: "sessions.errors.started" });
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "withdrawn" });
  });

  it("on the Signs of Safety page is told the same, and leaves the waiting list", async () => {
    const cohort = await fullCohort({ kind: "sos_intro", name: "Introduction over two days, full, begun" }, (who, id) => onSos(who, { cohort: String(id) }));
    await startingToday(cohort, new Date(Date.now() - HOUR));

    const page = await sosPageOf("manager");
    expect(page.stages[0].held).toContainEqual(expect.objectContaining({ id: cohort, place: { status: "waitlisted", position: 1 }, begun: true, cancellable: true }));
    const leaving = await expectToldAndOfferedLeaving(sos.default, page, cohort);

    const left = await onSos("manager", leaving);
    expect(left.status).toBe(302);
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "withdrawn" });
    expect((await sosPageOf("manager")).stages[0].held.map((r) => r.id)).not.toContain(cohort);
  });

  it("before the first session begins is still shown their number", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing whose waiting list still moves" });
    const cohort = await fullCohort({ kind: "briefing", briefing: String(briefing), name: "Two days, full, to come" }, (who, id) => onBriefing(who, briefing, { intent: "book", cohort: String(id) }));
    await startingToday(cohort, new Date(Date.now() + HOUR));

    const page = await briefingPageOf("manager", briefing);
    expect(page.held).toEqual([expect.objectContaining({ id: cohort, begun: false, cancellable: true })]);
    const text = decodeHtml(await renderedAfterPost(briefingPage.default, page, null));
    expect(text).toContain(WAITING_NUMBER["en-GB"]);
    expect(text).not.toContain(NOT_GIVEN["en-GB"]);
  });

  it("on L&D's own spot, is withdrawn from the session's page like anyone's (their own place is not: own-withdrawal.test.ts)", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing L&D wait for" });
    const cohort = await fullCohort({ kind: "briefing", briefing: String(briefing), name: "Two days, L&D waiting" }, (who, id) => onBriefing(who, briefing, { intent: "book", cohort: String(id) }), "ld");
    await startingToday(cohort, new Date(Date.now() - HOUR));
    const own = await db().selectFrom("enrolments").select(["id", "status"]).where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("ld")).executeTakeFirstOrThrow();
    expect(own.status).toBe("waitlisted");

    const withdrawn = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(own.id) })), { cohortId: String(cohort) });
    expect(withdrawn.status).toBe(302);
    expect(await db().selectFrom("enrolments").select("status").where("id", "=", own.id).executeTakeFirstOrThrow()).toEqual({ status: "withdrawn" });
    expect(await eventsOn(cohort, "enrolment.promoted_from_waiting_list")).toBe(0);
  });
});

describe("leaving the waiting list as the first session begins", () => {
  it("is refused as too late when the person was given a place while it waited for the cohort's lock until the session had begun", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing promoted into as it began" });
    const cohort = await fullCohort({ kind: "briefing", briefing: String(briefing), name: "Promoted as it began" }, (who, id) => onBriefing(who, briefing, { intent: "book", cohort: String(id) }));
    const startsAt = new Date(Date.now() + SOON_MS);
    await startingToday(cohort, startsAt);
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();

    // Just after the manager asks to leave the waiting list, L&D withdraw the practitioner before the start
    // (the manager is given the place), and another change holds the cohort's lock until the session begins.
    const promotedThenHeld = async () => {
      const withdrawn = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(place.id) })), { cohortId: String(cohort) });
      expect(withdrawn.status).toBe(302);
      await withCohortLock(cohort, () => justAfter(startsAt));
    };
    const refused = await whenFirstRead(OWN_ENROLMENT_READ, promotedThenHeld, () => onBriefing("manager", briefing, { intent: "cancel", cohort: String(cohort) }), 400);

    expect(Date.now()).toBeGreaterThan(startsAt.getTime());
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.started" });
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "enrolled" });
  });
});

describe("leaving the waiting list twice at once (a double click)", () => {
  it("leaves it once; the second is told there is nothing to give up, not that it is too late", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing left twice at once" });
    const cohort = await fullCohort({ kind: "briefing", briefing: String(briefing), name: "Left twice at once" }, (who, id) => onBriefing(who, briefing, { intent: "book", cohort: String(id) }));
    const leave = () => onBriefing("manager", briefing, { intent: "cancel", cohort: String(cohort) });

    // The second click's leaving lands just after the first looked up the enrolment, before its lock.
    let second: Awaited<ReturnType<typeof leave>> | null = null;
    const first = await whenFirstRead(OWN_ENROLMENT_READ, async () => (second = await leave()), leave);

    expect(second!.status).toBe(302);
    expect(first.status).toBe(400);
    expect(first.data).toEqual({ error: "common:enrolment.errors.notActive" });
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "withdrawn" });
    expect(await eventsOn(cohort, "enrolment.withdrawn")).toBe(1);
  });
});
