// CPD across the turn of the registration year (1 December to 30 November, REFERENCE.md section 6).
// A new year starts at no entries: the readiness item and the career pathway's "CPD up to date" look at
// the last year that ended (when the person owed it) and count someone who met it as up to date, saying
// where they stand in both years; one who did not is not met, naming that year. What is missing is due by
// the year's end (30 November, when the renewal window closes), not when the window opens. The printable
// year and its CSV say CPD is recorded against professional standard 4. Everything through the real
// services and loaders on a migrated database, for many people in the same queries as for one.
import { beforeAll, describe, expect, it } from "vitest";
import * as myCpd from "../../app/routes/me.cpd._index";
import * as cpdExport from "../../app/routes/me.cpd.export.$year";
import * as cpdYear from "../../app/routes/me.cpd.year.$year";
import * as personPage from "../../app/routes/team.$personId._index";
import { cpdStandingFor, cpdStatusFor, cpdStatusOf, registrationYearOf, registrationYearStarting } from "../../app/services/cpd-standing.server";
import { londonToday } from "../../app/utils/london-time";
import { cpdStatusView } from "../../app/services/cpd-view.server";
import { pathwaysFor } from "../../app/services/pathway.server";
import { readinessFor } from "../../app/services/readiness.server";
import { db, observeQueries } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const at = (iso: string) => new Date(iso);
const stamp = new Date().toISOString();
const FIRST_OF_DECEMBER = at("2026-12-01T12:00:00Z");

/** A registered social worker (next stage: senior practitioner, which asks for CPD up to date) with nothing recorded. */
async function socialWorker(qualifiedOn = "2020-07-01") {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const n = Math.floor(Math.random() * 1e9);
  const [row] = await db()
    .insertInto("people")
    .values(
      newPerson(
        { employee_number: `YS-${n}`, given_name: "Year", family_name: `Start ${n}`, email: `year-start-${n}@demo.test`, team_id: team.id },
        { career_stage: "social_worker", qualification_date: qualifiedOn, registration_number: `SW${n}`, registration_expiry: "2027-11-30", created_at: stamp, updated_at: stamp },
      ),
    )
    .returning("id")
    .execute();
  return row.id;
}

async function addEntry(personId: number, occurredOn: string, peer = false) {
  await db()
    .insertInto("cpd_entries")
    .values({ person_id: personId, source: "own", source_ref: null, title: `Learning on ${occurredOn}`, title_cy: null, occurred_on: occurredOn, hours: 2, learning: "What I learnt", practice_impact: "What changes", reflection: null, peer_reflection: peer ? 1 : 0, created_at: stamp })
    .execute();
}

async function cpdItem(personId: number, now: Date, locale: Locale = "en-GB") {
  return (await readinessFor([personId], locale, now)).get(personId)!.find((i) => i.requirementId === "cpd")!;
}

/** "CPD up to date" on the person's next stage, as the career pathway counts it. */
async function pathwayCpd(personId: number, now: Date) {
  const senior = (await pathwaysFor([personId], "en-GB", { now })).get(personId)!.next.find((e) => e.stage.code === "senior_practitioner")!;
  return senior.requirements.find((r) => r.key === "common:cpd")!;
}

beforeAll(seedDemo);

