// London's today, not UTC's: from midnight to 1am in summer UTC's date is still yesterday. Each check runs
// the real services on a migrated, seeded database at 23:30 UTC on 1 July, which is 00:30 on 2 July in
// London.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { newPerson } from "../../../tests/support/new-person";
import type { Viewer } from "../../sdk";
import plugin from "../plugin";
import { BASE } from "../programme";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as homePage from "../routes/index";
import { confirmBriefing } from "../server/briefings/briefings.server";
import { checklists, inductionSettings, newStarters } from "../server/briefings/induction.server";
import { createRollout } from "../server/briefings/rollouts.server";
import { pdDb } from "../server/db.server";
import { createBriefing } from "./briefing-requests";

const JUST_AFTER_MIDNIGHT = new Date("2026-07-01T23:30:00Z");
const LONDON_TODAY = "2026-07-02";

const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

let ld: { userId: number; personId: number };

beforeAll(async () => {
  await seedDemo();
  ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
});

describe("a rollout made just after midnight in summer", () => {
  const value = (dueOn: string) => ({ dueOn, targetPercent: 80, roles: [], teams: [], localities: [] });

  it("refuses yesterday as its due date, takes today, and starts today", async () => {
    const briefing = await createBriefing({ title: "Rollout at half past midnight" });
    expect(await createRollout({ ...value("2026-07-01"), briefing }, ld, JUST_AFTER_MIDNIGHT)).toEqual({ ok: false, field: "dueOn", error: "rollout.errors.duePast" });

    const made = await createRollout({ ...value(LONDON_TODAY), briefing }, ld, JUST_AFTER_MIDNIGHT);
    expect(made.ok).toBe(true);
    const row = await pdDb().selectFrom("practice_development_rollouts").select(["starts_on", "due_on"]).where("id", "=", made.ok ? made.id : 0).executeTakeFirstOrThrow();
    expect(row).toEqual({ starts_on: LONDON_TODAY, due_on: LONDON_TODAY });
  });
});

describe("confirming a briefing just after midnight in summer", () => {
  it("dates the CPD entry today, not yesterday", async () => {
    const briefing = await createBriefing({ title: "Confirmed at half past midnight" });
    const person = await personIdOf("practitioner");
    expect(await confirmBriefing(briefing, person, 1, { userId: await userIdOf("practitioner"), personId: person }, JUST_AFTER_MIDNIGHT)).toEqual({ ok: true, already: false });
    const entry = await db().selectFrom("cpd_entries").select("occurred_on").where("person_id", "=", person).where("source_ref", "=", `briefing:${briefing}:v1`).executeTakeFirstOrThrow();
    expect(entry.occurred_on).toBe(LONDON_TODAY);
  });
});

describe("who is a new starter just after midnight in summer", () => {
  // A manager whose line is two people: one who started exactly the induction period ago (still a new
  // starter) and one who started the day before that (no longer one).
  let manager: number;
  let inside: number;
  let outside: number;

  beforeAll(async () => {
    const { inductionDays } = await inductionSettings();
    const team = (await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow()).id;
    const add = async (n: number, rest: Parameters<typeof newPerson>[1]) =>
      (await db().insertInto("people").values(newPerson({ employee_number: `PD-LT-${n}`, given_name: "Midnight", family_name: `Starter ${n}`, email: `pd-lt-${n}@example.test`, team_id: team }, rest)).returning("id").executeTakeFirstOrThrow()).id;
    manager = await add(1, { role_category: "team_manager" });
    inside = await add(2, { line_manager_id: manager, employment_start: daysBefore(LONDON_TODAY, inductionDays) });
    outside = await add(3, { line_manager_id: manager, employment_start: daysBefore(LONDON_TODAY, inductionDays + 1) });
  });

  it("gives a checklist to the one inside the induction period only", async () => {
    const lists = await checklists(pdDb(), [inside, outside], JUST_AFTER_MIDNIGHT);
    expect([...lists.keys()]).toEqual([inside]);
  });

  it("lists and counts the one inside for their manager, on /induction/team and the /team card", async () => {
    const viewer: Viewer = { userId: 0, personId: manager, roles: ["manager"] };
    const starters = await newStarters(viewer, 1, JUST_AFTER_MIDNIGHT);
    expect(starters.rows.map((r) => r.id)).toEqual([inside]);

    const ctx = { ...pluginContext(plugin, "en-GB"), now: () => JUST_AFTER_MIDNIGHT };
    const card = await plugin.widgets!.find((w) => w.id === "induction")!.load(ctx, viewer, [inside, outside]);
    expect(card?.rows?.[0]).toMatchObject({ value: "1" });
  });
});

describe("the day a briefing changed, as its pages show it", () => {
  it("is London's day of the change: 23:30 UTC on 1 July reads as 2 July", async () => {
    const briefing = await createBriefing({ title: "Changed at half past midnight" });
    await pdDb().updateTable("practice_development_briefings").set({ updated_at: JUST_AFTER_MIDNIGHT.toISOString() }).where("id", "=", briefing).execute();
    await pdDb().updateTable("practice_development_briefing_versions").set({ created_at: JUST_AFTER_MIDNIGHT.toISOString() }).where("briefing_id", "=", briefing).execute();
    const home = (await run(homePage.loader, await requestAs("ld", BASE))).data as { briefings: { id: number; updated: string }[] };
    expect(home.briefings.find((b) => b.id === briefing)?.updated).toBe("2 July 2026");
    const page = (await run(briefingPage.loader, await requestAs("ld", `${BASE}/briefings/${briefing}`), { briefingId: String(briefing) })).data as { versions: { on: string }[] };
    expect(page.versions.map((v) => v.on)).toEqual(["2 July 2026"]);
  });
});
