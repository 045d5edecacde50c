// Closing a rollout retires it without losing it, through the real actions and loaders on a migrated,
// seeded database: it leaves readiness (so /team loses its column) and the /me card, keeps its page, its
// figures and its CSV, is listed as closed for L&D, and reopening brings everything back. Only those who
// may create rollouts close them, each change is audited, a second click finds it done, and the "latest
// due rollout of a briefing counts" rule looks at open rollouts only.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readinessFor } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as teamPage from "../../../app/routes/team._index";
import plugin from "../plugin";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as rolloutExport from "../routes/rollouts.$rolloutId.export";
import * as rolloutList from "../routes/rollouts";
import { auditDb } from "../server/audits/db.server";
import { pdDb } from "../server/db.server";
import { decodeHtml } from "../../../tests/support/html-forms";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { addPerson, createRollout, progressAs, teamsInThreeLocalities, type Team } from "./rollout-fixtures";

const BASE = "/programmes/practice-development";

let practitioner: number;
let practitionerTeam: number;

beforeAll(async () => {
  await seedDemo();
  practitioner = await personIdOf("practitioner");
  practitionerTeam = (await db().selectFrom("people").select("team_id").where("id", "=", practitioner).executeTakeFirstOrThrow()).team_id;
});

const postTo = async (who: DemoAccount, rollout: number, intent: string) =>
  run(rolloutPage.action, await requestAs(who, `${BASE}/rollouts/${rollout}`, post({ intent })), { rolloutId: String(rollout) });

const closedState = (rollout: number) => pdDb().selectFrom("practice_development_rollouts").select(["closed_at", "closed_by"]).where("id", "=", rollout).executeTakeFirstOrThrow();

const nameOf = async (account: DemoAccount) => {
  const person = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf(account)).executeTakeFirstOrThrow();
  return `${person.given_name} ${person.family_name}`;
};

const auditEventsOf = async (rollout: number) =>
  (await db().selectFrom("audit_events").select(["action", "actor_person_id"]).where("subject_type", "=", "practice_development_rollout").where("subject_id", "=", String(rollout)).orderBy("id").execute()).map((e) => e.action);

/** The person's readiness items for these rollouts, through the core's readiness (every enabled plugin). */
const itemsOf = async (personId: number, rollouts: number[]) =>
  ((await readinessFor([personId], "en-GB")).get(personId) ?? []).filter((i) => rollouts.some((r) => i.requirementId === `rollout-${r}`)).map((i) => [i.requirementId, i.status]);

/** The /me card's rows for the person, through the plugin's real widget. */
const meCardOf = async (personId: number) => {
  const card = await plugin.widgets!.find((w) => w.id === "briefings")!.load(pluginContext(plugin, "en-GB"), { userId: 0, personId, roles: ["practitioner"] }, [personId]);
  return card?.rows?.map((r) => r.label) ?? [];
};

/** The requirement columns of the manager's /team page. */
const teamColumns = async () => ((await run(teamPage.loader, await requestAs("manager", "/team"))).data as { requirements: { id: string }[] }).requirements.map((c) => c.id);

