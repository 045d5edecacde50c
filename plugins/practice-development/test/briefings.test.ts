// Briefings through the real loaders and actions on a migrated, seeded database: version bumps that do
// and do not force re-confirmation, confirmations of the current version only, limits, who may do what,
// batching (the same number of queries for ten people or everyone), switching off and hostile input.
// Rollout coverage has its own file (rollouts.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { db, observeQueries } from "../../../app/utils/db.server";
import { formatDateTime } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as sos from "../routes/briefings.signs-of-safety";
import * as home from "../routes/index";
import * as induction from "../routes/induction";
import * as inductionTeam from "../routes/induction.team";
import * as rolloutExport from "../routes/rollouts.$rolloutId.export";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as newRollout from "../routes/rollouts.new";
import * as rollouts from "../routes/rollouts";
import { updateBriefing } from "../server/briefings/briefings.server";
import { pdDb } from "../server/db.server";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { addPerson, createRollout, progressAs, teamsInThreeLocalities, type Team } from "./rollout-fixtures";

let teamA: Team;
let teamB: Team;
let teamC: Team;

beforeAll(async () => {
  await seedDemo();
  [teamA, teamB, teamC] = await teamsInThreeLocalities();
});

describe("the demo seed", () => {
  it("has the four briefings from the source, rollouts part-way, and the Signs of Safety stages", async () => {
    const titles = (await pdDb().selectFrom("practice_development_briefings").select("title").orderBy("id").execute()).map((r) => r.title);
    expect(titles).toEqual(["What a good assessment looks like (Signs of Safety)", "Private fostering", "Permanence", "Pathway plan training"]);
    const rows = await pdDb().selectFrom("practice_development_rollouts").select("id").execute();
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      const p = await progressAs("ld", r.id);
      expect(p.total.covered).toBeGreaterThan(0);
      expect(p.total.notYet).toBeGreaterThan(0);
    }
    const kinds = (await pdDb().selectFrom("practice_development_cohorts").select("kind").execute()).map((r) => r.kind).sort();
    expect(kinds).toEqual(["briefing", "briefing", "sos_course", "sos_intro", "sos_practice_lead"]);
  });
});

describe("a session's page", () => {
  it("gives a new session with nobody booked or waiting an empty roster and its places, for the sentence that replaces the table", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Briefing with an empty session" });
    const made = await run(newSession.action, await requestAs("ld", "/programmes/practice-development/briefings/sessions/new", post({ kind: "briefing", briefing: String(briefing), name: "Empty session", firstDate: inDays(20), time: "10:00", durationMinutes: "90", days: "1", capacity: "20" })));
    expect(made.status).toBe(302);
    const cohortId = idFrom(made.headers.get("Location"));
    const page = await run(sessionPage.loader, await requestAs("ld", `/programmes/practice-development/briefings/sessions/${cohortId}`), { cohortId: String(cohortId) });
    expect(page.status).toBe(200);
    const data = page.data as { cohort: { capacity: number }; roster: unknown[]; sessions: { register: unknown[] }[] };
    expect(data.roster).toEqual([]);
    expect(data.cohort.capacity).toBe(20);
    expect(data.sessions.map((s) => s.register)).toEqual([[]]);
  });
});

