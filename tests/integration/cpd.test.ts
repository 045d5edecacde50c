// The CPD record: Social Work England's registration year and renewal window at their edges, the rule
// (a setting) with and without a peer reflection, programme entries counted once the person reflects on
// them, the person's own entries added, changed and deleted through the real routes with validation and
// audit, nobody touching another's entry or rewriting a programme's, status for many people in the same
// few queries, and the CSV made safe.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as myCpd from "../../app/routes/me.cpd._index";
import * as cpdEntry from "../../app/routes/me.cpd.entries.$entryId";
import * as cpdExport from "../../app/routes/me.cpd.export.$year";
import * as cpdYear from "../../app/routes/me.cpd.year.$year";
import * as person from "../../app/routes/team.$personId._index";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { cpdYearsOf } from "../../app/services/cpd.server";
import { cpdStatusFor, cpdStatusOf, parseRegistrationYear, registrationYearOf, registrationYearStarting } from "../../app/services/cpd-standing.server";
import { londonToday } from "../../app/utils/london-time";
import { readinessFor } from "../../app/services/readiness.server";
import { writeSettings } from "../../app/services/settings.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { onPostgres } from "../support/test-database";

const at = (iso: string) => new Date(iso);
const stamp = new Date().toISOString();

/** A fresh person with nothing recorded, so each case starts from no entries. */
async function freshPerson(qualified = true) {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const n = Math.floor(Math.random() * 1e9);
  const [row] = await db()
    .insertInto("people")
    .values(
      newPerson(
        { employee_number: `CPD-${n}`, given_name: "Test", family_name: `Person ${n}`, email: `cpd-${n}@demo.test`, team_id: team.id },
        {
          job_title: "Social worker", employment_start: "2020-09-01", qualification_date: qualified ? "2020-07-01" : null, registration_number: qualified ? `SW${n}` : null,
          registration_expiry: qualified ? "2027-11-30" : null, created_at: stamp, updated_at: stamp,
        },
      ),
    )
    .returning("id")
    .execute();
  return row.id;
}

/** An entry with its reflection, as the person's own always have; `reflected: false` is a programme's as it writes it. */
async function addEntry(personId: number, occurredOn: string, options: { peer?: boolean; source?: string; title?: string; reflected?: boolean } = {}) {
  const source = options.source ?? "own";
  const reflection = options.reflected === false ? { learning: null, practice_impact: null } : { learning: "What I learnt", practice_impact: "What changes" };
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: personId, source, source_ref: source === "own" ? null : `ref:${Math.random()}`, title: options.title ?? `Learning on ${occurredOn}`, occurred_on: occurredOn, hours: 2, reflection: null, ...reflection, peer_reflection: options.peer ? 1 : 0, created_at: stamp })
    .returning("id")
    .execute();
  return row.id;
}

