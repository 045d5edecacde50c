// Briefings through the real loaders and actions on a migrated, seeded database: the demo seed, version
// bumps that do and do not force re-confirmation, confirmations of the current version only, limits, a
// role or team sent twice, and hostile input. Who may do what, where people see what to do, batching and
// switching off have their own file (briefing-reach.test.ts); rollout coverage too (rollouts.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
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
import * as inductionTeam from "../routes/induction.team";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as newRollout from "../routes/rollouts.new";
import * as rollouts from "../routes/rollouts";
import { updateBriefing } from "../server/briefings/briefings.server";
import { pdDb } from "../server/db.server";
import { createBriefing, idFrom, inDays, post, shownOnEditPage } from "./briefing-requests";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { createRollout, progressAs, teamsInThreeLocalities, type Team } from "./rollout-fixtures";

let teamA: Team;
let teamB: Team;

beforeAll(async () => {
  await seedDemo();
  [teamA, teamB] = await teamsInThreeLocalities();
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
    expect((await run(editBriefing.action, await requestAs("ld", `${path}/edit`, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", ...(await shownOnEditPage(briefing)) })), { briefingId: String(briefing) })).status).toBe(302);
    expect(await status()).toBe("covered");
    // Confirming now must be of version 2; version 1 is refused and records nothing.
    const stale = await confirm(1);
    expect(stale.status).toBe(400);
    expect(stale.data).toEqual({ error: "confirm.errors.notCurrent" });
    // Version 3 asks everyone to confirm again.
    expect((await run(editBriefing.action, await requestAs("ld", `${path}/edit`, post({ title: "Test briefing", summary: "Changed again", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", reconfirm: "yes", ...(await shownOnEditPage(briefing)) })), { briefingId: String(briefing) })).status).toBe(302);
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
    // Both sent from one page: it showed version 1 at revision 1.
    const publish = async () => run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", shownVersion: "1", shownRevision: "1" })), { briefingId: String(briefing) });
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
    const outcome = await run(editBriefing.action, await requestAs("ld", path, post({ title: "T", summary: "S", linkUrl: "javascript:alert(1)", delivery: "read", reconfirm: "yes", ...(await shownOnEditPage(briefing)) })), { briefingId: String(briefing) });
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
    const edited = await run(editBriefing.action, await requestAs("ld", path, post({ title: "Test briefing", summary: "What to know", linkUrl: "https://intranet.example.org/b", delivery: "read", roles: ["team_manager", "team_manager"], teams: [team, team], ...(await shownOnEditPage(briefing)) })), { briefingId: String(briefing) });
    expect(edited.status).toBe(302);
    expect(await audienceOf(briefing)).toEqual([{ kind: "role", value: "team_manager" }, { kind: "team", value: team }]);
  });

  it("counts once when a rollout is created", async () => {
    const briefing = await createBriefing();
    const [team, locality] = [String(teamA.id), String(teamB.parent_id)];
    const rollout = await createRollout(briefing, { roles: ["social_worker", "social_worker"], teams: [team, `0${team}`], localities: [locality, locality] });
    expect(await targetsOf(rollout)).toEqual([{ kind: "locality", value: locality }, { kind: "role", value: "social_worker" }, { kind: "team", value: team }]);
  });

  it("counts each team once before the 500-team limit, so a list that repeats two teams past it saves those two", async () => {
    const [first, second] = [String(teamA.id), String(teamB.id)];
    const repeated = Array.from({ length: 251 }, () => [first, `0${second}`]).flat();
    expect(repeated.length).toBeGreaterThan(500);
    const twoTeams = [first, second].sort().map((value) => ({ kind: "team", value }));
    expect(await audienceOf(await createBriefing({ teams: repeated }))).toEqual(twoTeams);
    const rollout = await createRollout(await createBriefing(), { teams: repeated, localities: Array.from({ length: 501 }, () => String(teamA.parent_id)) });
    expect(await targetsOf(rollout)).toEqual([{ kind: "locality", value: String(teamA.parent_id) }, ...twoTeams]);
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
      [run(sessionPage.action, await requestAs("ld", "/x", post({ session: "0", "mark-1": "x" })), { cohortId: String((await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").executeTakeFirstOrThrow()).cohort_id) }), 400],
    ];
    for (const [outcome, status] of cases) expect((await outcome).status).toBe(status);
    expect(rollout).toBeGreaterThan(0);
  });
});