describe("versions and confirmations", () => {
  it("a new version keeps earlier confirmations unless it asks everyone to confirm again", async () => {
    const briefing = await createBriefing();
    const alex = await personIdOf("practitioner");
    const path = `/programmes/practice-development/briefings/${briefing}`;
    const confirm = async (version: number) => run(briefingPage.action, await requestAs("practitioner", path, post({ intent: "confirm", version: String(version) })), { briefingId: String(briefing) });
    const status = async () => ((await run(briefingPage.loader, await requestAs("practitioner", path), { briefingId: String(briefing) })).data as { status: string }).status;
    expect(await status()).toBe("not_yet");
    expect((await confirm(1)).status).toBe(302);
    expect(await status()).toBe("covered");

    // Version 2, minor: the confirmation of version 1 still counts.
    expect((await run(editBriefing.action, await requestAs("ld", `${path}/edit`, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes" })), { briefingId: String(briefing) })).status).toBe(302);
    expect(await status()).toBe("covered");
    // Confirming now must be of version 2; version 1 is refused and records nothing.
    const stale = await confirm(1);
    expect(stale.status).toBe(400);
    expect(stale.data).toEqual({ error: "confirm.errors.notCurrent" });
    // Version 3 asks everyone to confirm again.
    expect((await run(editBriefing.action, await requestAs("ld", `${path}/edit`, post({ title: "Test briefing", summary: "Changed again", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", reconfirm: "yes" })), { briefingId: String(briefing) })).status).toBe(302);
    expect(await status()).toBe("not_yet");
    expect((await confirm(2)).status).toBe(400);
    expect((await confirm(3)).status).toBe(302);
    expect(await status()).toBe("covered");
    const rows = await pdDb().selectFrom("practice_development_confirmations").select("version").where("briefing_id", "=", briefing).where("person_id", "=", alex).orderBy("version").execute();
    expect(rows.map((r) => r.version)).toEqual([1, 3]);
    // Each confirmation is on the person's CPD record, once.
    const cpd = await db().selectFrom("cpd_entries").select(["source_ref", "title"]).where("person_id", "=", alex).where("source", "=", "practice-development").where("source_ref", "like", `briefing:${briefing}:%`).orderBy("source_ref").execute();
    expect(cpd).toEqual([
      { source_ref: `briefing:${briefing}:v1`, title: "Test briefing (version 1)" },
      { source_ref: `briefing:${briefing}:v3`, title: "Test briefing (version 3)" },
    ]);
    const personal = await plugin.personalData!(pluginContext(plugin, "en-GB"), alex);
    expect(personal.briefingConfirmations.filter((c) => (c as { briefing: string }).briefing === "Test briefing").map((c) => (c as { version: number }).version)).toEqual(expect.arrayContaining([1, 3]));
    const audit = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "practice_development_briefing").where("subject_id", "=", String(briefing)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["practice-development.briefing.created", "practice-development.briefing.versioned", "practice-development.briefing.confirmed"]));
  });

  it("publishes one new version from two saves at once (a double click) and tells the second the briefing changed", async () => {
    const briefing = await createBriefing();
    const path = `/programmes/practice-development/briefings/${briefing}/edit`;
    const publish = async () => run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", shownVersion: "1" })), { briefingId: String(briefing) });
    const outcomes = await Promise.all([publish(), publish()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([302, 409]);
    expect((outcomes.find((o) => o.status === 409)!.data as { errors: Record<string, string> }).errors).toEqual({ newVersion: "briefing.errors.changed" });
    const versions = await pdDb().selectFrom("practice_development_briefing_versions").select("version").where("briefing_id", "=", briefing).orderBy("version").execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await pdDb().selectFrom("practice_development_briefings").select("version").where("id", "=", briefing).executeTakeFirstOrThrow()).version).toBe(2);
  });

  it("refuses a correction saved from a page shown before someone else's correction, keeping what was typed and the first correction", async () => {
    const briefing = await createBriefing();
    const path = `/programmes/practice-development/briefings/${briefing}/edit`;
    const params = { briefingId: String(briefing) };
    type Shown = { version: number; revision: number };
    type Refused = { errors: Record<string, string>; values: Record<string, string | string[]>; details: Record<string, string> };
    // Two editors open the same page, then each corrects the summary without publishing a new version.
    const shownTo = async (who: "ld" | "admin") => (await run(editBriefing.loader, await requestAs(who, path), params)).data as Shown;
    const [first, second] = [await shownTo("ld"), await shownTo("admin")];
    const correction = (shown: Shown, summary: string) => post({ title: "Test briefing", summary, linkUrl: "https://intranet.example.org/b", delivery: "read", shownVersion: String(shown.version), shownRevision: String(shown.revision) });
    expect((await run(editBriefing.action, await requestAs("ld", path, correction(first, "The first correction")), params)).status).toBe(302);

    const late = await run(editBriefing.action, await requestAs("admin", path, correction(second, "The second correction")), params);
    expect(late.status).toBe(409);
    const refused = late.data as Refused;
    expect(refused.errors).toEqual({ form: "briefing.errors.savedMeanwhileBy" });
    expect(refused.values).toMatchObject({ title: "Test briefing", summary: "The second correction" });
    const stored = await pdDb().selectFrom("practice_development_briefings").select(["summary", "version", "updated_at"]).where("id", "=", briefing).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ summary: "The first correction", version: 1 });
    const ld = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf("ld")).executeTakeFirstOrThrow();
    expect(refused.details).toEqual({ name: `${ld.given_name} ${ld.family_name}`, when: formatDateTime(stored.updated_at, "en-GB") });

    // The page says so in words, beside the form and in the error summary, with the typed summary still there.
    const html = decodeHtml(await renderedAfterPost(editBriefing.default, (await run(editBriefing.loader, await requestAs("admin", path), params)).data, refused));
    const said = fixedT("en-GB", "practice-development")("briefing.errors.savedMeanwhileBy", refused.details);
    expect(said).toContain(`${ld.given_name} ${ld.family_name} changed this briefing on ${refused.details.when}`);
    expect(html.split(said)).toHaveLength(3);
    expect(html).toContain(">The second correction</textarea>");
  });

  it("says when, without a name, where who saved the briefing last is not known (saved before revisions were kept)", async () => {
    const briefing = await createBriefing();
    const path = `/programmes/practice-development/briefings/${briefing}/edit`;
    const params = { briefingId: String(briefing) };
    const shown = (await run(editBriefing.loader, await requestAs("ld", path), params)).data as { version: number; revision: number };
    const at = "2026-03-02T10:15:00.000Z";
    await pdDb().updateTable("practice_development_briefings").set({ revision: shown.revision + 1, updated_by: null, updated_at: at }).where("id", "=", briefing).execute();
    const late = await run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "Too late", linkUrl: "https://intranet.example.org/b", delivery: "read", shownVersion: String(shown.version), shownRevision: String(shown.revision) })), params);
    expect(late.status).toBe(409);
    expect(late.data).toMatchObject({ errors: { form: "briefing.errors.savedMeanwhile" }, details: { when: formatDateTime(at, "en-GB") } });
    expect((await pdDb().selectFrom("practice_development_briefings").select("summary").where("id", "=", briefing).executeTakeFirstOrThrow()).summary).toBe("What to know");
  });

  it("numbers two new versions saved at once one after the other when neither names the version it was shown", async () => {
    const briefing = await createBriefing();
    const actor = { userId: null, personId: await personIdOf("ld") };
    const value = { title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read" as const, roles: [], teams: [], newVersion: "yes" as const };
    const saved = await Promise.all([updateBriefing(briefing, value, actor), updateBriefing(briefing, value, actor)]);
    expect(saved.map((s) => s?.ok && s.version).sort()).toEqual([2, 3]);
    const versions = await pdDb().selectFrom("practice_development_briefing_versions").select("version").where("briefing_id", "=", briefing).orderBy("version").execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    const audited = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "practice_development_briefing").where("subject_id", "=", String(briefing)).where("action", "=", "practice-development.briefing.versioned").execute();
    expect(audited).toHaveLength(2);
  });

  it("refuses asking for re-confirmation without a new version, a link that is not http(s), and no link at all", async () => {
    const briefing = await createBriefing();
    const path = `/programmes/practice-development/briefings/${briefing}/edit`;
    const outcome = await run(editBriefing.action, await requestAs("ld", path, post({ title: "T", summary: "S", linkUrl: "javascript:alert(1)", delivery: "read", reconfirm: "yes" })), { briefingId: String(briefing) });
    expect(outcome.status).toBe(400);
    expect((outcome.data as { errors: Record<string, string> }).errors).toMatchObject({ linkUrl: "briefing.errors.url", reconfirm: "briefing.errors.reconfirmNeedsVersion" });
    const badRole = await run(newBriefing.action, await requestAs("ld", "/programmes/practice-development/briefings/new", post({ title: "T", summary: "S", linkUrl: "https://x.example", delivery: "read", roles: "not_a_role" })));
    expect((badRole.data as { errors: Record<string, string> }).errors).toEqual({ roles: "briefing.errors.roles" });
    const none = await run(newBriefing.action, await requestAs("ld", "/programmes/practice-development/briefings/new", post({ title: "T", summary: "S", delivery: "read" })));
    expect(none.status).toBe(400);
    expect((none.data as { errors: Record<string, string> }).errors).toEqual({ linkUrl: "briefing.errors.linkOrDocument" });
  });
});

describe("an answer too long", () => {
  type Refused = { errors: Record<string, string> };
  /** The message as people read it, in English and in Welsh. */
  const inWords = (key: string) => [fixedT("en-GB", "practice-development")(key), fixedT("cy", "practice-development")(key)];
  const sharePoint = (length: number) => {
    const start = "https://example.sharepoint.com/sites/practice/Shared%20Documents/";
    return start + "a".repeat(length - start.length);
  };

  it("tells a long web address the 500-character limit, not that it is not a web address, and keeps one of 500", async () => {
    const refused = await run(newBriefing.action, await requestAs("ld", "/programmes/practice-development/briefings/new", post({ title: "T", summary: "S", linkUrl: sharePoint(501), documentUrl: sharePoint(501), delivery: "read" })));
    expect(refused.status).toBe(400);
    expect((refused.data as Refused).errors).toEqual({ linkUrl: "briefing.errors.urlTooLong", documentUrl: "briefing.errors.urlTooLong" });
    expect(inWords("briefing.errors.urlTooLong")).toEqual(["The web address must be 500 characters or fewer", "Rhaid i'r cyfeiriad gwe fod yn 500 nod neu lai"]);
    const briefing = await createBriefing({ linkUrl: sharePoint(500) });
    expect((await pdDb().selectFrom("practice_development_briefings").select("link_url").where("id", "=", briefing).executeTakeFirstOrThrow()).link_url).toBe(sharePoint(500));
  });

  it("names the limit of a briefing's title and summary", async () => {
    const refused = await run(newBriefing.action, await requestAs("ld", "/programmes/practice-development/briefings/new", post({ title: "x".repeat(201), summary: "x".repeat(4001), linkUrl: "https://x.example", delivery: "read" })));
    expect(refused.status).toBe(400);
    expect((refused.data as Refused).errors).toEqual({ title: "briefing.errors.titleTooLong", summary: "briefing.errors.summaryTooLong" });
    expect(inWords("briefing.errors.titleTooLong")).toEqual(["The title must be 200 characters or fewer", "Rhaid i'r teitl fod yn 200 nod neu lai"]);
    expect(inWords("briefing.errors.summaryTooLong")).toEqual(["The summary must be 4,000 characters or fewer", "Rhaid i'r crynodeb fod yn 4,000 nod neu lai"]);
  });

  it("names the limit of a session's name and venue", async () => {
    const refused = await run(newSession.action, await requestAs("ld", "/programmes/practice-development/briefings/sessions/new", post({ kind: "sos_intro", name: "x".repeat(121), firstDate: inDays(20), time: "09:30", durationMinutes: "120", days: "1", capacity: "10", venue: "x".repeat(201) })));
    expect(refused.status).toBe(400);
    expect((refused.data as Refused).errors).toEqual({ name: "sessions.errors.nameTooLong", venue: "sessions.errors.venueTooLong" });
    expect(inWords("sessions.errors.nameTooLong")).toEqual(["The name must be 120 characters or fewer", "Rhaid i'r enw fod yn 120 nod neu lai"]);
    expect(inWords("sessions.errors.venueTooLong")).toEqual(["The venue must be 200 characters or fewer", "Rhaid i'r lleoliad fod yn 200 nod neu lai"]);
  });
});

describe("a role or team sent twice", () => {
  const audienceOf = async (briefing: number) => pdDb().selectFrom("practice_development_briefing_audience").select(["kind", "value"]).where("briefing_id", "=", briefing).orderBy("kind").orderBy("value").execute();
  const targetsOf = async (rollout: number) => pdDb().selectFrom("practice_development_rollout_targets").select(["kind", "value"]).where("rollout_id", "=", rollout).orderBy("kind").orderBy("value").execute();

  it("counts once when a briefing is created or edited", async () => {
    const team = String(teamA.id);
    const briefing = await createBriefing({ roles: ["social_worker", "social_worker"], teams: [team, team, `0${team}`] });
    const once = [{ kind: "role", value: "social_worker" }, { kind: "team", value: team }];
    expect(await audienceOf(briefing)).toEqual(once);

    const path = `/programmes/practice-development/briefings/${briefing}/edit`;
    const edited = await run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "What to know", linkUrl: "https://intranet.example.org/b", delivery: "read", roles: ["team_manager", "team_manager"], teams: [team, team] })), { briefingId: String(briefing) });
    expect(edited.status).toBe(302);
    expect(await audienceOf(briefing)).toEqual([{ kind: "role", value: "team_manager" }, { kind: "team", value: team }]);
  });

  it("counts once when a rollout is created", async () => {
    const briefing = await createBriefing();
    const [team, locality] = [String(teamA.id), String(teamB.parent_id)];
    const rollout = await createRollout(briefing, { roles: ["social_worker", "social_worker"], teams: [team, `0${team}`], localities: [locality, locality] });
    expect(await targetsOf(rollout)).toEqual([{ kind: "locality", value: locality }, { kind: "role", value: "social_worker" }, { kind: "team", value: team }]);
  });
});