const form = (values: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(values) });
const today = () => londonToday(new Date());
/** What the entry's page showed, which its form sends back with a save. */
const shownOn = async (id: number) => ((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${id}`), { entryId: String(id) })).data as { shown: string }).shown;
const validEntry = (overrides: Record<string, string> = {}) => ({ title: "Reading: contextual safeguarding", occurredOn: today(), hours: "1.5", learning: "How harm outside the home works.", practiceImpact: "I map peer groups in assessments.", peerReflection: "yes", ...overrides });

beforeAll(seedDemo);

describe("the registration year", () => {
  it("ends on 30 November and starts again on 1 December, named by its two calendar years", () => {
    expect(registrationYearOf("2026-11-30")).toEqual({ id: "2025-2026", from: 2025, to: 2026, startsOn: "2025-12-01", endsOn: "2026-11-30", renewalOpensOn: "2026-09-01" });
    expect(registrationYearOf("2026-12-01").id).toBe("2026-2027");
    expect(registrationYearOf("2026-01-01").id).toBe("2025-2026");
    expect(parseRegistrationYear("2025-2026", at("2026-06-01T12:00:00Z"))?.startsOn).toBe("2025-12-01");
    for (const nonsense of ["2025-2027", "2026-2027", "abcd-efgh", "2025", "", null]) expect(parseRegistrationYear(nonsense, at("2026-06-01T12:00:00Z"))).toBeUndefined();
  });

  it("counts an entry on 30 November in the year ending that day, and one on 1 December in the next", async () => {
    const id = await freshPerson();
    await addEntry(id, "2026-11-30", { peer: true });
    await addEntry(id, "2026-12-01");
    const lastDay = await cpdStatusOf(id, at("2026-11-30T12:00:00Z"));
    expect([lastDay.year.id, lastDay.entries, lastDay.peerReflections, lastDay.daysToYearEnd]).toEqual(["2025-2026", 1, 1, 0]);
    const firstDay = await cpdStatusOf(id, at("2026-12-01T12:00:00Z"));
    expect([firstDay.year.id, firstDay.entries, firstDay.peerReflections, firstDay.renewalWindowOpen, firstDay.daysToRenewalWindow]).toEqual(["2026-2027", 1, 0, false, 274]);
  });

  it("opens the renewal window on 1 September in London, not in UTC", async () => {
    const id = await freshPerson();
    const before = await cpdStatusOf(id, at("2026-08-31T12:00:00Z"));
    expect([before.renewalWindowOpen, before.daysToRenewalWindow, before.dueBy]).toEqual([false, 1, "2026-11-30"]);
    // 23:30 UTC on 31 August is 00:30 on 1 September in British Summer Time.
    const londonMidnight = await cpdStatusOf(id, at("2026-08-31T23:30:00Z"));
    expect([londonMidnight.renewalWindowOpen, londonMidnight.daysToRenewalWindow, londonMidnight.daysToYearEnd, londonMidnight.dueBy]).toEqual([true, 0, 90, "2026-11-30"]);
    const lastDay = await cpdStatusOf(id, at("2026-11-30T12:00:00Z"));
    expect([lastDay.renewalWindowOpen, lastDay.dueBy]).toEqual([true, "2026-11-30"]);
  });
});

describe("the rule", () => {
  const midYear = at("2026-05-01T12:00:00Z");

  it("needs two entries with one reflected on with a peer", async () => {
    const id = await freshPerson();
    await addEntry(id, "2026-01-10");
    await addEntry(id, "2026-02-10");
    const noPeer = await cpdStatusOf(id, midYear);
    expect([noPeer.met, noPeer.missingEntries, noPeer.missingPeerReflections]).toEqual([false, 0, 1]);
    await addEntry(id, "2026-03-10", { peer: true });
    const met = await cpdStatusOf(id, midYear);
    expect([met.met, met.entries, met.peerReflections]).toEqual([true, 3, 1]);

    const onePeer = await freshPerson();
    await addEntry(onePeer, "2026-01-10", { peer: true });
    const short = await cpdStatusOf(onePeer, midYear);
    expect([short.met, short.missingEntries, short.missingPeerReflections]).toEqual([false, 1, 0]);
  });

  it("counts entries a programme wrote", async () => {
    const id = await freshPerson();
    await addEntry(id, "2026-01-10", { source: "research-in-practice" });
    await addEntry(id, "2026-02-10", { source: "leadership", peer: true });
    expect((await cpdStatusOf(id, midYear)).met).toBe(true);
  });

  it("follows the rule as set, not as written in code", async () => {
    const id = await freshPerson();
    await addEntry(id, "2026-01-10", { peer: true });
    await addEntry(id, "2026-02-10");
    expect((await cpdStatusOf(id, midYear)).met).toBe(true);
    await writeSettings("cpd", { minimumEntries: 3, minimumPeerReflections: 2 }, SYSTEM_ACTOR);
    try {
      const stricter = await cpdStatusOf(id, midYear);
      expect([stricter.met, stricter.missingEntries, stricter.missingPeerReflections]).toEqual([false, 1, 1]);
    } finally {
      await writeSettings("cpd", { minimumEntries: 2, minimumPeerReflections: 1 }, SYSTEM_ACTOR);
    }
  });

  it("is a core readiness item for registered social workers, saying what is missing and by when", async () => {
    const id = await freshPerson();
    const unqualified = await freshPerson(false);
    // The last year that ended (2024 to 2025) was met, so they are up to date before the renewal window.
    const lastYearMet = async (personId: number) => {
      await addEntry(personId, "2025-03-01", { peer: true });
      await addEntry(personId, "2025-04-01");
    };
    await lastYearMet(id);
    await addEntry(id, "2026-01-10");
    const readiness = await readinessFor([id, unqualified], "en-GB", midYear);
    const cpd = readiness.get(id)!.find((i) => i.requirementId === "cpd")!;
    expect(cpd).toMatchObject({ source: "common", status: "met", label: "CPD for Social Work England", actionHref: "/me/cpd" });
    expect(cpd.reason).toBe("2024 to 2025: met. 2025 to 2026: 1 of 2 entries with a reflection and 0 of 1 reflected on with a peer so far, due by 30 November 2026, the end of the registration year.");
    expect(readiness.get(unqualified)!.some((i) => i.requirementId === "cpd")).toBe(false);
    // Once the renewal window is open, what is missing is due by the end of the year.
    const late = await freshPerson();
    await lastYearMet(late);
    await addEntry(late, "2026-09-02", { peer: true });
    const lateItem = (await readinessFor([late], "en-GB", at("2026-10-01T12:00:00Z"))).get(late)!.find((i) => i.requirementId === "cpd")!;
    expect([lateItem.status, lateItem.reason]).toEqual(["in_progress", "2024 to 2025: met. 2025 to 2026: 1 of 2 entries with a reflection and 1 of 1 reflected on with a peer so far, due by 30 November 2026, the end of the registration year."]);
    await addEntry(id, "2026-09-10", { peer: true });
    const inWindow = (await readinessFor([id], "cy", at("2026-10-01T12:00:00Z"))).get(id)!.find((i) => i.requirementId === "cpd")!;
    expect(inWindow.status).toBe("met");
    expect(inWindow.reason).toContain("2025 i 2026");
  });

  it("reads status for many people in the same number of queries as for one", async () => {
    const everyone = (await db().selectFrom("people").select("id").execute()).map((r) => r.id);
    expect(everyone.length).toBeGreaterThan(100);
    const count = async (ids: number[]) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      const result = await cpdStatusFor(ids, midYear);
      stop();
      expect(result.size).toBe(ids.length);
      return n;
    };
    expect(await count(everyone)).toBe(await count(everyone.slice(0, 1)));
  });
});

describe("/me/cpd", () => {
  it("adds an entry, counted in this year's status, and audits it", async () => {
    const alex = await personIdOf("practitioner");
    const before = (await run(myCpd.loader, await requestAs("practitioner", "/me/cpd"))).data as { status: { entries: number; yearId: string } };
    expect(before.status.yearId).toBe(registrationYearOf(today()).id);
    const outcome = await run(myCpd.action, await requestAs("practitioner", "/me/cpd", form(validEntry({ title: "Added through the page" }))));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe(`/me/cpd?year=${registrationYearOf(today()).id}&saved=added`);
    const after = (await run(myCpd.loader, await requestAs("practitioner", "/me/cpd?saved=added"))).data as { status: { entries: number }; entries: { title: string; own: boolean }[]; saved: string };
    expect(after.status.entries).toBe(before.status.entries + 1);
    expect(after.entries.find((e) => e.title === "Added through the page")?.own).toBe(true);
    expect(after.saved).toBe("added");
    const entry = await db().selectFrom("cpd_entries").selectAll().where("title", "=", "Added through the page").executeTakeFirstOrThrow();
    expect([entry.person_id, entry.source, entry.hours, entry.peer_reflection, entry.learning]).toEqual([alex, "own", 1.5, 1, "How harm outside the home works."]);
    const audit = await db().selectFrom("audit_events").selectAll().where("action", "=", "cpd_entry.added").where("subject_id", "=", String(entry.id)).executeTakeFirstOrThrow();
    expect([audit.person_id, audit.actor_person_id]).toEqual([alex, alex]);
  });

  it("reports every problem next to its field, and saves nothing", async () => {
    const count = async () => Number((await db().selectFrom("cpd_entries").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const rows = await count();
    const errorsFor = async (values: Record<string, string>) => {
      const outcome = await run(myCpd.action, await requestAs("practitioner", "/me/cpd", form(values)));
      expect(outcome.status).toBe(400);
      return (outcome.data as { error: Record<string, string[]> }).error;
    };
    expect(await errorsFor({})).toEqual({
      title: ["cpd.errors.title"], occurredOn: ["cpd.errors.date"], hours: ["cpd.errors.hours"], learning: ["cpd.errors.learning"], practiceImpact: ["cpd.errors.practiceImpact"], peerReflection: ["cpd.errors.peerReflection"],
    });
    const tomorrow = new Date(Date.parse(`${today()}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await errorsFor(validEntry({ occurredOn: tomorrow }))).occurredOn).toEqual(["cpd.errors.dateFuture"]);
    expect((await errorsFor(validEntry({ occurredOn: "2019-11-30" }))).occurredOn).toEqual(["cpd.errors.dateTooEarly"]);
    expect((await errorsFor(validEntry({ occurredOn: "2026-02-30" }))).occurredOn).toEqual(["cpd.errors.date"]);
    for (const hours of ["100.5", "-1", "abc", "1.555", "1e2"]) expect((await errorsFor(validEntry({ hours }))).hours).toEqual(["cpd.errors.hours"]);
    expect((await errorsFor(validEntry({ title: "x".repeat(201), learning: "   " })))).toEqual({ title: ["cpd.errors.titleTooLong"], learning: ["cpd.errors.learning"] });
    expect((await errorsFor(validEntry({ peerReflection: "maybe" }))).peerReflection).toEqual(["cpd.errors.peerReflection"]);
    expect(await count()).toBe(rows);
    // The edges are allowed: today, 0 and 100 hours.
    for (const hours of ["0", "100"]) expect((await run(myCpd.action, await requestAs("practitioner", "/me/cpd", form(validEntry({ hours, title: `Edge ${hours}` }))))).status).toBe(302);
  });

  it("shows an earlier year and the years there are entries in, and ignores a nonsense year", async () => {
    const alex = await personIdOf("practitioner");
    await addEntry(alex, "2023-03-01", { title: "An older entry" });
    const years = await cpdYearsOf(alex);
    expect(years.map((y) => y.id)).toContain("2022-2023");
    expect(years[0].id).toBe(registrationYearOf(today()).id);
    const older = (await run(myCpd.loader, await requestAs("practitioner", "/me/cpd?year=2022-2023"))).data as { status: { current: boolean; result: string }; entries: { title: string }[] };
    expect(older.status.current).toBe(false);
    expect(older.status.result).toBe("not_met");
    expect(older.entries.map((e) => e.title)).toContain("An older entry");
    const nonsense = await run(myCpd.loader, await requestAs("practitioner", "/me/cpd?year=<script>&page=-4"));
    expect(nonsense.status).toBe(200);
    expect((nonsense.data as { status: { yearId: string } }).status.yearId).toBe(registrationYearOf(today()).id);
  });

  it("changes and deletes the person's own entry, audited with before and after", async () => {
    const alex = await personIdOf("practitioner");
    const id = await addEntry(alex, today(), { title: "To change" });
    const params = { entryId: String(id) };
    const page = (await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${id}`), params)).data as { entry: { title: string; peerReflection: string }; shown: string };
    expect(page.entry).toMatchObject({ title: "To change", peerReflection: "no" });
    const invalid = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, form({ ...validEntry({ hours: "500" }), shown: page.shown })), params);
    expect(invalid.status).toBe(400);
    const changed = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, form({ intent: "save", ...validEntry({ title: "Changed", occurredOn: "2024-02-01", peerReflection: "no" }), shown: page.shown })), params);
    expect(changed.status).toBe(302);
    expect(changed.headers.get("Location")).toBe("/me/cpd?year=2023-2024&saved=changed");
    expect(await db().selectFrom("cpd_entries").select(["title", "occurred_on", "peer_reflection"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ title: "Changed", occurred_on: "2024-02-01", peer_reflection: 0 });
    const changeAudit = await db().selectFrom("audit_events").selectAll().where("action", "=", "cpd_entry.changed").where("subject_id", "=", String(id)).executeTakeFirstOrThrow();
    expect(JSON.parse(changeAudit.before_json!).title).toBe("To change");
    expect(JSON.parse(changeAudit.after_json!).title).toBe("Changed");
    const deleted = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, form({ intent: "delete" })), params);
    expect(deleted.status).toBe(302);
    expect(await db().selectFrom("cpd_entries").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom("audit_events").select("person_id").where("action", "=", "cpd_entry.deleted").where("subject_id", "=", String(id)).executeTakeFirstOrThrow()).toEqual({ person_id: alex });
    expect((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${id}`), params)).status).toBe(404);
  });

  it("lets nobody touch another person's entry (not found), nor rewrite or delete a programme's (its record stays)", async () => {
    const asye = await personIdOf("asye");
    const alex = await personIdOf("practitioner");
    const theirs = await addEntry(asye, today(), { title: "Not Alex's" });
    const programme = await addEntry(alex, today(), { title: "Written by a programme", source: "research-in-practice", reflected: false });
    const at = (id: number) => ({ path: `/me/cpd/entries/${id}`, params: { entryId: String(id) } });
    expect((await run(cpdEntry.loader, await requestAs("practitioner", at(theirs).path), at(theirs).params)).status).toBe(404);
    expect((await run(cpdEntry.action, await requestAs("practitioner", at(theirs).path, form({ intent: "save", ...validEntry({ title: "Hijacked" }) })), at(theirs).params)).status).toBe(404);
    expect((await run(cpdEntry.action, await requestAs("practitioner", at(theirs).path, form({ intent: "delete" })), at(theirs).params)).status).toBe(404);
    expect((await run(cpdEntry.action, await requestAs("practitioner", at(programme).path, form({ intent: "delete" })), at(programme).params)).status).toBe(403);
    // A full entry's fields sent for a programme's entry change only the reflection, never its title, date or hours.
    const sent = await run(cpdEntry.action, await requestAs("practitioner", at(programme).path, form({ intent: "save", ...validEntry({ title: "Hijacked", occurredOn: "2020-01-01", hours: "99" }), shown: await shownOn(programme) })), at(programme).params);
    expect(sent.status).toBe(302);
    const rows = await db().selectFrom("cpd_entries").select(["title", "occurred_on", "hours"]).where("id", "in", [theirs, programme]).orderBy("id").execute();
    expect(rows).toEqual([{ title: "Not Alex's", occurred_on: today(), hours: 2 }, { title: "Written by a programme", occurred_on: today(), hours: 2 }]);
    for (const bad of ["0", "abc", "99999999"]) expect((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${bad}`), { entryId: bad })).status).toBe(404);
    // The list says which programme wrote it.
    const list = (await run(myCpd.loader, await requestAs("practitioner", "/me/cpd"))).data as { entries: { id: number; own: boolean; source: string }[] };
    expect(list.entries.find((e) => e.id === programme)).toMatchObject({ own: false, source: "Research in Practice courses" });
  });
});

describe("a programme's entry", () => {
  // Social Work England asks of each piece of CPD what was learnt and how it changes practice; a
  // programme records only that the learning happened.
  const year = registrationYearStarting(2022);
  const inYear = "2023-01-15";
  const statusNow = async (personId: number) => cpdStatusOf(personId, at("2023-02-01T12:00:00Z"), year);

  it("counts once the person has reflected on it, through its page, audited", async () => {
    const alex = await personIdOf("practitioner");
    const before = await statusNow(alex);
    const id = await addEntry(alex, inYear, { title: "Permanence planning", source: "research-in-practice", reflected: false });
    expect(await statusNow(alex)).toMatchObject({ entries: before.entries, peerReflections: before.peerReflections, awaitingReflection: before.awaitingReflection + 1 });
    const listed = async () => ((await run(myCpd.loader, await requestAs("practitioner", `/me/cpd?year=${year.id}`))).data as { entries: { id: number; reflected: boolean }[]; status: { awaitingReflection: number } });
    expect((await listed()).entries.find((e) => e.id === id)).toMatchObject({ reflected: false });
    expect((await listed()).status.awaitingReflection).toBe(before.awaitingReflection + 1);

    const params = { entryId: String(id) };
    const page = await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${id}`), params);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ own: false, programme: { title: "Permanence planning", source: "Research in Practice courses" }, entry: { learning: "", practiceImpact: "", peerReflection: "" } });
    const reflection = { intent: "reflect", learning: "Planning for permanence from the first day.", practiceImpact: "I raise permanence at the first review.", peerReflection: "yes" };
    const saved = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, form({ ...reflection, shown: (page.data as { shown: string }).shown })), params);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/me/cpd?year=${year.id}&saved=reflected`);

    expect(await statusNow(alex)).toMatchObject({ entries: before.entries + 1, peerReflections: before.peerReflections + 1, awaitingReflection: before.awaitingReflection });
    expect((await listed()).entries.find((e) => e.id === id)).toMatchObject({ reflected: true });
    const event = await db().selectFrom("audit_events").select(["person_id", "before_json", "after_json"]).where("action", "=", "cpd_entry.reflected").where("subject_id", "=", String(id)).executeTakeFirstOrThrow();
    expect(event.person_id).toBe(alex);
    expect(JSON.parse(event.before_json!)).toEqual({ learning: null, practice_impact: null, peer_reflection: 0 });
    expect(JSON.parse(event.after_json!)).toEqual({ learning: reflection.learning, practice_impact: reflection.practiceImpact, peer_reflection: 1 });
    // The page now holds the reflection, to change.
    expect((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${id}`), params)).data).toMatchObject({ entry: { learning: reflection.learning, peerReflection: "yes" } });
  });

  it("refuses a reflection with a part missing, saying which, and keeps the entry as it was", async () => {
    const alex = await personIdOf("practitioner");
    const id = await addEntry(alex, inYear, { title: "Child exploitation", source: "research-in-practice", reflected: false });
    const refused = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, form({ intent: "reflect", learning: "   ", practiceImpact: "", peerReflection: "maybe", shown: await shownOn(id) })), { entryId: String(id) });
    expect(refused.status).toBe(400);
    const errors = (refused.data as { error: Record<string, string[]> }).error;
    expect(errors).toMatchObject({ learning: ["cpd.errors.learning"], practiceImpact: ["cpd.errors.practiceImpact"], peerReflection: ["cpd.errors.peerReflection"] });
    expect(await db().selectFrom("cpd_entries").select(["learning", "practice_impact", "peer_reflection"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ learning: null, practice_impact: null, peer_reflection: 0 });
  });

});

