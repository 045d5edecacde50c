// Text addressed to "you" must only reach the person it is about. The same track summary and readiness
// reasons are read by the person, by their manager and by L&D, so each reader must get wording that is
// right for them: "you" for the person, "they" for everyone else.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as teamPerson from "../../../app/routes/team.$personId._index";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID, READER_WORDING, type Reader } from "../programme";
import { addEvidence, rateStatement, reviewStatement } from "../server/journey.server";
import { clearJourney, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

type Statement = { number: number; manager: string; reason: string };
type View = { track: string; reader: Reader; gaps: Statement[]; statements: Statement[] };

/** The headings TrackSummary shows for a view, in a locale: they follow the view's reader. */
function headings(view: View, locale: Locale = "en-GB") {
  const t = fixedT(locale, PLUGIN_ID);
  const words = READER_WORDING[view.reader];
  return { stage: t(words.stage), gapsHeading: t(words.gapsHeading) };
}

const byNumber = (view: View, number: number) => view.statements.find((s) => s.number === number)!;

/** The practitioner track as someone else reads it on /programmes/naas/people/:id. */
async function theirPage(who: DemoAccount, alex: number, query = "") {
  const { loader } = await import("../routes/people.$personId");
  const page = await run(loader, await requestAs(who, `/programmes/naas/people/${alex}?track=practitioner${query}`), { personId: String(alex) });
  expect(page.status).toBe(200);
  return (page.data as { view: View }).view;
}

/** The practitioner track as the person reads it on their own /programmes/naas. */
async function ownPage(query = "") {
  const { loader } = await import("../routes/index");
  const page = await run(loader, await requestAs("practitioner", `/programmes/naas${query}`));
  return (page.data as { tracks: View[] }).tracks.find((v) => v.track === "practitioner")!;
}

const selfAssessment = (items: { requirementId: string; reason: string }[]) => items.find((i) => i.requirementId === "self-assessment")!.reason;

describe("the track summary, read by the person and by someone else", () => {
  let alex: number;
  beforeAll(async () => {
    // Statement 1 ready; 2 below secure, the manager agreeing; 3 needs evidence; 4 rated strong but the
    // manager rates it developing, which is what counts; the rest not rated.
    alex = await personIdOf("practitioner");
    const manager = { userId: null, personId: await personIdOf("manager") };
    const [first, second, third, fourth] = await statementIds("kss-practitioner");
    await clearJourney(alex);
    await rateStatement(alex, first, 3, SYSTEM);
    await addEvidence(alex, first, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM);
    await rateStatement(alex, second, 2, SYSTEM);
    await rateStatement(alex, third, 3, SYSTEM);
    await rateStatement(alex, fourth, 4, SYSTEM);
    await addEvidence(alex, fourth, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM);
    await reviewStatement(alex, second, { review: "agree", rating: null, comment: null, shownRating: 2 }, manager);
    await reviewStatement(alex, fourth, { review: "differ", rating: 2, comment: "Not yet.", shownRating: 4 }, manager);
  });

  it("speaks about the person, not to them, when their manager or L&D reads it", async () => {
    for (const who of ["manager", "ld"] as const) {
      const view = await theirPage(who, alex);
      expect(view.reader).toBe("someoneElse");
      expect(headings(view)).toEqual({ stage: "Stage", gapsHeading: "What holds them back, and what would move them on" });
      expect(byNumber(view, 2)).toMatchObject({ manager: "Their manager agrees with this rating.", reason: "Rated Developing: it needs to reach Secure. They need more practice and evidence, then to rate it again." });
      expect(byNumber(view, 3).reason).toBe("Rated Secure: they need to add at least one piece of evidence.");
      expect(byNumber(view, 4).manager).toBe("Their manager rates this Developing.");
      expect(byNumber(view, 5).reason).toBe("Not rated yet.");
      // Nothing on the page is addressed to the reader.
      for (const s of view.statements) expect(`${s.manager} ${s.reason}`).not.toMatch(/\byou(r|rself)?\b/i);
    }
  });

  it("says the same in Welsh", async () => {
    const view = await theirPage("manager", alex, "&lng=cy");
    expect(headings(view, "cy")).toEqual({ stage: "Cam", gapsHeading: "Beth sy'n eu dal yn ôl, a beth fyddai'n eu helpu i symud ymlaen" });
    expect(byNumber(view, 2).manager).toBe("Mae eu rheolwr yn cytuno â'r sgôr.");
    expect(byNumber(view, 4).manager).toBe("Sgôr eu rheolwr ar gyfer hyn yw Datblygu.");
    expect(byNumber(view, 5).reason).toBe("Heb sgôr eto.");
    for (const s of view.statements) expect(`${s.manager} ${s.reason}`).not.toMatch(/\b(eich|chi)\b/i);
  });

  it("still speaks to the person on their own page", async () => {
    const view = await ownPage();
    expect(view.reader).toBe("self");
    expect(headings(view)).toEqual({ stage: "Where you are", gapsHeading: "What holds you back, and what would move you on" });
    expect(byNumber(view, 2)).toMatchObject({ manager: "Your manager agrees with this rating.", reason: "Rated Developing: it needs to reach Secure. Gather practice and evidence, then rate it again." });
    expect(byNumber(view, 3).reason).toBe("Rated Secure: add at least one piece of evidence.");
    expect(byNumber(view, 4).manager).toBe("Your manager rates this Developing.");
    expect(byNumber(view, 5).reason).toBe("Not rated yet: rate yourself against it.");
  });
});

describe("the self-assessment readiness reason before anything is rated", () => {
  it("is right for the person on /me and for their manager on /team/:id, in English and Welsh", async () => {
    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const expected = { "": "Not started: none of the 10 statements rated yet.", "?lng=cy": "Heb ddechrau: nid oes sgôr eto i'r un o'r 10 datganiad." };
    for (const [query, reason] of Object.entries(expected)) {
      const mine = (await run(me.loader, await requestAs("practitioner", `/me${query}`))).data as { readiness: { requirementId: string; reason: string }[] };
      const theirs = (await run(teamPerson.loader, await requestAs("manager", `/team/${alex}${query}`), { personId: String(alex) })).data as { readiness: { requirementId: string; reason: string }[] };
      expect(selfAssessment(mine.readiness)).toBe(reason);
      expect(selfAssessment(theirs.readiness)).toBe(reason);
    }
  });
});