describe("who may do what", () => {
  it("a practitioner cannot create briefings, rollouts or sessions, nor see rollout progress", async () => {
    expect((await run(newBriefing.action, await requestAs("practitioner", "/programmes/practice-development/briefings/new", post({ title: "T", summary: "S", linkUrl: "https://x.example", delivery: "read" })))).status).toBe(403);
    expect((await run(newRollout.action, await requestAs("practitioner", "/programmes/practice-development/rollouts/new", post({ briefing: "1", dueOn: inDays(5), targetPercent: "50" })))).status).toBe(403);
    expect((await run(newSession.loader, await requestAs("manager", "/programmes/practice-development/briefings/sessions/new"))).status).toBe(403);
    expect((await run(rollouts.loader, await requestAs("practitioner", "/programmes/practice-development/rollouts"))).status).toBe(403);
    expect((await run(rolloutPage.loader, await requestAs("practitioner", "/programmes/practice-development/rollouts/1"), { rolloutId: "1" })).status).toBe(403);
    expect((await run(rolloutPage.loader, await requestAs("ld", "/programmes/practice-development/rollouts/999999"), { rolloutId: "999999" })).status).toBe(404);
    expect((await run(briefingPage.loader, await requestAs("practitioner", "/programmes/practice-development/briefings/abc"), { briefingId: "abc" })).status).toBe(404);
  });

  it("a manager sees only their line's progress, on the page and in the CSV", async () => {
    const briefing = await createBriefing();
    const rollout = await createRollout(briefing);
    const managerId = await personIdOf("manager");
    const line = await db()
      .withRecursive("r(id)", (qb) => qb.selectFrom("people").select("id").where("line_manager_id", "=", managerId).unionAll(qb.selectFrom("people as p").innerJoin("r", "r.id", "p.line_manager_id").select("p.id")))
      .selectFrom("people")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", (qb) => qb.selectFrom("r").select("r.id"))
      .where("employment_status", "=", "active")
      .executeTakeFirstOrThrow();
    const everyone = await db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("employment_status", "=", "active").executeTakeFirstOrThrow();
    const mine = await progressAs("manager", rollout);
    expect(mine.total.total).toBe(Number(line.n));
    expect((await progressAs("ld", rollout)).total.total).toBe(Number(everyone.n));
    const csv = await run(rolloutExport.loader, await requestAs("manager", `/programmes/practice-development/rollouts/${rollout}/export`), { rolloutId: String(rollout) });
    const lines = (csv.data as string).trim().split("\r\n");
    expect(lines.length - 1).toBe(mine.teams.length);
  });
});

