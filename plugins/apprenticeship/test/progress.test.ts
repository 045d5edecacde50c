// The apprenticeship itself: off-the-job hours against the weekly minimum for full-time and part-time
// apprentices, overdue reviews flagged for managers and L&D, completion to registration and the ASYE
// stage, and switching the plugin off.
import { beforeAll, describe, expect, it } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import * as me from "../../../app/routes/me._index";
import * as plugins from "../../../app/routes/admin.plugins";
import * as team from "../../../app/routes/team._index";
import { inboxFor } from "../../../app/services/inbox.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { pathwayRequirements } from "../../../app/services/pathway.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices, compliance, reviewDue, weekOf, weeklyRequirement } from "../server/progress.server";
import { sendCompletion } from "./completion-form";

beforeAll(seedDemo);

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

describe("off-the-job hours", () => {
  it("needs 6 hours a week full-time and 20% of contracted hours part-time", () => {
    expect(weeklyRequirement(1, DEFAULT_SETTINGS)).toBe(360);
    expect(weeklyRequirement(0.6, DEFAULT_SETTINGS)).toBe(266);
    expect(weeklyRequirement(0.5, { ...DEFAULT_SETTINGS, otjPartTimePercent: 25 })).toBe(278);
  });

  it("keeps a running requirement from the start and says how far behind an apprentice is", () => {
    expect(compliance("2026-09-01", 1, 60 * 60, "2026-11-24", DEFAULT_SETTINGS)).toEqual({ requiredPerWeek: 360, weeks: 12, expected: 4320, logged: 3600, behind: 720 });
    expect(compliance("2026-09-01", 0.5, 60 * 60, "2026-11-24", DEFAULT_SETTINGS)).toMatchObject({ requiredPerWeek: 222, expected: 2664, behind: 0 });
    expect(compliance("2027-09-01", 1, 0, "2026-11-24", DEFAULT_SETTINGS)).toMatchObject({ weeks: 0, behind: 0 });
  });

  it("records hours against the week's Monday, and flags the demo apprentice who has fallen behind", async () => {
    expect(weekOf("2026-11-26")).toBe("2026-11-23");
    expect(weekOf("2026-11-23")).toBe("2026-11-23");
    const list = await apprentices();
    expect(list).toHaveLength(4);
    expect(list.filter((a) => a.compliance.behind > 0)).toHaveLength(1);
  });
});

