// When booking a session closes, through the real loaders and actions on a migrated, seeded database: when
// its first scheduled session begins, the moment a person's own cancellation stops, so nobody gets a place
// they could never give up on a course whose first day they missed. A cohort of several days whose first
// day has begun is no longer offered nor booked, though days are still to come, and the one judgement is
// made in the booking's transaction, under the cohort's lock, on the clock as read there: a booking held up
// behind the lock until the session began is refused, nothing written. Before, the list and the booking
// offered such a cohort until its last session began (the person then unable to cancel), and the booking
// judged it before the lock.
import { beforeAll, describe, expect, it } from "vitest";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { justAfter, startingToday } from "./session-times";

const BASE = "/programmes/practice-development/briefings";
const HOUR = 3_600_000;
/** How long after the booking is asked for the session begins: ample for the reads before the lock. */
const SOON_MS = 1500;
/** The booking's one read of the cohort, in the core's requestPlace: after the programme's own reads, before the lock. */
const BOOKING_READS_COHORT = /^select \* from "cohorts" where "id" = /;

type Row = { id: number; cancellable: boolean };
type BriefingPage = { held: Row[]; sessions: { rows: Row[] } };
type SosPage = { stages: { kind: string; cohorts: { rows: Row[] } }[] };

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(fields: Record<string, string>) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ firstDate: inDays(10), time: "10:00", durationMinutes: "90", days: "1", capacity: "5", ...fields })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

const onBriefing = async (who: DemoAccount, briefing: number, fields: Record<string, string>) => run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post(fields)), { briefingId: String(briefing) });
const briefingPageOf = async (who: DemoAccount, briefing: number) => (await run(briefingPage.loader, await requestAs(who, `${BASE}/${briefing}`), { briefingId: String(briefing) })).data as BriefingPage;
const placesOn = (cohort: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohort).orderBy("id").execute();
const requestsOn = async (cohort: number) => {
  const places = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).execute()).map((e) => String(e.id));
  return places.length ? (await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.requested").where("subject_id", "in", places).execute()).length : 0;
};

/** The refusal in the page's error summary, in English and Welsh, with no field to link to. */
async function expectClosedMessage(page: Parameters<typeof renderedAfterPost>[0], loaderData: unknown, actionData: unknown) {
  for (const [locale, message] of [
    ["en-GB", "Booking for this session has closed: it closes when the first date begins"],
    ["cy", "Mae'r archebu ar gyfer y sesiwn hon wedi cau: mae'n cau pan fydd y dyddiad cyntaf yn dechrau"],
  ] as const) {
    const html = await renderedAfterPost(page, loaderData, actionData, locale);
    expect(html).toContain("govuk-error-summary");
    expect(decodeHtml(html)).toContain(message);
    expect(errorSummaryTargets(html)).toEqual([]);
  }
}

describe("a session of several days whose first day has begun", () => {
  it("is neither offered nor booked, and the place someone holds on it is listed without a way to cancel", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing over three days" });
    const cohort = await newCohort({ kind: "briefing", briefing: String(briefing), name: "Three days, the first begun", days: "3" });
    expect((await onBriefing("practitioner", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    await startingToday(cohort, new Date(Date.now() - HOUR));
    const before = await placesOn(cohort);

    expect((await briefingPageOf("asye", briefing)).sessions.rows.map((r) => r.id)).not.toContain(cohort);
    const refused = await onBriefing("asye", briefing, { intent: "book", cohort: String(cohort) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.bookingClosed" });
    expect(await placesOn(cohort)).toEqual(before);
    expect(await requestsOn(cohort)).toBe(1);
    await expectClosedMessage(briefingPage.default, await briefingPageOf("asye", briefing), refused.data);

    // The practitioner's place is still theirs, for the days to come, and no longer theirs to give up.
    expect((await briefingPageOf("practitioner", briefing)).held).toEqual([expect.objectContaining({ id: cohort, cancellable: false })]);
    expect((await onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) })).data).toEqual({ error: "sessions.errors.started" });
  });

  it("is offered and booked until the first day begins, and the place can be given up until then", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing over two days, starting soon" });
    const cohort = await newCohort({ kind: "briefing", briefing: String(briefing), name: "Two days, starting in an hour", days: "2" });
    await startingToday(cohort, new Date(Date.now() + HOUR));

    expect((await briefingPageOf("asye", briefing)).sessions.rows).toEqual(expect.arrayContaining([expect.objectContaining({ id: cohort, cancellable: true })]));
    expect((await onBriefing("asye", briefing, { intent: "book", cohort: String(cohort) })).status).toBe(302);
    expect((await onBriefing("asye", briefing, { intent: "cancel", cohort: String(cohort) })).status).toBe(302);
    expect(await placesOn(cohort)).toEqual([{ person_id: await personIdOf("asye"), status: "withdrawn" }]);
  });
});

describe("booking a session as its first session begins", () => {
  it("is refused, nothing written, when the booking waited for the cohort's lock until the session had begun", async () => {
    const cohort = await newCohort({ kind: "sos_intro", name: "Introduction, booked as it began" });
    const startsAt = new Date(Date.now() + SOON_MS);
    await startingToday(cohort, startsAt);
    const listed = ((await run(sos.loader, await requestAs("manager", `${BASE}/signs-of-safety`))).data as SosPage).stages[0].cohorts.rows.map((r) => r.id);
    expect(listed).toContain(cohort);

    // Another change holds the cohort's lock (a register being saved, a file of marks) until just after the
    // session begins; the booking, asked for before then, waits for it.
    const lockHeldUntilItBegins = () => withCohortLock(cohort, () => justAfter(startsAt));
    const refused = await whenFirstRead(BOOKING_READS_COHORT, lockHeldUntilItBegins, async () => run(sos.action, await requestAs("manager", `${BASE}/signs-of-safety`, post({ intent: "book", cohort: String(cohort) }))), 100);

    expect(Date.now()).toBeGreaterThan(startsAt.getTime());
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.bookingClosed" });
    expect(await placesOn(cohort)).toEqual([]);
    const page = (await run(sos.loader, await requestAs("manager", `${BASE}/signs-of-safety`))).data as SosPage;
    expect(page.stages[0].cohorts.rows.map((r) => r.id)).not.toContain(cohort);
    await expectClosedMessage(sos.default, page, refused.data);
  });
});
