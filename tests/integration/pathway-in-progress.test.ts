// A programme's readiness item can say a requirement is in progress (the apprenticeship's "Applied for
// <intake>; waiting for the manager's support"). The pathway shows it as in progress, not as not met,
// with its own tag colour, in both languages; it still does not count as met, so the stage is not ready.
import { beforeAll, describe, expect, it } from "vitest";
import { definePlugin, type ReadinessItem } from "../../plugins/sdk";
import { registerTestPlugin } from "../../app/plugins.server";
import * as myPathway from "../../app/routes/me.pathway";
import { requirementKey } from "../../app/services/pathway.server";
import type { Locale } from "../../app/utils/i18n";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const SOURCE = "pathway-in-progress";
const STEP = requirementKey({ source: SOURCE, id: "step" });
const words = (label: string, reason: string) => ({ title: "Stepping stones", summary: "For the test only.", step: { label, reason } });

// A programme asking the practitioner's next stage for a step they have begun and not finished.
registerTestPlugin(
  definePlugin({
    id: SOURCE,
    version: "1.0.0",
    titleKey: "title",
    summaryKey: "summary",
    migrations: {},
    locales: { "en-GB": words("A stepping stone", "Applied; waiting for the manager's support."), cy: words("Carreg gamu", "Wedi gwneud cais; yn aros am gefnogaeth y rheolwr.") },
    pathway: [{ id: "step", stages: ["senior_practitioner"], labelKey: "step.label" }],
    readiness: async (_ctx, personIds): Promise<ReadinessItem[]> =>
      personIds.map((personId) => ({ personId, requirementId: "step", status: "in_progress", labelKey: "step.label", reasonKey: "step.reason", actionHref: `/programmes/${SOURCE}` })),
  }),
);

interface Requirement {
  key: string;
  status: string;
  met: boolean;
  reason: string;
}
type Page = { next: { code: string; met: number; total: number; requirements: Requirement[] }[] };

let seniorNext: boolean;

beforeAll(async () => {
  await seedDemo();
  const person = await db().selectFrom("people").select("career_stage").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  seniorNext = person.career_stage === "social_worker";
});

async function pathwayPage(locale: Locale) {
  const outcome = await run(myPathway.loader, await requestAs("practitioner", `/me/pathway?lng=${locale}`));
  expect(outcome.status).toBe(200);
  return outcome.data as Page;
}

describe("a requirement in progress on /me/pathway", () => {
  it("says in progress, does not count as met, and keeps its reason and link", async () => {
    expect(seniorNext).toBe(true);
    const senior = (await pathwayPage("en-GB")).next.find((e) => e.code === "senior_practitioner")!;
    const step = senior.requirements.find((r) => r.key === STEP)!;
    expect(step).toMatchObject({ status: "in_progress", met: false, reason: "Applied; waiting for the manager's support." });
    expect(senior.met).toBe(senior.requirements.filter((r) => r.status === "met").length);
    expect(senior.met).toBeLessThan(senior.total);
    // Met is what counts, and only a met standing counts.
    for (const r of senior.requirements) expect(r.met).toBe(r.status === "met");
  });

  it("shows an in-progress tag of its own colour, in English and in Welsh", async () => {
    for (const [locale, tag] of [["en-GB", "In progress"], ["cy", "Ar y gweill"]] as const) {
      const html = await renderedAfterPost(myPathway.default, await pathwayPage(locale), null, locale);
      const row = html.split('<div class="govuk-summary-list__row">').find((part) => part.includes(locale === "cy" ? "Carreg gamu" : "A stepping stone"))!;
      expect(row).toContain(`<strong class="govuk-tag govuk-tag--yellow">${tag}</strong>`);
      // Still a requirement to act on: the link stays.
      expect(row).toContain(`href="/programmes/${SOURCE}"`);
    }
  });
});