describe("batching", () => {
  it("answers readiness, the /me card and rollout progress in the same few queries for ten people or everyone", async () => {
    const ids = (await db().selectFrom("people").select("id").execute()).map((r) => r.id);
    const ctx = pluginContext(plugin, "en-GB");
    const count = async (work: () => Promise<unknown>) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      try {
        await work();
      } finally {
        stop();
      }
      return n;
    };
    const few = await count(() => plugin.readiness!(ctx, ids.slice(0, 10)));
    const all = await count(() => plugin.readiness!(ctx, ids));
    expect(ids.length).toBeGreaterThan(300);
    expect(all).toBe(few);
    expect(all).toBeLessThanOrEqual(8);
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const page = await count(() => run(rolloutPage.loader, new Request("http://localhost/x"), { rolloutId: String(rollout) }).catch(() => undefined));
    expect(page).toBeLessThan(10);
  });

  it("gives one readiness item per rollout per person: not applicable where the rollout does not target them, and agreeing with the progress page", async () => {
    const ctx = pluginContext(plugin, "en-GB");
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const ids = (await db().selectFrom("people").select("id").where("employment_status", "=", "active").execute()).map((r) => r.id);
    const items = (await plugin.readiness!(ctx, ids)).filter((i) => i.requirementId === `rollout-${rollout}`);
    expect(items).toHaveLength(ids.length);
    const p = await progressAs("ld", rollout);
    expect(items.filter((i) => i.status === "met")).toHaveLength(p.total.covered);
    expect(items.filter((i) => i.status === "in_progress")).toHaveLength(p.total.booked);
    expect(items.filter((i) => i.status === "not_met")).toHaveLength(p.total.notYet);
    expect(items.filter((i) => i.status === "not_applicable")).toHaveLength(ids.length - p.total.total);
  });
});

