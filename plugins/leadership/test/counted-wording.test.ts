// Sentences with a count in them. English agrees the noun with its number: "1 hour", "1.5 hours", "the 1
// session needed"; Welsh puts the singular noun after any number, so its one form reads right for every
// count. Each sentence is worded by the code that words it for the reader: the learner's card on /me by
// its loader, and the pages' sentences by ../wording on the data their loaders give.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import { DEFAULT_SETTINGS, saveLeadershipSettings } from "../server/settings.server";
import { guidedHoursText, learnerGuidedText, taughtHoursText, waitingEntryText } from "../wording";
import { cohortNamed, form } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const t = (locale: Locale) => fixedT(locale, PLUGIN_ID);

/** The programme's rules: sessions a learner must attend, and the guided-learning hours they need. */
const rules = (requiredSessions: number, guidedHoursTarget: number) => saveLeadershipSettings({ ...DEFAULT_SETTINGS, requiredSessions, guidedHoursTarget }, SYSTEM);

/** The demo manager's place on Cohort 1. */
async function managersPlace() {
  const cohort = await cohortNamed("Cohort 1");
  const manager = await personIdOf("manager");
  const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort.id).where("person_id", "=", manager).executeTakeFirstOrThrow();
  return { cohortId: cohort.id, enrolmentId: enrolment.id };
}

/** The manager present at the cohort's first sessions only, each lasting the minutes given. */
async function attendedOnly(lengths: number[]) {
  const { cohortId, enrolmentId } = await managersPlace();
  await db().deleteFrom("attendance").where("enrolment_id", "=", enrolmentId).execute();
  const sessions = await db().selectFrom("cohort_sessions").select(["id", "starts_at"]).where("cohort_id", "=", cohortId).orderBy("sequence").limit(lengths.length).execute();
  const now = new Date().toISOString();
  for (const [i, s] of sessions.entries()) {
    await db().updateTable("cohort_sessions").set({ ends_at: new Date(Date.parse(s.starts_at) + lengths[i] * 60_000).toISOString() }).where("id", "=", s.id).execute();
    await db().insertInto("attendance").values({ session_id: s.id, enrolment_id: enrolmentId, status: "present", marked_by: null, marked_at: now }).execute();
  }
}

