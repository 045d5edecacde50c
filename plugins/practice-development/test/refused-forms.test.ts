// A refused practice development form comes back as it was sent, through the real actions on a migrated,
// seeded database: ticks still ticked, blanks still blank rather than the defaults, and nothing stored.
import { beforeAll, describe, expect, it } from "vitest";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import * as newSession from "../routes/briefings.sessions.new";
import * as inductionTeam from "../routes/induction.team";
import * as newRollout from "../routes/rollouts.new";
import { inductionSettings } from "../server/briefings/induction.server";
import { pdDb } from "../server/db.server";
import { createBriefing, inDays, post, shownOnEditPage } from "./briefing-requests";
import { renderedAfterPost } from "../../../tests/support/rendered-page";

beforeAll(async () => {
  await seedDemo();
});

describe("a rejected form comes back as submitted", () => {
  type Failed = { errors: Record<string, string>; values: Record<string, string | string[]> };
  const BASE = "/programmes/practice-development";
  const countOf = async (table: "practice_development_rollouts" | "practice_development_cohorts") => Number((await pdDb().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  it("keeps a briefing edit's new-version and re-confirm ticks, and its blank title blank, and changes nothing", async () => {
    const briefing = await createBriefing();
    const path = `${BASE}/briefings/${briefing}/edit`;
    const params = { briefingId: String(briefing) };
    const stored = () => pdDb().selectFrom("practice_development_briefings").select(["title", "summary", "version"]).where("id", "=", briefing).executeTakeFirstOrThrow();
    const before = await stored();
    const shown = await shownOnEditPage(briefing);

    const blankTitle = await run(editBriefing.action, await requestAs("ld", path, post({ title: "", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", ...shown })), params);
    expect(blankTitle.status).toBe(400);
    expect((blankTitle.data as Failed).errors).toEqual({ title: "briefing.errors.titleRequired" });
    expect((blankTitle.data as Failed).values).toMatchObject({ title: "", summary: "Changed", newVersion: "yes" });

    // The error about re-confirming comes back with its box still ticked.
    const noVersion = await run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", documentUrl: "", delivery: "read", reconfirm: "yes", ...shown })), params);
    expect(noVersion.status).toBe(400);
    expect((noVersion.data as Failed).errors).toEqual({ reconfirm: "briefing.errors.reconfirmNeedsVersion" });
    expect((noVersion.data as Failed).values).toMatchObject({ documentUrl: "", reconfirm: "yes" });
    expect((noVersion.data as Failed).values.newVersion).toBeUndefined();

    expect(await stored()).toEqual(before);
  });

  it("refuses a briefing edit whose hidden version or revision was tampered with, with an error summary that links to nothing missing", async () => {
    const briefing = await createBriefing();
    const path = `${BASE}/briefings/${briefing}/edit`;
    const params = { briefingId: String(briefing) };
    const shown = (await run(editBriefing.loader, await requestAs("ld", path), params)).data;
    const edit = { title: "", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", ...(await shownOnEditPage(briefing)) };
    const tamperings: Record<string, string>[] = [{ shownVersion: "one" }, { shownRevision: "-1" }];
    for (const tampered of tamperings) {
      // Refused as a page out of date (it cannot say what it showed), with the title's own error too.
      const refused = await run(editBriefing.action, await requestAs("ld", path, post({ ...edit, ...tampered })), params);
      expect(refused.status).toBe(409);
      expect((refused.data as Failed).errors).toEqual({ title: "briefing.errors.titleRequired", form: "briefing.errors.pageOutOfDate" });
      const html = await renderedAfterPost(editBriefing.default, shown, refused.data);
      const targets = errorSummaryTargets(html);
      expect(targets).toEqual(["title"]);
      for (const id of targets) expect(hasElementWithId(html, id)).toBe(true);
      // The message of the whole form is in the summary as words, not a link, and at the top of the form.
      expect(decodeHtml(html).split(fixedT("en-GB", "practice-development")("briefing.errors.pageOutOfDate"))).toHaveLength(3);
    }
    expect((await pdDb().selectFrom("practice_development_briefings").select("version").where("id", "=", briefing).executeTakeFirstOrThrow()).version).toBe(1);
  });

  it("leaves a rollout's blank target blank, not the default, and creates no rollout", async () => {
    const briefing = await createBriefing();
    const before = await countOf("practice_development_rollouts");
    const outcome = await run(newRollout.action, await requestAs("ld", `${BASE}/rollouts/new`, post({ briefing: String(briefing), dueOn: inDays(30), targetPercent: "", roles: ["social_worker"] })));
    expect(outcome.status).toBe(400);
    expect((outcome.data as Failed).errors).toEqual({ targetPercent: "rollout.errors.targetRequired" });
    expect((outcome.data as Failed).values).toEqual({ briefing: String(briefing), dueOn: inDays(30), targetPercent: "", roles: ["social_worker"], teams: [], localities: [] });
    expect(await countOf("practice_development_rollouts")).toBe(before);
  });

  it("leaves a session cohort's blank time, length, days and places blank, not the defaults, and creates no cohort", async () => {
    const before = await countOf("practice_development_cohorts");
    const submitted = { kind: "sos_intro", name: "Evening intro", firstDate: inDays(20), time: "", durationMinutes: "", days: "", capacity: " ", venue: "" };
    const outcome = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post(submitted)));
    expect(outcome.status).toBe(400);
    expect((outcome.data as Failed).errors).toEqual({ time: "sessions.errors.timeRequired", durationMinutes: "sessions.errors.durationRequired", days: "sessions.errors.daysRequired", capacity: "sessions.errors.capacityRequired" });
    expect((outcome.data as Failed).values).toEqual(submitted);
    expect(await countOf("practice_development_cohorts")).toBe(before);
  });

  it("leaves the induction setting's blank days blank, not the saved number, and saves nothing", async () => {
    const before = await inductionSettings();
    const outcome = await run(inductionTeam.action, await requestAs("ld", `${BASE}/induction/team`, post({ days: "" })));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ errors: { days: "induction.errors.daysRequired" }, values: { days: "" } });
    expect(await inductionSettings()).toEqual(before);
  });
});