describe("/me, induction and Signs of Safety", () => {
  it("shows the practitioner what to cover on /me and on the programme page", async () => {
    const ctx = pluginContext(plugin, "en-GB");
    const alex = await personIdOf("practitioner");
    const widget = plugin.widgets!.find((w) => w.id === "briefings")!;
    const card = await widget.load(ctx, { userId: 0, personId: alex, roles: ["practitioner"] });
    expect(card?.rows?.map((r) => r.label)).toEqual(expect.arrayContaining(["What a good assessment looks like (Signs of Safety)", "Pathway plan training"]));
    const page = await run(home.loader, await requestAs("practitioner", "/programmes/practice-development"));
    expect((page.data as { mine: { title: string; status: string }[] }).mine.find((m) => m.title === "Permanence")).toMatchObject({ status: "not_yet" });
  });

  it("builds a new starter's checklist from their role's induction briefings, and shows their manager the line only", async () => {
    const jordan = await personIdOf("asye");
    await db().updateTable("people").set({ employment_start: inDays(-20) }).where("id", "=", jordan).execute();
    const mine = await run(induction.loader, await requestAs("asye", "/programmes/practice-development/induction"));
    const items = (mine.data as { items: { title: string; status: string }[] }).items;
    // An ASYE social worker's induction: a good assessment (frontline roles) and private fostering (everyone);
    // pathway plan training is for social workers, PAs and IROs, not ASYEs; permanence is not in induction.
    expect(items.map((i) => i.title).sort()).toEqual(["Private fostering", "What a good assessment looks like (Signs of Safety)"]);
    const team = await run(inductionTeam.loader, await requestAs("manager", "/programmes/practice-development/induction/team"));
    const rows = (team.data as { rows: { id: number; items: number; done: number }[] }).rows;
    expect(rows.find((r) => r.id === jordan)).toMatchObject({ items: 2, done: 0 });
    const outsider = await addPerson(teamC.id, "social_worker", inDays(-5));
    expect(rows.some((r) => r.id === outsider)).toBe(false);
    const all = await run(inductionTeam.loader, await requestAs("ld", "/programmes/practice-development/induction/team?page=1"));
    expect((all.data as { total: number }).total).toBeGreaterThan(rows.length);
    expect((await run(inductionTeam.action, await requestAs("manager", "/programmes/practice-development/induction/team", post({ days: "30" })))).status).toBe(403);
    expect((await run(inductionTeam.action, await requestAs("ld", "/programmes/practice-development/induction/team", post({ days: "0" })))).status).toBe(400);
  });

  it("enforces the Signs of Safety prerequisites", async () => {
    const course = await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_course").executeTakeFirstOrThrow();
    const book = async () => run(sos.action, await requestAs("practitioner", "/programmes/practice-development/briefings/signs-of-safety", post({ cohort: String(course.cohort_id) })));
    const refused = await book();
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.prerequisite" });
    const intro = await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_intro").executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const [enrolment] = await db().insertInto("enrolments").values({ cohort_id: intro.cohort_id, person_id: await personIdOf("practitioner"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", intro.cohort_id).executeTakeFirstOrThrow();
    await db().insertInto("attendance").values({ session_id: session.id, enrolment_id: enrolment.id, status: "present", marked_by: null, marked_at: now }).execute();
    const booked = await book();
    expect(booked.status).toBe(302);
  });
});

