// Choosing teams at national-like scale, through the real loaders and actions on a migrated, seeded
// database with a few hundred more units: the rollout form lists no team until a locality is shown, then
// only that locality's (and those already chosen); ticking a whole locality targets all its teams,
// ticking single teams still works, and a bad choice is an error beside its field and in the summary.
// The "Show teams" step is a POST of the whole form (intent=showTeams) to the route's action, which saves
// nothing: pressed here as a browser without JavaScript would, from the page the server rendered.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import * as newAudit from "../routes/audits.new";
import * as newBriefing from "../routes/briefings.new";
import * as newRollout from "../routes/rollouts.new";
import { auditDb } from "../server/audits/db.server";
import { pdDb } from "../server/db.server";
import { createBriefing, inDays, post } from "./briefing-requests";
import { addPerson, createRollout, progressAs } from "./rollout-fixtures";

const BASE = "/programmes/practice-development";
const NEW_ROLLOUT = `${BASE}/rollouts/new`;
const NEW_BRIEFING = `${BASE}/briefings/new`;
const LOCALITIES = 30;
const TEAMS_EACH = 12;

/** Thirty localities of twelve teams (390 units), as a national service has: each locality's id and its teams' ids. */
async function manyLocalities() {
  const made: { id: number; teams: number[] }[] = [];
  for (let l = 1; l <= LOCALITIES; l += 1) made.push(await localityOf(String(l), TEAMS_EACH));
  return made;
}

/** A locality with `count` teams: its id and its teams' ids. */
async function localityOf(label: string, count: number) {
  const [locality] = await db().insertInto("org_units").values({ code: `PICK-${label}`, name: `Picker locality ${label}`, kind: "locality", parent_id: null }).returning("id").execute();
  const teams = Array.from({ length: count }, (_, t) => ({ code: `PICK-${label}-${t + 1}`, name: `Picker team ${label}.${t + 1}`, kind: "team" as const, parent_id: locality.id }));
  return { id: locality.id, teams: (await db().insertInto("org_units").values(teams).returning("id").execute()).map((r) => r.id) };
}

type Org = { teams: { id: number }[]; localities: { id: number }[]; everyTeam: boolean; shown: number | null };
type Answer = { errors?: Record<string, string>; values: Record<string, string | string[]>; org: Org; editing?: { version: number; revision: number } };
type Fields = Record<string, string | string[]>;

const firstRolloutView = async () => (await run(newRollout.loader, await requestAs("ld", NEW_ROLLOUT))).data as { org: Org };
const answer = (outcome: Outcome) => outcome.data as Answer;
const listedTeams = (org: Org) => org.teams.map((t) => t.id).sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
const checkboxes = (html: string, name: string) => html.match(new RegExp(`name="${name}" type="checkbox"`, "g"))?.length ?? 0;
const stepOf = (fields: Fields) => post({ ...fields, intent: "showTeams" });

/**
 * What a browser without JavaScript posts from a rendered page: its form's fields as the page shows them,
 * with `changes` typed over them, and the button pressed (none: the save; "showTeams": the step).
 */
function pressed(html: string, changes: Fields, button?: "showTeams") {
  const [form] = postForms(html, "http://localhost/page");
  expect(form).toBeDefined();
  if (button) expect(form.buttons).toContainEqual(["intent", button]);
  const body = new URLSearchParams();
  for (const [name, value] of form.fields) if (!(name in changes)) body.append(name, value);
  for (const [name, value] of Object.entries(changes)) for (const one of [value].flat()) body.append(name, one);
  if (button) body.append("intent", button);
  return { method: "POST", body };
}

/** The values the rendered page's form would post, as a map of lists. */
function shownFields(html: string) {
  const [form] = postForms(html, "http://localhost/page");
  const out = new Map<string, string[]>();
  for (const [name, value] of form.fields) out.set(name, [...(out.get(name) ?? []), value]);
  return out;
}

let localities: { id: number; teams: number[] }[];
let briefing: number;

beforeAll(async () => {
  await seedDemo();
  localities = await manyLocalities();
  briefing = await createBriefing();
});

