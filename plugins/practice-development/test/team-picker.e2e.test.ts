// The team picker of an organisation too big to list every team, in real Chromium, in English and Welsh:
// axe finds nothing on the first view, on the "Show teams" step's error and with a locality's teams shown;
// and without JavaScript, Enter in a text field saves rather than opening the step, and a team ticked from
// an opened locality is saved.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { accessibilityViolations } from "../../../tests/support/browser";
import { browserSuite } from "../../../tests/support/browser-suite";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { pdDb } from "../server/db.server";
import { EVERY_TEAM_UP_TO } from "../server/org-choices.server";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
const base = "/programmes/practice-development";
const TEAMS_EACH = 20;
const localities: { id: number; name: string; teams: number[] }[] = [];

beforeAll(async () => {
  // Enough teams, on top of the demo's, that the forms list only those of a locality opened.
  for (const label of ["North", "South", "East"]) {
    const name = `Picker locality ${label}`;
    const [locality] = await db().insertInto("org_units").values({ code: `E2E-${label}`, name, kind: "locality", parent_id: null }).returning("id").execute();
    const teams = Array.from({ length: TEAMS_EACH }, (_, t) => ({ code: `E2E-${label}-${t + 1}`, name: `Picker team ${label} ${t + 1}`, kind: "team" as const, parent_id: locality.id }));
    localities.push({ id: locality.id, name, teams: (await db().insertInto("org_units").values(teams).returning("id").execute()).map((r) => r.id) });
  }
  const teams = await db().selectFrom("org_units").select("id").where("kind", "=", "team").execute();
  expect(teams.length).toBeGreaterThan(EVERY_TEAM_UP_TO);
});

const teamBoxes = "input[name=teams]";
const SHOW_TEAMS = "button[name=intent][value=showTeams]";

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  const text = locale === "cy" ? cy : enGB;
  const newRollout = async () => `${base}/rollouts/new?briefing=${(await pdDb().selectFrom("practice_development_briefings").select("id").orderBy("id").executeTakeFirstOrThrow()).id}`;

  it("passes axe on the first view, on the step's error and with a locality's teams shown", async () => {
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, await newRollout());
    expect(await page.locator(teamBoxes).count()).toBe(0);

    // The step with no locality chosen is an error beside the picker, and in the summary.
    await page.click(SHOW_TEAMS);
    await page.waitForSelector("#showTeamsIn-error");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.org.errors.showTeamsIn);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.selectOption("#showTeamsIn", String(localities[0].id));
    await page.click(SHOW_TEAMS);
    await page.waitForSelector(teamBoxes);
    expect(await page.locator(teamBoxes).count()).toBe(TEAMS_EACH);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it("without JavaScript, opens a locality's teams and saves a rollout to a team ticked there when Enter is pressed", async () => {
    const { context, page } = await suite.signedIn("ld@demo.test", locale, false);
    await page.goto(`${suite.url}${await newRollout()}`);
    const opened = localities[1];
    await page.selectOption("#showTeamsIn", String(opened.id));
    await page.fill("#dueOn", dueIn(40));
    await page.click(SHOW_TEAMS);
    await page.waitForSelector(teamBoxes);
    expect(await page.locator(teamBoxes).count()).toBe(TEAMS_EACH);
    expect(await page.inputValue("#dueOn")).toBe(dueIn(40));

    // Enter in a text field saves (through the form's hidden first button), not the step.
    await page.check(`input[name=teams][value="${opened.teams[3]}"]`);
    await page.fill("#targetPercent", "80");
    await page.press("#targetPercent", "Enter");
    await page.waitForURL(/\/rollouts\/\d+\?saved=1$/);
    const rolloutId = Number(new URL(page.url()).pathname.split("/").pop());
    const targets = await pdDb().selectFrom("practice_development_rollout_targets").select(["kind", "value"]).where("rollout_id", "=", rolloutId).execute();
    expect(targets).toEqual([{ kind: "team", value: String(opened.teams[3]) }]);
    await context.close();
  });
});

/** A date `days` from today, as the date field takes it. */
function dueIn(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