describe("switched off", () => {
  it("answers 404 on its pages and leaves /me, /team, readiness and the metrics pack without it", async () => {
    const plugins = await import("../../../app/routes/admin.plugins");
    const metrics = await import("../../../app/routes/admin.reports_.metrics");
    const figureSources = async () => ((await run(metrics.loader, await requestAs("ld", "/admin/reports/metrics"))).data as { rows: { source: string }[] }).rows.map((r) => r.source);
    const me = await import("../../../app/routes/me._index");
    const { readinessFor } = await import("../../../app/services/readiness.server");
    const switchTo = async (enabled: boolean) => {
      const outcome = await run(plugins.action, await requestAs("admin", "/admin/plugins", post({ plugin: "practice-development", enabled: enabled ? "1" : "0" })));
      expect(outcome.data).toMatchObject({ ok: true, enabled });
    };
    await switchTo(false);
    try {
      expect((await run(home.loader, await requestAs("practitioner", "/programmes/practice-development"))).status).toBe(404);
      expect((await run(rollouts.loader, await requestAs("ld", "/programmes/practice-development/rollouts"))).status).toBe(404);
      const mine = await run(me.loader, await requestAs("practitioner", "/me"));
      expect(mine.status).toBe(200);
      expect((mine.data as { widgets: { id: string }[] }).widgets.some((w) => w.id.startsWith("practice-development"))).toBe(false);
      const readiness = await readinessFor([await personIdOf("practitioner")], "en-GB");
      expect([...readiness.values()].flat().some((r) => r.source === "practice-development")).toBe(false);
      const sources = await figureSources();
      expect(sources).toContain("common");
      expect(sources).not.toContain("practice-development");
    } finally {
      await switchTo(true);
    }
    const readiness = await readinessFor([await personIdOf("practitioner")], "en-GB");
    expect([...readiness.values()].flat().some((r) => r.source === "practice-development")).toBe(true);
    expect(await figureSources()).toContain("practice-development");
  });
});