/** The manager's Level 5 card on /me, in a language: its guided-learning and on-track values. */
async function card(locale: Locale) {
  const data = (await run(me.loader, await requestAs("manager", `/me?lng=${locale}`))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
  const rows = data.widgets.find((w) => w.id === "leadership-learner")!.rows!;
  return { guided: rows[3].value, onTrack: rows[5].value };
}

describe("the learner's card on /me", () => {
  it("agrees hours with the guided-learning target and sessions with the sessions needed, in English, and keeps Welsh's one form", async () => {
    await rules(14, 40);
    expect(await card("en-GB")).toEqual({ guided: expect.stringMatching(/^[\d.]+ of 40 hours confirmed$/), onTrack: "Yes: you can still attend the 14 sessions needed" });
    expect(await card("cy")).toEqual({ guided: expect.stringMatching(/^[\d.]+ o 40 awr wedi'u cadarnhau$/), onTrack: "Ydych: gallwch fynychu'r 14 sesiwn sydd eu hangen o hyd" });

    await rules(1, 1);
    expect(await card("en-GB")).toEqual({ guided: expect.stringMatching(/^[\d.]+ of 1 hour confirmed$/), onTrack: "Yes: you can still attend the 1 session needed" });
    expect(await card("cy")).toEqual({ guided: expect.stringMatching(/^[\d.]+ o 1 awr wedi'u cadarnhau$/), onTrack: "Ydych: gallwch fynychu'r 1 sesiwn sydd eu hangen o hyd" });
  });
});

describe("the learner's guided-learning page", () => {
  const page = async (locale: Locale) => {
    const learning = await import("../routes/learning");
    return (await run(learning.loader, await requestAs("manager", `/programmes/leadership/learning?lng=${locale}`))).data as { totals: { taught: string; taughtCount: number; confirmed: string; target: number; waiting: string } };
  };

  it("says taught hours attended as 1 hour, 1.5 hours or 2 hours", async () => {
    for (const [lengths, english, welsh] of [
      [[60], "1 hour", "1 awr"],
      [[61], "1 hour", "1 awr"],
      [[90], "1.5 hours", "1.5 awr"],
      [[60, 60], "2 hours", "2 awr"],
    ] as const) {
      await attendedOnly([...lengths]);
      expect(taughtHoursText(t("en-GB"), (await page("en-GB")).totals)).toBe(english);
      expect(taughtHoursText(t("cy"), (await page("cy")).totals)).toBe(welsh);
    }
  });

  it("words confirmed and waiting hours as labels, so no count stands before a noun that disagrees with it", async () => {
    await rules(14, 1);
    const today = new Date().toISOString().slice(0, 10);
    const learning = await import("../routes/learning");
    await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: today, activity: "Reading: an hour on oversight", hours: "1" })));
    const english = guidedHoursText(t("en-GB"), (await page("en-GB")).totals);
    expect(english).toMatch(/^Hours confirmed: [\d.]+ of 1\. Hours waiting for confirmation: [\d.]+\.$/);
    expect(english).not.toMatch(/\bhours? (confirmed|waiting)/);
    expect(guidedHoursText(t("cy"), (await page("cy")).totals)).toMatch(/^[\d.]+ o 1 awr wedi'u cadarnhau \([\d.]+ awr yn aros am gadarnhad\)$/);
  });
});

describe("entries waiting for L&D to confirm them", () => {
  it("gives each entry's hours as 1 hour or 1.5 hours, 1 hour being what is shown as 1", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const learning = await import("../routes/learning");
    // 1.02 hours is 61 minutes, shown as 1: it is 1 hour, not 1.0166 hours.
    for (const [activity, hours] of [["Counted: one hour", "1"], ["Counted: sixty-one minutes", "1.02"], ["Counted: an hour and a half", "1.5"]]) {
      expect((await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: today, activity, hours })))).status).toBe(303);
    }
    const confirm = await import("../routes/cohorts.$cohortId.learning");
    const { cohortId } = await managersPlace();
    const entries = async (locale: Locale) => {
      const page = await run(confirm.loader, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/learning?lng=${locale}`), { cohortId: String(cohortId) });
      const all = (page.data as { entries: { name: string; date: string; activity: string; hours: string; hoursCount: number }[] }).entries;
      return all.filter((e) => e.activity.startsWith("Counted: ")).map((e) => waitingEntryText(t(locale), e).replace(/^.*, Counted: /, ""));
    };
    expect(await entries("en-GB")).toEqual(["one hour (1 hour)", "sixty-one minutes (1 hour)", "an hour and a half (1.5 hours)"]);
    expect(await entries("cy")).toEqual(["one hour (1 awr)", "sixty-one minutes (1 awr)", "an hour and a half (1.5 awr)"]);
  });
});

describe("a learner's page for L&D", () => {
  it("agrees hours with the guided-learning target", async () => {
    const route = await import("../routes/cohorts.$cohortId.learners.$enrolmentId");
    const { cohortId, enrolmentId } = await managersPlace();
    const progress = async (locale: Locale) => {
      const page = await run(route.loader, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/learners/${enrolmentId}?lng=${locale}`), { cohortId: String(cohortId), enrolmentId: String(enrolmentId) });
      return (page.data as { progress: { guided: string; target: number } }).progress;
    };
    await rules(14, 1);
    expect(learnerGuidedText(t("en-GB"), await progress("en-GB"))).toMatch(/^[\d.]+ of 1 hour confirmed$/);
    expect(learnerGuidedText(t("cy"), await progress("cy"))).toMatch(/^[\d.]+ o 1 awr wedi'u cadarnhau$/);
    await rules(14, 40);
    expect(learnerGuidedText(t("en-GB"), await progress("en-GB"))).toMatch(/^[\d.]+ of 40 hours confirmed$/);
    expect(learnerGuidedText(t("cy"), await progress("cy"))).toMatch(/^[\d.]+ o 40 awr wedi'u cadarnhau$/);
  });
});

describe("a learner who can no longer attend enough sessions", () => {
  it("says how many sessions they cannot reach, 1 session or 52 sessions", async () => {
    await rules(52, 40);
    expect((await card("en-GB")).onTrack).toBe("No: you can no longer reach 52 sessions; talk to the programme team");
    expect((await card("cy")).onTrack).toBe("Nac ydych: ni allwch gyrraedd 52 sesiwn mwyach; siaradwch â thîm y rhaglen");
    // Present at none, and every session still to come cancelled: even 1 is out of reach.
    await attendedOnly([]);
    const { cohortId } = await managersPlace();
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohortId).where("starts_at", ">", new Date().toISOString()).execute();
    await rules(1, 40);
    expect((await card("en-GB")).onTrack).toBe("No: you can no longer reach 1 session; talk to the programme team");
    expect((await card("cy")).onTrack).toBe("Nac ydych: ni allwch gyrraedd 1 sesiwn mwyach; siaradwch â thîm y rhaglen");
  });
});