describe("closing a rollout", () => {
  it("takes it out of readiness, /team's columns and the /me card, keeps its page, figures and CSV, and reopening brings them back", async () => {
    const briefing = await createBriefing({ delivery: "read", title: "Retired guidance" });
    const rollout = await createRollout(briefing, { teams: [String(practitionerTeam)] });
    const column = `practice-development.rollout-${rollout}`;
    expect(await itemsOf(practitioner, [rollout])).toEqual([[`rollout-${rollout}`, "not_met"]]);
    expect(await meCardOf(practitioner)).toContain("Retired guidance");
    expect(await teamColumns()).toContain(column);
    const figures = await progressAs("ld", rollout);

    const closed = await postTo("ld", rollout, "close");
    expect(closed.status).toBe(302);
    expect(closed.headers.get("Location")).toBe(`${BASE}/rollouts/${rollout}?saved=closed`);
    expect(await itemsOf(practitioner, [rollout])).toEqual([]);
    expect(await meCardOf(practitioner)).not.toContain("Retired guidance");
    expect(await teamColumns()).not.toContain(column);

    // Its page still has its figures, says when and by whom it was closed, and offers to reopen it.
    const page = await run(rolloutPage.loader, await requestAs("ld", `${BASE}/rollouts/${rollout}`), { rolloutId: String(rollout) });
    expect(page.status).toBe(200);
    const data = page.data as { total: unknown; closed: { on: string; by: string | null } | null; canManage: boolean };
    expect(data.total).toEqual((figures as unknown as { total: unknown }).total);
    expect(data.closed).toEqual({ on: expect.stringMatching(/\d{4}/), by: await nameOf("ld") });
    expect(data.canManage).toBe(true);
    const csv = await run(rolloutExport.loader, await requestAs("ld", `${BASE}/rollouts/${rollout}/export`), { rolloutId: String(rollout) });
    expect(csv.status).toBe(200);
    expect((csv.data as string).trim().split("\r\n").length).toBeGreaterThan(1);

    // L&D still find it on /rollouts, among the closed, not the open.
    const list = (await run(rolloutList.loader, await requestAs("ld", `${BASE}/rollouts`))).data as { open: { rows: { id: number }[] }; closed: { rows: { id: number; closed: string }[] } };
    expect(list.open.rows.some((r) => r.id === rollout)).toBe(false);
    expect(list.closed.rows.find((r) => r.id === rollout)?.closed).toBe(data.closed!.on);

    const reopened = await postTo("ld", rollout, "reopen");
    expect(reopened.headers.get("Location")).toBe(`${BASE}/rollouts/${rollout}?saved=reopened`);
    expect(await closedState(rollout)).toEqual({ closed_at: null, closed_by: null });
    expect(await itemsOf(practitioner, [rollout])).toEqual([[`rollout-${rollout}`, "not_met"]]);
    expect(await meCardOf(practitioner)).toContain("Retired guidance");
    expect(await teamColumns()).toContain(column);
    const after = (await run(rolloutList.loader, await requestAs("ld", `${BASE}/rollouts`))).data as typeof list;
    expect(after.closed.rows.some((r) => r.id === rollout)).toBe(false);
  });

  it("shows a manager the closed rollout's page, saying who closed it, without the form to reopen it", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Named closer" }), { teams: [String(practitionerTeam)] });
    await postTo("ld", rollout, "close");
    const page = await run(rolloutPage.loader, await requestAs("manager", `${BASE}/rollouts/${rollout}`), { rolloutId: String(rollout) });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ closed: { by: await nameOf("ld") }, canManage: false });
  });

  it("is refused to a manager, who may see the rollout but not create one, and changes nothing", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Not the manager's to close" }), { teams: [String(practitionerTeam)] });
    expect((await postTo("manager", rollout, "close")).status).toBe(403);
    expect(await closedState(rollout)).toEqual({ closed_at: null, closed_by: null });
    await postTo("ld", rollout, "close");
    expect((await postTo("manager", rollout, "reopen")).status).toBe(403);
    expect((await closedState(rollout)).closed_at).not.toBeNull();
    expect(await auditEventsOf(rollout)).toEqual(["practice-development.rollout.created", "practice-development.rollout.closed"]);
  });

  it("records an audit event for closing and for reopening, naming who did it", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Audited closing" }), { teams: [String(practitionerTeam)] });
    await postTo("ld", rollout, "close");
    await postTo("admin", rollout, "reopen");
    const events = await db().selectFrom("audit_events").select(["action", "actor_person_id", "before_json", "after_json"]).where("subject_type", "=", "practice_development_rollout").where("subject_id", "=", String(rollout)).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["practice-development.rollout.created", "practice-development.rollout.closed", "practice-development.rollout.reopened"]);
    expect(events[1].actor_person_id).toBe(await personIdOf("ld"));
    expect(JSON.parse(events[2].before_json!)).toMatchObject({ closedBy: await personIdOf("ld") });
  });

  it("finds a second click done: closing a closed rollout (or reopening an open one) changes nothing and says so", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Double click" }), { teams: [String(practitionerTeam)] });
    await postTo("ld", rollout, "close");
    const first = await closedState(rollout);
    const again = await postTo("admin", rollout, "close");
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`${BASE}/rollouts/${rollout}?saved=alreadyClosed`);
    expect(await closedState(rollout)).toEqual(first);
    await postTo("ld", rollout, "reopen");
    const reopenAgain = await postTo("ld", rollout, "reopen");
    expect(reopenAgain.headers.get("Location")).toBe(`${BASE}/rollouts/${rollout}?saved=alreadyOpen`);
    expect(await auditEventsOf(rollout)).toEqual(["practice-development.rollout.created", "practice-development.rollout.closed", "practice-development.rollout.reopened"]);
  });

  it("answers 400 to an intent it does not know, and changes nothing", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Unknown intent" }), { teams: [String(practitionerTeam)] });
    const outcome = await postTo("ld", rollout, "delete");
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ error: "errors.unknownAction" });
    expect(await closedState(rollout)).toEqual({ closed_at: null, closed_by: null });
  });
});

