// Giving up a session place as the session begins or ends, through the real actions on a migrated, seeded
// database. "Too late" (begun, for a person's own place; finished, for L&D) is judged in the withdrawal's
// transaction, under the cohort's lock, on the clock as read there: a withdrawal held up until the first
// session has begun, and its register been saved, is refused with nothing written. Judged before the
// transaction, it was written after the start anyway: the person withdrawn from a session their register
// has them at, and the first person waiting promoted onto it; or withdrawn from a session that had ended.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { decodeHtml } from "../../../tests/support/html-forms";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { post } from "./briefing-requests";
import { sessionWithWaitingList, standing } from "./one-seat-session";
import { justAfter } from "./session-times";

const BASE = "/programmes/practice-development/briefings";
/** How long after the withdrawal is asked for the session begins or ends: ample for the reads before it. */
const SOON_MS = 1500;

/** A person's own place, looked up by the withdrawal before it takes the lock. */
const OWN_PLACE_READ = /^select "id" from "enrolments" where "cohort_id" = /;
/** The enrolment L&D name, looked up by the withdrawal before it takes the lock. */
const NAMED_ENROLMENT_READ = /^select "id", "person_id" from "enrolments" where "id" = /;

beforeAll(async () => {
  await seedDemo();
});

const onBriefing = async (who: DemoAccount, briefing: number, fields: Record<string, string>) => run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post(fields)), { briefingId: String(briefing) });
const onSessionPage = async (cohort: number, fields: [string, string][]) =>
  run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohort) });

/** Moves the cohort's one session to the times given. */
async function sessionAt(cohort: number, startsAt: Date, endsAt: Date) {
  await db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: endsAt.toISOString() }).where("cohort_id", "=", cohort).execute();
  return db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort).executeTakeFirstOrThrow();
}

const withdrawalsOn = async (cohort: number) => {
  const places = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).execute()).map((e) => String(e.id));
  return (await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.withdrawn").where("subject_type", "=", "enrolment").where("subject_id", "in", places).execute()).length;
};

describe("a person cancelling their own place as the session begins", () => {
  it("is refused, nothing written, when the session has begun and its register been saved before the withdrawal is made", async () => {
    const { briefing, cohort, place } = await sessionWithWaitingList("Cancelled as it began");
    const startsAt = new Date(Date.now() + SOON_MS);
    const session = await sessionAt(cohort, startsAt, new Date(startsAt.getTime() + 3_600_000));
    let register: Awaited<ReturnType<typeof onSessionPage>> | undefined;
    const beginsAndIsMarked = async () => {
      await justAfter(startsAt);
      register = await onSessionPage(cohort, [["session", String(session.id)], ["shown", String(place)], [`shown-${place}`, ""], [`mark-${place}`, "present"]]);
    };

    const refused = await whenFirstRead(OWN_PLACE_READ, beginsAndIsMarked, () => onBriefing("practitioner", briefing, { intent: "cancel", cohort: String(cohort) }), SOON_MS * 3);

    expect(register?.status).toBe(302);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.started" });
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
    expect(await withdrawalsOn(cohort)).toBe(0);

    // The briefing's page says why, in its error summary, in English and Welsh.
    const page = (await run(briefingPage.loader, await requestAs("practitioner", `${BASE}/${briefing}`), { briefingId: String(briefing) })).data;
    for (const [locale, message] of [
      ["en-GB", "This session has already started, so the place can no longer be cancelled"],
      ["cy", "Mae'r sesiwn hon eisoes wedi dechrau, felly ni ellir canslo'r lle mwyach"],
    ] as const) {
      const html = await renderedAfterPost(briefingPage.default, page, refused.data, locale);
      expect(html).toContain("govuk-error-summary");
      expect(decodeHtml(html)).toContain(message);
    }
  });
});

describe("L&D withdrawing someone as the session ends", () => {
  it("is refused, nothing written, when the session has ended before the withdrawal is made", async () => {
    const { cohort, place } = await sessionWithWaitingList("Withdrawn as it ended");
    const endsAt = new Date(Date.now() + SOON_MS);
    await sessionAt(cohort, new Date(endsAt.getTime() - 3_600_000), endsAt);

    // The withdrawal held up (behind a register being saved, say) until the session has ended.
    const refused = await whenFirstRead(NAMED_ENROLMENT_READ, () => justAfter(endsAt), () => onSessionPage(cohort, [["intent", "withdraw"], ["enrolment", String(place)]]), SOON_MS * 3);

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.finished" });
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
    expect(await withdrawalsOn(cohort)).toBe(0);
  });
});