describe("the export", () => {
  it("downloads one year's entries as CSV in the regulator's order, with formulas escaped", async () => {
    const alex = await personIdOf("practitioner");
    await addEntry(alex, "2022-01-15", { title: "=HYPERLINK(\"http://evil\")", peer: true });
    const outcome = await run(cpdExport.loader, await requestAs("practitioner", "/me/cpd/export/2021-2022"), { year: "2021-2022" });
    expect(outcome.status).toBe(200);
    expect(outcome.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(outcome.headers.get("Content-Disposition")).toBe('attachment; filename="cpd-2021-2022.csv"');
    const lines = (outcome.data as string).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Title,Date,Source,Hours,What I learnt,How it changes my practice,Reflected on with a peer,Professional standard");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"")",2022-01-15,Own entry,2,What I learnt,What changes,Yes,Standard 4: maintain my continuing professional development`);
    for (const bad of ["2021-2023", "nonsense", "3000-3001"]) expect((await run(cpdExport.loader, await requestAs("practitioner", `/me/cpd/export/${bad}`), { year: bad })).status).toBe(404);
  });

  it("lays one year out field by field on a page, only the person's own record", async () => {
    const page = (await run(cpdYear.loader, await requestAs("practitioner", "/me/cpd/year/2021-2022"), { year: "2021-2022" })).data as { entries: { title: string; learning: string; peerReflection: boolean }[] };
    expect(page.entries.map((e) => e.title)).toEqual(['=HYPERLINK("http://evil")']);
    const asyes = (await run(cpdYear.loader, await requestAs("asye", "/me/cpd/year/2021-2022"), { year: "2021-2022" })).data as { entries: unknown[] };
    expect(asyes.entries).toEqual([]);
    expect((await run(cpdYear.loader, await requestAs("practitioner", "/me/cpd/year/1-2"), { year: "1-2" })).status).toBe(404);
    expect((await run(cpdYear.loader, await requestAs(null, "/me/cpd/year/2021-2022"), { year: "2021-2022" })).status).toBe(302);
  });
});

describe("a manager's view", () => {
  it("shows a team member's CPD status and this year's entries", async () => {
    const alex = await personIdOf("practitioner");
    await addEntry(alex, today(), { title: "Seen by the manager", peer: true });
    const data = (await run(person.loader, await requestAs("manager", `/team/${alex}`), { personId: String(alex) })).data as { cpd: { status: { yearId: string; entries: number; reason: string }; entries: { title: string; date: string }[] } };
    const expected = await cpdStatusOf(alex);
    expect(data.cpd.status.yearId).toBe(registrationYearStarting(registrationYearOf(today()).from).id);
    expect(data.cpd.status.entries).toBe(expected.entries);
    expect(data.cpd.entries.map((e) => e.title)).toContain("Seen by the manager");
  });

  it("sends the browser the entries' titles and dates, not the person's reflections", async () => {
    const alex = await personIdOf("practitioner");
    await addEntry(alex, today(), { title: "Reflected on privately" });
    const response = await run(person.loader, await requestAs("manager", `/team/${alex}`), { personId: String(alex) });
    const sent = JSON.stringify(response.data);
    expect(sent).toContain("Reflected on privately");
    expect(sent).not.toContain("What I learnt");
    expect(sent).not.toContain("What changes");
  });
});

describe("an entry a programme wrote in both languages", () => {
  it("reads in the reader's language on the person's record, their manager's view and the export", async () => {
    const alex = await personIdOf("practitioner");
    const [entry] = await db()
      .insertInto("cpd_entries")
      .values({ person_id: alex, source: "asye", source_ref: "both-languages", title: "Passed in English", title_cy: "Wedi llwyddo yn Gymraeg", occurred_on: today(), hours: 0, reflection: null, created_at: stamp })
      .returning("id")
      .execute();
    type Entries = { entries: { id: number; title: string }[] };
    const titleOn = async (path: string) => ((await run(myCpd.loader, await requestAs("practitioner", path))).data as Entries).entries.find((e) => e.id === entry.id)?.title;
    expect(await titleOn("/me/cpd")).toBe("Passed in English");
    expect(await titleOn("/me/cpd?lng=cy")).toBe("Wedi llwyddo yn Gymraeg");
    const managerSees = (await run(person.loader, await requestAs("manager", `/team/${alex}?lng=cy`), { personId: String(alex) })).data as { cpd: Entries };
    expect(managerSees.cpd.entries.find((e) => e.id === entry.id)?.title).toBe("Wedi llwyddo yn Gymraeg");
    const csv = await (await cpdExport.loader({ request: await requestAs("practitioner", `/me/cpd/export/${registrationYearOf(today()).id}?lng=cy`), params: { year: registrationYearOf(today()).id }, context: {} } as never)).text();
    expect(csv).toContain("Wedi llwyddo yn Gymraeg");
    expect(csv).not.toContain("Passed in English");
  });
});

describe("a programme's entries, found by source and reference", () => {
  it("are reached through an index, as each programme's title backfill updates them", async () => {
    if (onPostgres()) {
      // The planner may scan the small demo table anyway; what a national table needs is the index.
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname in ('cpd_entries_source_idx', 'evidence_offers_source_idx') order by indexname`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/cpd_entries.*\(source, source_ref\)/), expect.stringMatching(/evidence_offers.*\(source, source_ref\)/)]);
    } else {
      const plan = async (table: string) =>
        (await sql<{ detail: string }>`explain query plan update ${sql.table(table)} set title_cy = 'x' where source = 'naas' and source_ref = 'accreditation:practitioner' and title_cy is null`.execute(db())).rows.map((r) => r.detail).join("\n");
      expect(await plan("cpd_entries")).toContain("INDEX cpd_entries_source_idx");
      expect(await plan("evidence_offers")).toContain("INDEX evidence_offers_source_idx");
    }
  });
});