describe("the latest due rollout of a briefing counts", () => {
  let teamA: Team;
  beforeAll(async () => {
    [teamA] = await teamsInThreeLocalities();
  });

  it("among the open ones only: closing the later hands the count back to the earlier, and reopening takes it again", async () => {
    const briefing = await createBriefing({ delivery: "read", title: "Two rollouts, one closed" });
    const earlier = await createRollout(briefing, { teams: [String(teamA.id)], dueOn: inDays(60) });
    const later = await createRollout(briefing, { teams: [String(teamA.id)], dueOn: inDays(90) });
    const person = await addPerson(teamA.id);
    expect(await itemsOf(person, [earlier, later])).toEqual([
      [`rollout-${earlier}`, "not_applicable"],
      [`rollout-${later}`, "not_met"],
    ]);

    await postTo("ld", later, "close");
    expect(await itemsOf(person, [earlier, later])).toEqual([[`rollout-${earlier}`, "not_met"]]);

    await postTo("ld", later, "reopen");
    expect(await itemsOf(person, [earlier, later])).toEqual([
      [`rollout-${earlier}`, "not_applicable"],
      [`rollout-${later}`, "not_met"],
    ]);
  });
});

describe("a closed rollout elsewhere", () => {
  /** An audit of the practitioner's team with one finding, through the real actions. */
  async function auditWithFinding() {
    const created = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Rollouts to link", heldOn: inDays(-1), summary: "Sampled records.", teams: [String(practitionerTeam)] })));
    const audit = idFrom(created.headers.get("Location"));
    await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Recording", pcf: "knowledge" })), { auditId: String(audit) });
    const finding = (await auditDb().selectFrom("practice_development_audit_findings").select("id").where("audit_id", "=", audit).executeTakeFirstOrThrow()).id;
    return { audit, finding, params: { auditId: String(audit), findingId: String(finding) } };
  }
  const raiseLinked = async (audit: number, finding: number, rollout: number) =>
    run(findingPage.action, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`, post({ intent: "raise", kind: "rollout", rollout: String(rollout), dueOn: inDays(30) })), { auditId: String(audit), findingId: String(finding) });

  it("is not offered to link to a learning action, is refused if posted anyway, and an action already linked to it still shows it", async () => {
    const briefing = await createBriefing({ title: "Linked before closing" });
    const open = await createRollout(briefing, { teams: [String(practitionerTeam)] });
    const closed = await createRollout(briefing, { teams: [String(practitionerTeam)] });
    const { audit, finding, params } = await auditWithFinding();
    expect((await raiseLinked(audit, finding, closed)).status).toBe(302);
    await postTo("ld", closed, "close");

    const page = (await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), params)).data as { rollouts: { value: string }[]; actions: { rollout_id: number | null; rollout_title: string | null }[] };
    const offered = page.rollouts.map((r) => r.value);
    expect(offered).toContain(String(open));
    expect(offered).not.toContain(String(closed));
    expect(page.actions).toEqual([expect.objectContaining({ rollout_id: closed, rollout_title: "Linked before closing" })]);

    // A page shown before it closed (or a tampered one) posts it anyway: refused beside the field, nothing stored.
    const refused = await raiseLinked(audit, finding, closed);
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({ rollout: "audits.errors.rolloutClosed" });
    expect(await auditDb().selectFrom("practice_development_audit_actions").select("rollout_id").where("finding_id", "=", finding).execute()).toEqual([{ rollout_id: closed }]);
    expect((await raiseLinked(audit, finding, open)).status).toBe(302);
  });

  it("is never linked once closed, even when it closes between the check that it is open and the link", async () => {
    const briefing = await createBriefing({ title: "Closed mid-link" });
    const rollout = await createRollout(briefing, { teams: [String(practitionerTeam)] });
    const { audit, finding } = await auditWithFinding();
    // The close arrives just after the link first reads the rollout. Checked under the lock closing takes,
    // the close waits for the link (or the link sees it closed); checked before it, the close lands in
    // between and the link is written to a rollout already closed.
    const raised = await whenFirstRead(/from "practice_development_rollouts"/i, () => postTo("ld", rollout, "close"), () => raiseLinked(audit, finding, rollout));
    expect((await closedState(rollout)).closed_at).not.toBeNull();
    const events = await db().selectFrom("audit_events").select(["id", "action", "subject_id"]).where("action", "in", ["practice-development.rollout.closed", "practice-development.audit.action-raised"]).orderBy("id").execute();
    const closedAt = events.find((e) => e.action === "practice-development.rollout.closed" && e.subject_id === String(rollout))!.id;
    const linked = await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", finding).execute();
    if (raised.status === 400) {
      expect((raised.data as { errors: Record<string, string> }).errors).toEqual({ rollout: "audits.errors.rolloutClosed" });
      expect(linked).toEqual([]);
    } else {
      expect(raised.status).toBe(302);
      const raisedAt = events.filter((e) => e.action === "practice-development.audit.action-raised").at(-1)!.id;
      // Linked while it was still open: the link's audit event comes before the close's.
      expect(raisedAt).toBeLessThan(closedAt);
    }
  });

  it("is marked as closed, with the date, in its briefing's list of rollouts, in en-GB and cy", async () => {
    const briefing = await createBriefing({ title: "One open, one closed" });
    const open = await createRollout(briefing, { teams: [String(practitionerTeam)], dueOn: inDays(30) });
    const closed = await createRollout(briefing, { teams: [String(practitionerTeam)], dueOn: inDays(60) });
    await postTo("ld", closed, "close");
    for (const locale of ["en-GB", "cy"] as const) {
      const loaded = await run(briefingPage.loader, await requestAs("ld", `${BASE}/briefings/${briefing}?lng=${locale}`), { briefingId: String(briefing) });
      const data = loaded.data as { rollouts: { id: number; closed: string | null }[] };
      expect(data.rollouts.map((r) => [r.id, r.closed === null])).toEqual([[open, true], [closed, false]]);
      const html = decodeHtml(await renderedAfterPost(briefingPage.default, loaded.data, null, locale));
      const item = (rollout: number) => html.slice(html.indexOf(`href="${BASE}/rollouts/${rollout}"`)).split("</li>")[0];
      const tag = fixedT(locale, "practice-development")("briefing.rolloutClosed", { when: data.rollouts[1].closed });
      expect(item(closed)).toContain(tag);
      expect(item(open)).not.toContain("govuk-tag");
    }
  });
});