describe("on 1 December, a new registration year", () => {
  it("counts someone who met the year just ended as up to date, saying where they stand in both years", async () => {
    const id = await socialWorker();
    await addEntry(id, "2026-03-01", true);
    await addEntry(id, "2026-06-01");
    const item = await cpdItem(id, FIRST_OF_DECEMBER);
    expect(item.status).toBe("met");
    expect(item.reason).toBe("2025 to 2026: met. 2026 to 2027: 0 of 2 entries with a reflection and 0 of 1 reflected on with a peer so far, due by 30 November 2027, the end of the registration year.");
    expect((await cpdItem(id, FIRST_OF_DECEMBER, "cy")).reason).toBe(
      "2025 i 2026: wedi'i fodloni. 2026 i 2027: 0 o 2 o gofnodion gyda myfyrdod a 0 o 1 y myfyriwyd arnynt gyda chymar hyd yma; i'w cwblhau erbyn 30 Tachwedd 2027, diwedd y flwyddyn gofrestru.",
    );
    const cpd = await pathwayCpd(id, at("2026-12-02T12:00:00Z"));
    expect([cpd.status, cpd.met, cpd.applies]).toEqual(["met", true, true]);
  });

  it("shows someone who did not meet the year just ended as not met, naming that year, whatever this year holds", async () => {
    const id = await socialWorker();
    await addEntry(id, "2026-03-01");
    const item = await cpdItem(id, FIRST_OF_DECEMBER);
    expect(item.status).toBe("not_met");
    expect(item.reason).toBe("Not met for 2025 to 2026, the registration year that ended on 30 November 2026. Entries with a reflection: 1 of 2; reflected on with a peer: 0 of 1.");
    expect((await cpdItem(id, FIRST_OF_DECEMBER, "cy")).reason).toContain("Heb ei fodloni ar gyfer 2025 i 2026");
    const cpd = await pathwayCpd(id, FIRST_OF_DECEMBER);
    expect([cpd.status, cpd.met]).toEqual(["not_met", false]);
    // Meeting the new year does not make up for the one that ended short.
    await addEntry(id, "2026-12-01", true);
    await addEntry(id, "2026-12-01");
    expect((await cpdItem(id, at("2026-12-05T12:00:00Z"))).status).toBe("not_met");
  });

  it("owes nothing for a year that ended before the person qualified, as a year is owed from the qualification date", async () => {
    const newlyQualified = await socialWorker("2026-12-10");
    const item = await cpdItem(newlyQualified, at("2026-12-15T12:00:00Z"));
    expect([item.status, item.reason]).toEqual(["met", "2026 to 2027: 0 of 2 entries with a reflection and 0 of 1 reflected on with a peer so far, due by 30 November 2027, the end of the registration year."]);
    expect((await pathwayCpd(newlyQualified, at("2026-12-15T12:00:00Z"))).met).toBe(true);
    // Qualified before the year ended: that year was owed.
    const qualifiedInNovember = await socialWorker("2026-11-20");
    expect((await cpdItem(qualifiedInNovember, at("2026-12-15T12:00:00Z"))).status).toBe("not_met");
  });

  it("needs attention once the renewal window is open with this year's CPD missing, and still counts as up to date on the pathway", async () => {
    const id = await socialWorker();
    await addEntry(id, "2026-03-01", true);
    await addEntry(id, "2026-06-01");
    await addEntry(id, "2027-02-01", true);
    const inWindow = at("2027-10-01T12:00:00Z");
    const item = await cpdItem(id, inWindow);
    expect([item.status, item.reason]).toEqual(["in_progress", "2025 to 2026: met. 2026 to 2027: 1 of 2 entries with a reflection and 1 of 1 reflected on with a peer so far, due by 30 November 2027, the end of the registration year."]);
    const cpd = await pathwayCpd(id, inWindow);
    expect([cpd.status, cpd.met]).toEqual(["met", true]);
    // The year it was due in has ended: now it is behind.
    expect((await cpdItem(id, at("2027-12-01T12:00:00Z"))).status).toBe("not_met");
  });

  it("reads both years for many people in the same queries as for one", async () => {
    const everyone = (await db().selectFrom("people").select(["id", "qualification_date"]).execute()).map((r) => ({ id: r.id, qualifiedOn: r.qualification_date ?? "2020-07-01" }));
    expect(everyone.length).toBeGreaterThan(100);
    const queries = async (work: () => Promise<unknown>, only = /./) => {
      let n = 0;
      const stop = observeQueries((sql) => (n += only.test(sql) ? 1 : 0));
      await work();
      stop();
      return n;
    };
    const forOne = await queries(() => cpdStandingFor(everyone.slice(0, 1), FIRST_OF_DECEMBER));
    expect(await queries(() => cpdStandingFor(everyone, FIRST_OF_DECEMBER))).toBe(forOne);
    // Both years in the same query as one year's status alone.
    expect(forOne).toBe(await queries(() => cpdStatusFor(everyone.slice(0, 1).map((p) => p.id), FIRST_OF_DECEMBER)));
    // Readiness for everyone reads the CPD record once (the programmes' own items read theirs).
    const ids = everyone.map((p) => p.id);
    expect(await queries(() => readinessFor(ids, "en-GB", FIRST_OF_DECEMBER), /from "cpd_entries"/)).toBe(1);
  });

  it("says on the person's CPD record when the year that ended was not met", async () => {
    const alex = await personIdOf("practitioner");
    const last = registrationYearStarting(registrationYearOf(londonToday(new Date())).from - 1);
    await db().deleteFrom("cpd_entries").where("person_id", "=", alex).where("occurred_on", ">=", last.startsOn).where("occurred_on", "<=", last.endsOn).execute();
    const page = (await run(myCpd.loader, await requestAs("practitioner", "/me/cpd"))).data as { lastYearBehind: { yearId: string; reason: string } | null };
    expect(page.lastYearBehind?.yearId).toBe(last.id);
    expect(page.lastYearBehind?.reason).toContain(`Not met for ${last.from} to ${last.to}`);
    // Their manager's view of them says so too, in the reader's language.
    const managerSees = async (path: string) =>
      ((await run(personPage.loader, await requestAs("manager", path), { personId: String(alex) })).data as { cpd: { lastYearBehind: { reason: string } | null } }).cpd.lastYearBehind;
    expect((await managerSees(`/team/${alex}`))?.reason).toBe(page.lastYearBehind?.reason);
    expect((await managerSees(`/team/${alex}?lng=cy`))?.reason).toMatch(/^Heb ei fodloni/);
    await addEntry(alex, last.startsOn, true);
    await addEntry(alex, last.endsOn);
    expect(((await run(myCpd.loader, await requestAs("practitioner", "/me/cpd"))).data as { lastYearBehind: unknown }).lastYearBehind).toBeNull();
    expect(await managerSees(`/team/${alex}`)).toBeNull();
  });
});