describe("whatever is typed", () => {
  it("answers 400 or 404, never 500", async () => {
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const briefing = (await pdDb().selectFrom("practice_development_briefings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const long = "a".repeat(5000);
    const cases: [Promise<{ status: number }>, number][] = [
      [run(rollouts.loader, await requestAs("ld", "/programmes/practice-development/rollouts?page=abc%00")), 200],
      [run(rollouts.loader, await requestAs("ld", "/programmes/practice-development/rollouts?page=999999999")), 200],
      [run(rolloutPage.loader, await requestAs("ld", "/x"), { rolloutId: "99999999999999" }), 404],
      [run(newRollout.action, await requestAs("ld", "/x", post({ briefing: "999999", dueOn: "2026-02-30", targetPercent: "1e3", teams: ["abc"], localities: ["%00"] }))), 400],
      [run(newRollout.action, await requestAs("ld", "/x", post({ briefing: String(briefing), dueOn: inDays(3), targetPercent: "50", teams: ["999999999"] }))), 400],
      [run(newRollout.action, await requestAs("ld", "/x", post({ briefing: String(briefing), dueOn: "2001-01-01", targetPercent: "50" }))), 400],
      [run(newBriefing.action, await requestAs("ld", "/x", post({ title: long, summary: "\u0000", linkUrl: `https://${long}.example`, delivery: "fax", teams: ["1 or 1=1"] }))), 400],
      [run(newSession.action, await requestAs("ld", "/x", post({ kind: "briefing", briefing: String(briefing), name: "X", firstDate: inDays(3), time: "25:00", durationMinutes: "5", days: "9", capacity: "0" }))), 400],
      // A "read" briefing cannot have sessions.
      [run(newSession.action, await requestAs("ld", "/x", post({ kind: "briefing", briefing: String(briefing), name: "X", firstDate: inDays(3), time: "09:00", durationMinutes: "60", days: "1", capacity: "5" }))), 400],
      [run(briefingPage.action, await requestAs("practitioner", "/x", post({ intent: "book", cohort: "%00" })), { briefingId: String(briefing) }), 400],
      [run(briefingPage.action, await requestAs("practitioner", "/x", post({ intent: "confirm", version: "99999999999" })), { briefingId: String(briefing) }), 400],
      [run(sos.action, await requestAs("practitioner", "/x", post({ cohort: "1.5" }))), 400],
      [run(inductionTeam.action, await requestAs("ld", "/x", post({ days: "1e3" }))), 400],
      [run(sessionPage.action, await requestAs("ld", "/x", post({ session: "0", present: "x" })), { cohortId: String((await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").executeTakeFirstOrThrow()).cohort_id) }), 400],
    ];
    for (const [outcome, status] of cases) expect((await outcome).status).toBe(status);
    expect(rollout).toBeGreaterThan(0);
  });
});