describe("progress reviews", () => {
  it("fall due twelve weeks after the last one, and an overdue one is flagged on /team and /admin", async () => {
    expect(reviewDue("2026-01-05", null, DEFAULT_SETTINGS)).toBe("2026-03-30");
    expect(reviewDue("2026-01-05", "2026-06-01", DEFAULT_SETTINGS)).toBe("2026-08-24");
    const overdue = (await apprentices()).filter((a) => a.reviewOverdue);
    expect(overdue).toHaveLength(1);
    const { line_manager_id: managerId } = await db().selectFrom("people").select("line_manager_id").where("id", "=", overdue[0].personId).executeTakeFirstOrThrow();
    const inbox = await inboxFor({ userId: 0, personId: managerId!, roles: ["manager"] }, "en-GB");
    expect(inbox.filter((i) => i.what === "Apprenticeship progress review overdue").map((i) => i.personId)).toEqual([overdue[0].personId]);
    const adminPage = (await run(admin.loader, await requestAs("ld", "/admin"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
    expect(adminPage.widgets.find((w) => w.id === "apprenticeship-admin")!.rows!.find((r) => r.label === "Reviews overdue")!.value).toBe("1");
  });

  it("lets the apprentice's manager record a review, which clears the flag, and says what is missing", async () => {
    const page = await import("../routes/apprentices.$personId");
    const [overdue] = (await apprentices()).filter((a) => a.reviewOverdue);
    const path = `/programmes/apprenticeship/apprentices/${overdue.personId}`;
    const params = { personId: String(overdue.personId) };
    const bad = await run(page.action, await requestAs("ld", path, form({ intent: "review", heldOn: `${new Date().getUTCFullYear() + 1}-01-01`, actions: "" })), params);
    expect((bad.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ heldOn: ["review.errors.future"], outcome: ["review.errors.outcome"], actions: ["review.errors.actions"] });
    const today = new Date().toISOString().slice(0, 10);
    expect((await run(page.action, await requestAs("ld", path, form({ intent: "review", heldOn: today, outcome: "on_track", actions: "Catch up the log." })), params)).status).toBe(303);
    expect((await apprentices([overdue.personId]))[0].reviewOverdue).toBe(false);
    // Practice learning and completion are L&D's; a practitioner cannot see the page at all.
    expect((await run(page.loader, await requestAs("practitioner", path), params)).status).toBe(403);
  });
});

describe("completion", () => {
  it("takes gateway, degree and registration in order, and registration meets the ASYE stage requirement", async () => {
    const [first] = await apprentices();
    const early = await sendCompletion(first.personId, { registeredOn: "2026-11-01", registrationNumber: "XY1" });
    expect((early.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ registrationNumber: ["completion.errors.registration"], registeredOn: ["completion.errors.registeredWithoutDegree"] });
    const noDegree = await sendCompletion(first.personId, { registeredOn: "2026-11-01", registrationNumber: "SW123456" });
    expect((noDegree.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ registeredOn: ["completion.errors.registeredWithoutDegree"] });
    const done = await sendCompletion(first.personId, { gatewayOn: "2026-06-01", degreeOutcome: "upper_second", degreeOn: "2026-07-15", registeredOn: "2026-09-01", registrationNumber: "SW123456" });
    expect(done.status).toBe(303);
    // The degree goes on the person's CPD record, dated the day it was awarded, in English and Welsh
    // whichever language the recorder uses; saving again keeps one.
    const cpd = () => db().selectFrom("cpd_entries").select(["source_ref", "occurred_on", "title", "title_cy"]).where("person_id", "=", first.personId).where("source", "=", "apprenticeship").execute();
    const entry = { source_ref: "degree", occurred_on: "2026-07-15", title: "Social Worker Integrated Degree Apprenticeship (BA Social Work) completed", title_cy: "Wedi cwblhau'r Brentisiaeth Gradd Integredig Gweithiwr Cymdeithasol (BA Gwaith Cymdeithasol)" };
    expect(await cpd()).toEqual([entry]);
    expect((await sendCompletion(first.personId, { gatewayOn: "2026-06-01", degreeOutcome: "upper_second", degreeOn: "2026-07-15", registeredOn: "2026-09-01", registrationNumber: "SW123456" }, { query: "?lng=cy" })).status).toBe(303);
    expect(await cpd()).toEqual([entry]);
    const items = (await readinessFor([first.personId], "en-GB")).get(first.personId)!;
    expect(items.find((i) => i.source === "apprenticeship" && i.requirementId === "registration")).toMatchObject({ status: "met", reason: "Registered on 1 September 2026: ready for the ASYE." });
    expect(await pathwayRequirements("asye_social_worker")).toContainEqual(expect.objectContaining({ id: "registration", source: "apprenticeship" }));
    // Off-the-job hours stop being owed at the degree.
    const [after] = await apprentices([first.personId]);
    expect(after.compliance.weeks).toBe(Math.floor((Date.parse("2026-07-15") - Date.parse(first.startsOn)) / (7 * 86_400_000)));
  });
});

describe("switching the programme off", () => {
  it("hides its pages, cards, inbox items and readiness, and breaks no core page", async () => {
    const home = await import("../routes/index");
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "apprenticeship", enabled: "0" })));
    expect((await run(home.loader, await requestAs("practitioner", "/programmes/apprenticeship"))).status).toBe(404);
    for (const [loader, who, path] of [[me.loader, "practitioner", "/me"], [team.loader, "serviceManager", "/team"], [admin.loader, "ld", "/admin"]] as const) {
      const page = await run(loader, await requestAs(who, path));
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.data)).not.toMatch(/apprenticeship/i);
    }
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "apprenticeship", enabled: "1" })));
    expect((await run(home.loader, await requestAs("practitioner", "/programmes/apprenticeship"))).status).toBe(200);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").execute()).not.toHaveLength(0);
  });
});

describe("the apprentice's own page", () => {
  it("logs off-the-job hours with errors explained, and only for apprentices", async () => {
    const home = await import("../routes/index");
    const bad = await run(home.action, await requestAs("practitioner", "/programmes/apprenticeship", form({ weekOf: "2026-11-23", hours: "70", activity: "" })));
    expect((bad.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ hours: ["otj.errors.hours"], activity: ["otj.errors.activity"] });
    const notApprentice = await run(home.action, await requestAs("practitioner", "/programmes/apprenticeship", form({ weekOf: "2026-11-23", hours: "2", activity: "Reading" })));
    expect((notApprentice.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["otj.errors.notApprentice"] });
  });
});
