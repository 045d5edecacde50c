// English counts that agree with their number: "1 statement" and "10 statements", "1 year" and "2 years",
// through the loaders that word them. Welsh keeps one form, which reads right for any number.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as teamPerson from "../../../app/routes/team.$personId._index";
import { serverI18n } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { TrackSummary } from "../components/TrackSummary";
import { DEFAULT_SETTINGS } from "../programme";
import { addEvidence, rateStatement } from "../server/journey.server";
import type { TrackView } from "../server/views.server";
import { addOneStatementFramework, clearJourney, form, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const WELSH = "?lng=cy";

type Readiness = { requirementId: string; reason: string }[];

/** The NAAS self-assessment reason on the person's /me and on their manager's /team/:id. */
async function selfAssessmentReasons(alex: number, query = "") {
  const mine = (await run(me.loader, await requestAs("practitioner", `/me${query}`))).data as { readiness: Readiness };
  const theirs = (await run(teamPerson.loader, await requestAs("manager", `/team/${alex}${query}`), { personId: String(alex) })).data as { readiness: Readiness };
  const reason = (items: Readiness) => items.find((i) => i.requirementId === "self-assessment")!.reason;
  return [reason(mine.readiness), reason(theirs.readiness)];
}

/** A person's practitioner track as their own /programmes/naas loader gives it. */
async function practitionerView(who: DemoAccount, query = "") {
  const { loader } = await import("../routes/index");
  const page = await run(loader, await requestAs(who, `/programmes/naas${query}`));
  expect(page.status).toBe(200);
  return (page.data as { tracks: TrackView[] }).tracks.find((v) => v.track === "practitioner")!;
}

/** The score row of the track summary as the page renders it, in a locale. */
function renderedScore(view: TrackView, locale: Locale) {
  const i18n = serverI18n().cloneInstance({ lng: locale });
  const html = renderToStaticMarkup(
    createElement(I18nextProvider, { i18n }, createElement(StaticRouter, { location: "/programmes/naas" }, createElement(TrackSummary, { view, statementHref: (id: number) => `statements/${id}` }))),
  );
  return html.match(/\d+%: \d+ (of|o) \d+ [^<]*/)![0];
}

/** Rates the statement secure, with evidence, so that it is ready. */
async function makeReady(personId: number, statementId: number) {
  await rateStatement(personId, statementId, 3, SYSTEM);
  await addEvidence(personId, statementId, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM);
}

describe("the self-assessment, counted in statements", () => {
  let alex: number;
  beforeAll(async () => {
    alex = await personIdOf("practitioner");
    await clearJourney(alex);
  });

  it("says 'statements' for the ten statements of the 2018 KSS", async () => {
    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("Not started: none of the 10 statements rated yet."));

    const statements = await statementIds("kss-practitioner");
    await makeReady(alex, statements[0]);
    await rateStatement(alex, statements[1], 2, SYSTEM);
    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("10%: 1 of 10 statements ready. Statements holding the score back: 2, 3, 4, 5, 6, 7, 8, 9, 10."));
    expect(await selfAssessmentReasons(alex, WELSH)).toEqual(Array(2).fill("10%: 1 o 10 datganiad yn barod. Datganiadau sy'n dal y sgôr yn ôl: 2, 3, 4, 5, 6, 7, 8, 9, 10."));
    expect(renderedScore(await practitionerView("practitioner"), "en-GB")).toBe("10%: 1 of 10 statements ready");

    for (const id of statements.slice(1)) await makeReady(alex, id);
    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("All 10 statements ready (100%)."));
    expect(renderedScore(await practitionerView("practitioner"), "en-GB")).toBe("100%: 10 of 10 statements ready");
  });

  it("says 'statement' when the framework in force has one, and Welsh reads as before", async () => {
    // A one-statement framework for the practitioner track, in force from before today, added as an admin does.
    expect(await addOneStatementFramework({ code: "one-statement", version: "1", title: "One statement", titleCy: "Un datganiad", validFrom: "2026-01-01" })).toBe(303);
    const [only] = await statementIds("one-statement", "1");

    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("Not started: the 1 statement is not rated yet."));
    expect(await selfAssessmentReasons(alex, WELSH)).toEqual(Array(2).fill("Heb ddechrau: nid oes sgôr eto i'r un o'r 1 datganiad."));

    await rateStatement(alex, only, 2, SYSTEM);
    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("0%: 0 of 1 statement ready. Statements holding the score back: 1."));
    expect(await selfAssessmentReasons(alex, WELSH)).toEqual(Array(2).fill("0%: 0 o 1 datganiad yn barod. Datganiadau sy'n dal y sgôr yn ôl: 1."));
    expect(renderedScore(await practitionerView("practitioner"), "en-GB")).toBe("0%: 0 of 1 statement ready");

    await makeReady(alex, only);
    expect(await selfAssessmentReasons(alex)).toEqual(Array(2).fill("The 1 statement is ready (100%)."));
    expect(await selfAssessmentReasons(alex, WELSH)).toEqual(Array(2).fill("Pob un o'r 1 datganiad yn barod (100%)."));
    const view = await practitionerView("practitioner", WELSH);
    expect(renderedScore(await practitionerView("practitioner"), "en-GB")).toBe("100%: 1 of 1 statement ready");
    expect(renderedScore(view, "cy")).toBe("100%: 1 o 1 datganiad yn barod");
  });
});

