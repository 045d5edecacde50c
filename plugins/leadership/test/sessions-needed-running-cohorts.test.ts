// A learner completes Level 5 by attending the sessions needed, read from the programme rules when their
// completion is recorded. Raising it above the sessions a cohort still running has scheduled would leave
// nobody on that cohort able to complete, so the rules page refuses it, beside the sessions needed and in
// the summary, naming the cohort and its sessions, and saves nothing of the form. Keeping or lowering the
// rule strands nobody new, and a cohort that has finished no longer counts.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as settings from "../routes/settings";
import { leadershipDb } from "../server/progress.server";
import { leadershipSettings } from "../server/settings.server";
import { form, holdEverySession } from "./support";

const SYSTEM = { userId: null, personId: null };
const path = `/programmes/${PLUGIN_ID}/settings`;
type Page = { current: Record<string, string>; units: { id: number; title: string }[] };
type Reply = { status: string; error: Record<string, string[]> };

let cohortId: number;

beforeAll(async () => {
  await seedDemo();
  // Made when the rule was 14, with 14 sessions, as the new cohort form allows; it begins next week.
  const startsOn = addDaysToDate(londonToday(), 7);
  cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name: "Fourteen sessions, still to run", startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 12, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 14, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
});

const shown = async () => (await run(settings.loader, await requestAs("ld", path))).data as Page;
const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
const formOf = (page: Page, changes: Record<string, string>) => ({ ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit: "", ...changes });
const unitTitles = async () => (await leadershipDb().selectFrom("leadership_units").select("title").orderBy("sequence").execute()).map((u) => u.title);
const settingChanges = async () => (await db().selectFrom("audit_events").select("id").where("action", "=", "setting.changed").where("subject_id", "=", `${PLUGIN_ID}.requiredSessions`).execute()).length;

describe("raising the sessions needed while a cohort is running", () => {
  it("is refused beside the field and in the summary, naming the cohort and its 14 sessions, in English and Welsh, and saves nothing of the form", async () => {
    const page = await shown();
    const before = await leadershipSettings();
    expect(before.requiredSessions).toBe(14);
    const units = await unitTitles();
    const changes = await settingChanges();

    const refused = await send(formOf(page, { requiredSessions: "16", guidedHoursTarget: "45", newUnit: "Added with a refused rule" }));

    expect(refused.status).toBe(400);
    expect((refused.data as Reply).error).toEqual({ requiredSessions: ["settings.errors.cohortStranded"] });
    expect(await leadershipSettings()).toEqual(before);
    expect(await unitTitles()).toEqual(units);
    expect(await settingChanges()).toBe(changes);

    const english = decodeHtml(await renderedAfterPost(settings.default, page, refused.data));
    const message = "Fourteen sessions, still to run is still running and has 14 sessions scheduled, so nobody on it could complete if more were needed. Enter 14 or fewer, or raise the sessions needed once that cohort has finished";
    // Once in the summary, linking to the field, and once beside it.
    expect(english.match(new RegExp(message, "g"))).toHaveLength(2);
    expect(english).toContain('href="#settings-requiredSessions"');
    expect(english).toContain('id="settings-requiredSessions-error"');
    const welsh = decodeHtml(await renderedAfterPost(settings.default, page, refused.data, "cy"));
    expect(welsh.match(/Mae Fourteen sessions, still to run yn dal i redeg, a dim ond 14 o sesiynau sydd wedi'u trefnu ar ei chyfer/g)).toHaveLength(2);
  });

  it("counts only the sessions scheduled and refuses only a raise, so a cohort already short does not stop the page's other changes; a finished cohort no longer counts", async () => {
    const [last] = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence", "desc").limit(1).execute();
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", last.id).execute();
    const page = await shown();

    const refused = await send(formOf(page, { requiredSessions: "15" }));
    expect(refused.status).toBe(400);
    expect(decodeHtml(await renderedAfterPost(settings.default, page, refused.data))).toContain("still to run is still running and has 13 sessions scheduled");

    // The rule kept at 14, which that cohort already falls short of: the other changes save.
    expect((await send(formOf(page, { guidedHoursTarget: "45" }))).status).toBe(303);
    expect(await leadershipSettings()).toMatchObject({ requiredSessions: 14, guidedHoursTarget: 45 });
    // Lowered to what it has, then raised back: the raise would strand it now.
    expect((await send(formOf(await shown(), { requiredSessions: "13" }))).status).toBe(303);
    expect(((await send(formOf(await shown(), { requiredSessions: "14" }))).data as Reply).error).toEqual({ requiredSessions: ["settings.errors.cohortStranded"] });
    expect((await leadershipSettings()).requiredSessions).toBe(13);

    await db().updateTable("cohort_sessions").set({ status: "scheduled" }).where("id", "=", last.id).execute();
    expect((await send(formOf(await shown(), { requiredSessions: "14" }))).status).toBe(303);

    // Once that cohort has finished, the raise saves: every cohort still running has 16 sessions.
    await holdEverySession(cohortId);
    expect((await send(formOf(await shown(), { requiredSessions: "16" }))).status).toBe(303);
    expect((await leadershipSettings()).requiredSessions).toBe(16);
  });
});