describe("choosing teams at national-like scale", () => {
  it("lists no team on the first view, and only the shown locality's teams after the Show teams step, a POST that saves nothing", async () => {
    const first = await firstRolloutView();
    expect(first.org.everyTeam).toBe(false);
    expect(first.org.teams).toEqual([]);
    expect(first.org.localities.map((l) => l.id)).toEqual(expect.arrayContaining(localities.map((l) => l.id)));

    // The button is part of the page's POST form, with nothing sending it by GET.
    const firstHtml = await renderedAfterPost(newRollout.default, first, null);
    expect(firstHtml).not.toMatch(/formmethod/i);

    const rolloutsBefore = await pdDb().selectFrom("practice_development_rollouts").select("id").execute();
    const opened = localities[7];
    // Every field a save needs, filled in: the step still saves nothing.
    const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, pressed(firstHtml, { briefing: String(briefing), dueOn: inDays(30), targetPercent: "75", showTeamsIn: String(opened.id) }, "showTeams")));
    expect(step.status).toBe(200);
    expect(answer(step).errors).toBeUndefined();
    expect(listedTeams(answer(step).org)).toEqual(sorted(opened.teams));
    // Everything typed comes back as it was.
    expect(answer(step).values).toMatchObject({ briefing: String(briefing), targetPercent: "75", dueOn: inDays(30) });
    expect(await pdDb().selectFrom("practice_development_rollouts").select("id").execute()).toEqual(rolloutsBefore);

    const html = await renderedAfterPost(newRollout.default, first, step.data);
    expect(checkboxes(html, "teams")).toBe(TEAMS_EACH);
    expect(checkboxes(html, "localities")).toBeGreaterThanOrEqual(LOCALITIES);
    // The picker shows the locality opened, and the fields what was typed.
    expect(shownFields(html).get("showTeamsIn")).toEqual([String(opened.id)]);
    expect(shownFields(html).get("targetPercent")).toEqual(["75"]);
  });

  it("saves, not the step, when Enter is pressed in a field: the form's first submit button is a nameless save", async () => {
    const first = await firstRolloutView();
    const html = await renderedAfterPost(newRollout.default, first, null);
    const form = html.match(/<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i)![1];
    const submits = [...form.matchAll(/<button\b([^>]*)>/g)].map((m) => m[1]).filter((attrs) => !/type="button"/.test(attrs));
    // A browser's implicit submission presses the first: nameless, it posts no intent, which saves.
    expect(submits.length).toBeGreaterThan(1);
    expect(submits[0]).not.toMatch(/\bname=/);
    expect(submits[0]).toMatch(/\bhidden\b/);
    expect(submits.some((attrs) => /value="showTeams"/.test(attrs))).toBe(true);
  });

  it("keeps listing teams already ticked when another locality is shown", async () => {
    const ticked = localities[2].teams[0];
    const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, stepOf({ teams: [String(ticked)], showTeamsIn: String(localities[3].id) })));
    expect(step.status).toBe(200);
    expect(listedTeams(answer(step).org)).toEqual(sorted([ticked, ...localities[3].teams]));
    expect(answer(step).values.teams).toEqual([String(ticked)]);
  });

  it("keeps a team ticked from a shown locality listed, and ticked, when the save is then refused", async () => {
    const first = await firstRolloutView();
    const shown = localities[6];
    const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, stepOf({ briefing: String(briefing), targetPercent: "90", showTeamsIn: String(shown.id) })));
    const afterStep = await renderedAfterPost(newRollout.default, first, step.data);
    // Saved with the due date left blank: refused, and the page comes back from the action's data alone.
    const refused = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, pressed(afterStep, { teams: [String(shown.teams[3])], dueOn: "" })));
    expect(refused.status).toBe(400);
    expect(answer(refused).errors).toEqual({ dueOn: "rollout.errors.dueRequired" });
    expect(listedTeams(answer(refused).org)).toEqual(sorted(shown.teams));
    const html = await renderedAfterPost(newRollout.default, first, refused.data);
    expect(shownFields(html).get("teams")).toEqual([String(shown.teams[3])]);
  });

  it("targets every team of a locality ticked whole", async () => {
    const whole = localities[4];
    const staffed = [whole.teams[0], whole.teams[6], whole.teams[11]];
    for (const team of staffed) await addPerson(team);
    const rollout = await createRollout(briefing, { localities: [String(whole.id)] });
    const targeted = await pdDb().selectFrom("practice_development_rollout_targets").select(["kind", "value"]).where("rollout_id", "=", rollout).execute();
    expect(targeted).toEqual([{ kind: "locality", value: String(whole.id) }]);
    const progress = await progressAs("ld", rollout);
    expect(progress.total.total).toBe(staffed.length);
    expect(progress.teams.map((t) => t.id).sort((x, y) => x - y)).toEqual([...staffed].sort((x, y) => x - y));
  });

  it("still targets single teams ticked from a shown locality", async () => {
    const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, stepOf({ showTeamsIn: String(localities[5].id) })));
    const chosen = answer(step).org.teams.slice(0, 2).map((t) => String(t.id));
    const rollout = await createRollout(briefing, { teams: chosen });
    const targeted = await pdDb().selectFrom("practice_development_rollout_targets").select("value").where("rollout_id", "=", rollout).where("kind", "=", "team").execute();
    expect(targeted.map((t) => t.value).sort()).toEqual([...chosen].sort());
  });

  it("refuses a locality posted as a team, beside the teams field and in the summary", async () => {
    const first = await firstRolloutView();
    const refused = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, post({ briefing: String(briefing), dueOn: inDays(30), targetPercent: "90", teams: [String(localities[0].id)] })));
    expect(refused.status).toBe(400);
    expect(answer(refused).errors).toEqual({ teams: "rollout.errors.teams" });
    const html = await renderedAfterPost(newRollout.default, first, refused.data);
    expect(html).toContain('id="teams-error"');
    expect(html).toContain('href="#teams"');
    // No team is listed, yet the summary's link still lands on the field.
    expect(checkboxes(html, "teams")).toBe(0);
    expect(hasElementWithId(html, "teams")).toBe(true);
  });

  it("says beside the locality field, and in the summary, when the Show teams step names no locality (400), keeping what was typed", async () => {
    const first = await firstRolloutView();
    const ticked = localities[1].teams[2];
    for (const asked of ["", String(localities[0].teams[0]), "abc", "999999999"]) {
      const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, stepOf({ targetPercent: "60", teams: [String(ticked)], showTeamsIn: asked })));
      expect(step.status).toBe(400);
      expect(answer(step).errors).toEqual({ showTeamsIn: "org.errors.showTeamsIn" });
      expect(answer(step).values.targetPercent).toBe("60");
      // The team already ticked stays listed.
      expect(listedTeams(answer(step).org)).toEqual([ticked]);
      const html = await renderedAfterPost(newRollout.default, first, step.data);
      expect(html).toContain('id="showTeamsIn-error"');
      expect(errorSummaryTargets(html)).toEqual(["showTeamsIn"]);
      expect(hasElementWithId(html, "showTeamsIn")).toBe(true);
    }
  });

  it("runs the step only for those who may use the form", async () => {
    const step = await run(newRollout.action, await requestAs("practitioner", NEW_ROLLOUT, stepOf({ showTeamsIn: String(localities[0].id) })));
    expect(step.status).toBe(403);
  });

  it("lists only the chosen and shown teams on the audit form too, and records no audit", async () => {
    const before = await auditDb().selectFrom("practice_development_audits").select("id").execute();
    const step = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, stepOf({ theme: "supervision", title: "Kept", heldOn: inDays(-1), summary: "Sampled", showTeamsIn: String(localities[8].id) })));
    expect(step.status).toBe(200);
    expect(listedTeams(answer(step).org)).toEqual(sorted(localities[8].teams));
    expect(answer(step).values.title).toBe("Kept");
    expect(await auditDb().selectFrom("practice_development_audits").select("id").execute()).toEqual(before);
    const first = (await run(newAudit.loader, await requestAs("ld", `${BASE}/audits/new`))).data;
    expect(checkboxes(await renderedAfterPost(newAudit.default, first, step.data), "teams")).toBe(TEAMS_EACH);
  });
});