describe("when CPD is due", () => {
  it("is the end of the registration year, 30 November, with the renewal window's opening named as when renewal opens", async () => {
    const id = await socialWorker();
    await addEntry(id, "2026-03-01", true);
    await addEntry(id, "2026-06-01");
    await addEntry(id, "2027-01-10");
    const january = at("2027-01-15T12:00:00Z");
    const status = await cpdStatusOf(id, january);
    expect(status.dueBy).toBe("2027-11-30");
    expect(cpdStatusView(status, "en-GB").reason).toBe(
      "Entries with a reflection: 1 of 2; reflected on with a peer: 0 of 1. Due by 30 November 2027, the end of the registration year; the renewal window opens on 1 September 2027.",
    );
    expect(cpdStatusView(status, "cy").reason).toBe(
      "Cofnodion gyda myfyrdod: 1 o 2; wedi myfyrio gyda chymar: 0 o 1. Erbyn 30 Tachwedd 2027, diwedd y flwyddyn gofrestru; mae'r cyfnod adnewyddu'n agor ar 1 Medi 2027.",
    );
    expect((await cpdItem(id, january)).reason).toContain("due by 30 November 2027");
    expect((await cpdItem(id, january)).reason).not.toContain("September");
  });
});

describe("professional standard 4", () => {
  const year = "2021-2022";

  it("is named in the year's CSV, in a column after the existing ones, in both languages", async () => {
    const alex = await personIdOf("practitioner");
    await addEntry(alex, "2022-01-15", true);
    const csv = async (lng: Locale) => ((await run(cpdExport.loader, await requestAs("practitioner", `/me/cpd/export/${year}?lng=${lng}`), { year })).data as string).replace(/^\uFEFF/, "").trim().split("\r\n");
    const english = await csv("en-GB");
    expect(english[0]).toBe("Title,Date,Source,Hours,What I learnt,How it changes my practice,Reflected on with a peer,Professional standard");
    expect(english[1]).toBe("Learning on 2022-01-15,2022-01-15,Own entry,2,What I learnt,What changes,Yes,Standard 4: maintain my continuing professional development");
    const welsh = await csv("cy");
    expect(welsh[0].endsWith(",Safon broffesiynol")).toBe(true);
    expect(welsh[1].endsWith(",Safon 4: cynnal fy natblygiad proffesiynol parhaus")).toBe(true);
  });

  it("is named on the printable year, in both languages", async () => {
    for (const [lng, words] of [["en-GB", ["professional standard 4", "Standard 4: maintain my continuing professional development"]], ["cy", ["safon broffesiynol 4", "Safon 4: cynnal fy natblygiad proffesiynol parhaus"]]] as const) {
      const outcome = await run(cpdYear.loader, await requestAs("practitioner", `/me/cpd/year/${year}?lng=${lng}`), { year });
      expect(outcome.status).toBe(200);
      const html = await renderedAfterPost(cpdYear.default, outcome.data, null, lng);
      for (const text of words) expect(html).toContain(text);
    }
  });
});