describe("the years since qualifying, a setting", () => {
  const setYears = async (years: number) => {
    const settings = await import("../routes/settings");
    const roles = DEFAULT_SETTINGS.frontlineRoles.map((r): [string, string] => ["frontlineRoles", r]);
    const saved = await run(settings.action, await requestAs("ld", "/programmes/naas/settings", form([["practitionerMinYears", String(years)], ["supervisorMinReports", String(DEFAULT_SETTINGS.supervisorMinReports)], ...roles])));
    expect(saved.status).toBe(303);
  };
  const widgetBody = async (query = "") => {
    const page = (await run(me.loader, await requestAs("asye", `/me${query}`))).data as { widgets: { body?: string }[] };
    return page.widgets.map((w) => w.body).find((b) => b?.startsWith("Eligible for the practitioner track") || b?.startsWith("Yn gymwys ar gyfer llwybr yr ymarferydd"));
  };

  it("says '1 year' at one and '2 years' at two, to the person who is not yet eligible and the one who is", async () => {
    try {
      await setYears(1);
      // The ASYE qualified months ago: not yet eligible, on their NAAS page and on the /me card.
      expect((await practitionerView("asye")).eligibility).toMatch(/^Eligible for the practitioner track from \d{1,2} \w+ \d{4}, when more than 1 year has passed since qualifying\.$/);
      expect(await widgetBody()).toMatch(/, when more than 1 year has passed since qualifying\.$/);
      expect((await practitionerView("asye", WELSH)).eligibility).toMatch(/, pan fydd mwy na 1 o flynyddoedd wedi mynd heibio ers cymhwyso\.$/);
      expect(await widgetBody(WELSH)).toMatch(/, pan fydd mwy na 1 o flynyddoedd wedi mynd heibio ers cymhwyso\.$/);
      // The practitioner qualified three years ago.
      expect((await practitionerView("practitioner")).eligibility).toBe("Eligible for the practitioner track: a frontline role and more than 1 year since qualifying.");
      expect((await practitionerView("practitioner", WELSH)).eligibility).toBe("Yn gymwys ar gyfer llwybr yr ymarferydd: rôl rheng flaen a mwy na 1 o flynyddoedd ers cymhwyso.");

      await setYears(2);
      expect((await practitionerView("asye")).eligibility).toMatch(/^Eligible for the practitioner track from \d{1,2} \w+ \d{4}, when more than 2 years have passed since qualifying\.$/);
      expect(await widgetBody()).toMatch(/, when more than 2 years have passed since qualifying\.$/);
      expect((await practitionerView("asye", WELSH)).eligibility).toMatch(/, pan fydd mwy na 2 o flynyddoedd wedi mynd heibio ers cymhwyso\.$/);
      expect((await practitionerView("practitioner")).eligibility).toBe("Eligible for the practitioner track: a frontline role and more than 2 years since qualifying.");
    } finally {
      await setYears(DEFAULT_SETTINGS.practitionerMinYears);
    }
  });
});