describe("the Show teams step of the briefing forms", () => {
  it("lists only the chosen and shown teams on the new briefing form, with what was typed", async () => {
    const step = await run(newBriefing.action, await requestAs("ld", NEW_BRIEFING, stepOf({ title: "Kept", delivery: "read", showTeamsIn: String(localities[9].id) })));
    expect(step.status).toBe(200);
    expect(listedTeams(answer(step).org)).toEqual(sorted(localities[9].teams));
    expect(answer(step).values.title).toBe("Kept");
  });

  it("carries a 20,000-character summary through the step as typed (no address could hold it), and the save then refuses it beside the field", async () => {
    const first = (await run(newBriefing.loader, await requestAs("ld", NEW_BRIEFING))).data;
    const firstHtml = await renderedAfterPost(newBriefing.default, first, null);
    // Characters that are percent-encoded three times over, and markup: it must come back exactly.
    const summary = "Résumé & <notes> 100% ".repeat(1000).slice(0, 20_000);
    expect(summary).toHaveLength(20_000);
    const title = "Far too long a summary";
    const typed = { title, summary, linkUrl: "https://intranet.example.org/long", showTeamsIn: String(localities[10].id) };
    const stepPost = pressed(firstHtml, typed, "showTeams");
    // As a query string this would pass Node's 16 KB limit on the request head, and the server would answer 431.
    expect(stepPost.body.toString().length).toBeGreaterThan(16 * 1024);

    const step = await run(newBriefing.action, await requestAs("ld", NEW_BRIEFING, stepPost));
    expect(step.status).toBe(200);
    expect(answer(step).errors).toBeUndefined();
    expect(listedTeams(answer(step).org)).toEqual(sorted(localities[10].teams));
    expect(answer(step).values.summary).toBe(summary);
    const html = await renderedAfterPost(newBriefing.default, first, step.data);
    expect(checkboxes(html, "teams")).toBe(TEAMS_EACH);
    expect(shownFields(html).get("summary")).toEqual([summary]);

    // Saved as it is, with a team ticked: refused as too long beside the summary and in the error summary, nothing stored.
    const ticked = String(localities[10].teams[5]);
    const refused = await run(newBriefing.action, await requestAs("ld", NEW_BRIEFING, pressed(html, { teams: [ticked] })));
    expect(refused.status).toBe(400);
    expect(answer(refused).errors).toEqual({ summary: "briefing.errors.summaryTooLong" });
    expect(answer(refused).values.summary).toBe(summary);
    const refusedHtml = await renderedAfterPost(newBriefing.default, first, refused.data);
    expect(refusedHtml).toContain('id="summary-error"');
    expect(errorSummaryTargets(refusedHtml)).toEqual(["summary"]);
    expect(decodeHtml(refusedHtml)).toContain("The summary must be 4,000 characters or fewer");
    expect(shownFields(refusedHtml).get("teams")).toEqual([ticked]);
    expect(await pdDb().selectFrom("practice_development_briefings").select("id").where("title", "=", title).execute()).toEqual([]);
  });

  it("keeps the edit form's version and revision through the step, so a save made meanwhile by someone else is still refused", async () => {
    const edited = await createBriefing({ title: "Edited twice", summary: "As first saved" });
    const path = `${BASE}/briefings/${edited}/edit`;
    const params = { briefingId: String(edited) };
    const pageFor = async () => renderedAfterPost(editBriefing.default, (await run(editBriefing.loader, await requestAs("ld", path), params)).data, null);
    const stored = () => pdDb().selectFrom("practice_development_briefings").select(["summary", "version", "revision"]).where("id", "=", edited).executeTakeFirstOrThrow();
    const mine = await pageFor();
    expect(shownFields(mine).get("shownRevision")).toEqual(["1"]);

    // Someone else saves a correction from their own page.
    const theirs = await run(editBriefing.action, await requestAs("admin", path, pressed(await pageFor(), { summary: "Their correction" })), params);
    expect(theirs.status).toBe(302);
    expect(await stored()).toEqual({ summary: "Their correction", version: 1, revision: 2 });

    // This editor shows a locality's teams: nothing is saved, and the page (its loader now at revision 2,
    // as it runs again after a post without JavaScript) still carries the revision first shown.
    const step = await run(editBriefing.action, await requestAs("ld", path, pressed(mine, { summary: "My correction", showTeamsIn: String(localities[11].id) }, "showTeams")), params);
    expect(step.status).toBe(200);
    expect(answer(step).editing).toEqual({ version: 1, revision: 1 });
    expect(listedTeams(answer(step).org)).toEqual(sorted(localities[11].teams));
    expect(await stored()).toEqual({ summary: "Their correction", version: 1, revision: 2 });
    const afterStep = await renderedAfterPost(editBriefing.default, (await run(editBriefing.loader, await requestAs("ld", path), params)).data, step.data);
    expect(shownFields(afterStep).get("shownRevision")).toEqual(["1"]);
    expect(shownFields(afterStep).get("summary")).toEqual(["My correction"]);

    const save = await run(editBriefing.action, await requestAs("ld", path, pressed(afterStep, {})), params);
    expect(save.status).toBe(409);
    expect(answer(save).errors).toEqual({ form: "briefing.errors.savedMeanwhileBy" });
    expect((await stored()).summary).toBe("Their correction");
    // Told so, the editor's next save goes on top of the briefing as it is now.
    expect(answer(save).editing).toEqual({ version: 1, revision: 2 });
  });
});

describe("more teams ticked than a save takes (500), after opening several localities", () => {
  const TOO_MANY = "org.errors.tooManyTeams";
  let ticked: string[];

  beforeAll(async () => {
    // Every team of the thirty localities (360), and enough of one more to make 501.
    const more = await localityOf("crowded", 501 - LOCALITIES * TEAMS_EACH + 5);
    ticked = [...localities.flatMap((l) => l.teams), ...more.teams.slice(0, 501 - LOCALITIES * TEAMS_EACH)].map(String);
    expect(new Set(ticked).size).toBe(501);
  });

  /** The page says there are too many beside the teams field and in the summary, and would post every team ticked. */
  async function expectAllTickedAndTooMany(html: string) {
    expect(html).toContain('id="teams-error"');
    expect(errorSummaryTargets(html)).toEqual(["teams"]);
    expect(decodeHtml(html)).toContain("Tick 500 teams or fewer");
    expect(sorted((shownFields(html).get("teams") ?? []).map(Number))).toEqual(sorted(ticked.map(Number)));
  }

  it("refuses the rollout form's Show teams step, and then its save, with 400 beside the teams field, listing every team ticked", async () => {
    const first = await firstRolloutView();
    const firstHtml = await renderedAfterPost(newRollout.default, first, null);
    const rolloutsBefore = await pdDb().selectFrom("practice_development_rollouts").select("id").execute();
    const typed = { briefing: String(briefing), dueOn: inDays(30), targetPercent: "80", teams: ticked, showTeamsIn: String(localities[0].id) };
    const step = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, pressed(firstHtml, typed, "showTeams")));
    expect(step.status).toBe(400);
    expect(answer(step).errors).toEqual({ teams: TOO_MANY });
    expect(listedTeams(answer(step).org)).toEqual(sorted(ticked.map(Number)));
    const html = await renderedAfterPost(newRollout.default, first, step.data);
    await expectAllTickedAndTooMany(html);
    expect(decodeHtml(await renderedAfterPost(newRollout.default, first, step.data, "cy"))).toContain("Ticiwch 500 o dimau neu lai");

    // Saved as it is: refused the same way, nothing stored, and still nothing dropped from the page.
    const save = await run(newRollout.action, await requestAs("ld", NEW_ROLLOUT, pressed(html, {})));
    expect(save.status).toBe(400);
    expect(answer(save).errors).toEqual({ teams: TOO_MANY });
    await expectAllTickedAndTooMany(await renderedAfterPost(newRollout.default, first, save.data));
    expect(await pdDb().selectFrom("practice_development_rollouts").select("id").execute()).toEqual(rolloutsBefore);
  });

  it("does the same on the new briefing, briefing edit and audit forms", async () => {
    const edited = await createBriefing({ title: "Too many teams" });
    const editPath = `${BASE}/briefings/${edited}/edit`;
    const forms: { route: typeof newBriefing | typeof editBriefing | typeof newAudit; path: string; params: Record<string, string>; typed: Fields }[] = [
      { route: newBriefing, path: NEW_BRIEFING, params: {}, typed: { title: "Too many teams", summary: "For many", linkUrl: "https://intranet.example.org/many", delivery: "read" } },
      { route: editBriefing, path: editPath, params: { briefingId: String(edited) }, typed: {} },
      { route: newAudit, path: `${BASE}/audits/new`, params: {}, typed: { theme: "supervision", title: "Many teams", heldOn: inDays(-1), summary: "Sampled" } },
    ];
    for (const { route, path, params, typed } of forms) {
      const first = (await run(route.loader, await requestAs("ld", path), params)).data;
      const firstHtml = await renderedAfterPost(route.default, first, null);
      const step = await run(route.action, await requestAs("ld", path, pressed(firstHtml, { ...typed, teams: ticked, showTeamsIn: String(localities[1].id) }, "showTeams")), params);
      expect([path, step.status]).toEqual([path, 400]);
      expect(answer(step).errors).toEqual({ teams: TOO_MANY });
      const html = await renderedAfterPost(route.default, first, step.data);
      await expectAllTickedAndTooMany(html);

      const save = await run(route.action, await requestAs("ld", path, pressed(html, {})), params);
      expect([path, save.status]).toEqual([path, 400]);
      expect(answer(save).errors).toEqual({ teams: TOO_MANY });
      await expectAllTickedAndTooMany(await renderedAfterPost(route.default, first, save.data));
    }
  });
});
