// A CPD entry open in two tabs: the page sends back what it showed of the entry, so a save from the older
// tab is refused (409) rather than written over a reflection saved since. What was typed is kept, beside
// the entry as saved now, and saving again from that page replaces it knowingly; a form that does not say
// what its page showed is refused too. The same for a person's reflection on a programme's entry.
import { beforeAll, describe, expect, it } from "vitest";
import * as cpdEntry from "../../app/routes/me.cpd.entries.$entryId";
import { londonToday } from "../../app/utils/london-time";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { isRefusal } from "../../app/utils/refused-form";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml, hasErrorSummary, postForms } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

const TEXT = { "en-GB": enGB.cpd, cy: cy.cpd } as const;
const post = (fields: Iterable<[string, string]> | Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields as Record<string, string>) });
const today = () => londonToday(new Date());
const entryForm = (learning: string, overrides: Record<string, string> = {}) => ({ intent: "save", title: "Supervision: direct work", occurredOn: today(), hours: "1.5", learning, practiceImpact: "I plan direct work with each child.", peerReflection: "yes", ...overrides });
const reflectionForm = (learning: string) => ({ intent: "reflect", learning, practiceImpact: "I raise permanence at the first review.", peerReflection: "no" });

async function newEntry(source: "own" | "research-in-practice") {
  const reflected = source === "own";
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({
      person_id: await personIdOf("practitioner"), source, source_ref: reflected ? null : `ref:${Math.random()}`, title: "Supervision: direct work", occurred_on: today(), hours: 1,
      reflection: null, learning: reflected ? "First thoughts" : null, practice_impact: reflected ? "Changes" : null, peer_reflection: 0, created_at: new Date().toISOString(),
    })
    .returning("id")
    .execute();
  return { id: row.id, path: `/me/cpd/entries/${row.id}`, params: { entryId: String(row.id) } };
}

type Entry = Awaited<ReturnType<typeof newEntry>>;

/** The entry's page as the loader gives it: what a tab opened now holds. */
async function openTab(entry: Entry, locale: Locale = "en-GB") {
  const loaded = await run(cpdEntry.loader, await requestAs("practitioner", `${entry.path}?lng=${locale}`), entry.params);
  return loaded.data as { shown: string };
}

const save = async (entry: Entry, fields: Record<string, string>, locale: Locale = "en-GB") => run(cpdEntry.action, await requestAs("practitioner", `${entry.path}?lng=${locale}`, post(fields)), entry.params);
const saved = (id: number) => db().selectFrom("cpd_entries").select(["title", "learning", "practice_impact", "peer_reflection"]).where("id", "=", id).executeTakeFirstOrThrow();
const audits = (action: string, id: number) => db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "=", String(id)).execute();

/** The page a browser without JavaScript gets after the refused post: the loader run again, with the action's answer. */
async function pageAfter(entry: Entry, actionData: unknown, locale: Locale) {
  const loaded = await run(cpdEntry.loader, await requestAs("practitioner", `${entry.path}?lng=${locale}`), entry.params);
  return renderedAfterPost(cpdEntry.default, loaded.data, actionData, locale);
}

describe("saving one's own entry from an older tab", () => {
  for (const locale of ["en-GB", "cy"] as const) {
    it(`is refused, keeping what was typed beside what is saved now, and saves from there knowingly (${locale})`, async () => {
      const entry = await newEntry("own");
      const tabA = await openTab(entry, locale);
      const tabB = await openTab(entry, locale);
      const longReflection = `A long reflection written in tab B (${locale}).`;
      expect((await save(entry, { ...entryForm(longReflection), shown: tabB.shown }, locale)).status).toBe(302);

      const typedInA = `What tab A still had (${locale})`;
      const refused = await save(entry, { ...entryForm(typedInA, { title: "Renamed in tab A" }), shown: tabA.shown }, locale);
      expect(refused.status).toBe(409);
      expect(isRefusal(refused.data)).toBe(true);
      expect(refused.data).toMatchObject({ initialValue: { title: "Renamed in tab A", learning: typedInA }, error: { "": ["cpd.errors.changedMeanwhile"] }, now: { title: "Supervision: direct work", learning: longReflection } });
      expect(await saved(entry.id)).toMatchObject({ title: "Supervision: direct work", learning: longReflection });
      expect(await audits("cpd_entry.changed", entry.id)).toHaveLength(1);

      const html = await pageAfter(entry, refused.data, locale);
      expect(hasErrorSummary(html)).toBe(true);
      const text = decodeHtml(html);
      expect(text).toContain(TEXT[locale].errors.changedMeanwhile);
      expect(text).toContain(TEXT[locale].savedNow);
      expect(text).toContain(longReflection);
      const [form] = postForms(html, `http://localhost${entry.path}`);
      expect(form.fields).toEqual(expect.arrayContaining([["title", "Renamed in tab A"], ["learning", typedInA], ["shown", (refused.data as { shown: string }).shown]]));
      expect((refused.data as { shown: string }).shown).not.toBe(tabA.shown);

      // Sent again from the page that showed what is saved now: the person chose to replace it.
      expect((await save(entry, Object.fromEntries(form.fields), locale)).status).toBe(302);
      expect(await saved(entry.id)).toMatchObject({ title: "Renamed in tab A", learning: typedInA });
    });
  }

  it("refuses a form that does not say what its page showed, or says it garbled, storing nothing", async () => {
    const entry = await newEntry("own");
    for (const shown of [undefined, "", "not a digest", "0".repeat(63)]) {
      const refused = await save(entry, shown === undefined ? entryForm("Sent blind") : { ...entryForm("Sent blind"), shown });
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ initialValue: { learning: "Sent blind" }, error: { "": ["cpd.errors.pageOutOfDate"] }, now: { learning: "First thoughts" } });
    }
    expect(await saved(entry.id)).toMatchObject({ learning: "First thoughts" });
    expect(await audits("cpd_entry.changed", entry.id)).toHaveLength(0);
  });

  it("keeps what the page showed through a refusal for a field, and then says if the entry changed meanwhile", async () => {
    const entry = await newEntry("own");
    const tab = await openTab(entry);
    const tooMany = await save(entry, { ...entryForm("Too many hours", { hours: "500" }), shown: tab.shown });
    expect(tooMany.status).toBe(400);
    // The form shown again carries what the first page showed, not the entry as the loader now reads it.
    expect(tooMany.data).toMatchObject({ shown: tab.shown, error: { hours: ["cpd.errors.hours"] } });

    expect((await save(entry, { ...entryForm("Saved elsewhere"), shown: (await openTab(entry)).shown })).status).toBe(302);
    const both = await save(entry, { ...entryForm("Too many hours", { hours: "500" }), shown: tab.shown });
    expect(both.status).toBe(409);
    expect(both.data).toMatchObject({ error: { "": ["cpd.errors.changedMeanwhile"], hours: ["cpd.errors.hours"] }, now: { learning: "Saved elsewhere" } });
  });

  it("takes the same form sent twice (a double click) as saved, audited once", async () => {
    const entry = await newEntry("own");
    const tab = await openTab(entry);
    for (let click = 0; click < 2; click++) expect((await save(entry, { ...entryForm("Clicked twice"), shown: tab.shown })).status).toBe(302);
    expect(await saved(entry.id)).toMatchObject({ learning: "Clicked twice" });
    expect(await audits("cpd_entry.changed", entry.id)).toHaveLength(1);
  });

  it("lets one of two saves sent at the same moment from the same page through, and refuses the other", async () => {
    const entry = await newEntry("own");
    const tab = await openTab(entry);
    const answers = await Promise.all(["First at once", "Second at once"].map((learning) => save(entry, { ...entryForm(learning), shown: tab.shown })));
    expect(answers.map((a) => a.status).sort()).toEqual([302, 409]);
    const winner = answers[0].status === 302 ? "First at once" : "Second at once";
    expect(await saved(entry.id)).toMatchObject({ learning: winner });
    expect(await audits("cpd_entry.changed", entry.id)).toHaveLength(1);
  });
});

describe("reflecting on a programme's entry from an older tab", () => {
  it("is refused, keeping what was typed beside the reflection saved now", async () => {
    const entry = await newEntry("research-in-practice");
    const tabA = await openTab(entry);
    const tabB = await openTab(entry);
    expect((await save(entry, { ...reflectionForm("Written in tab B"), shown: tabB.shown })).status).toBe(302);

    const refused = await save(entry, { ...reflectionForm("Written in tab A"), shown: tabA.shown });
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ initialValue: { learning: "Written in tab A" }, error: { "": ["cpd.errors.changedMeanwhile"] }, now: { learning: "Written in tab B" } });
    expect(await saved(entry.id)).toMatchObject({ learning: "Written in tab B" });
    expect(await audits("cpd_entry.reflected", entry.id)).toHaveLength(1);

    const html = await pageAfter(entry, refused.data, "en-GB");
    expect(decodeHtml(html)).toContain(enGB.cpd.errors.changedMeanwhile);
    expect(decodeHtml(html)).toContain("Written in tab B");
    const [form] = postForms(html, `http://localhost${entry.path}`);
    expect(form.fields).toEqual(expect.arrayContaining([["learning", "Written in tab A"], ["shown", (refused.data as { shown: string }).shown]]));
    expect((await save(entry, Object.fromEntries(form.fields))).status).toBe(302);
    expect(await saved(entry.id)).toMatchObject({ learning: "Written in tab A" });
  });

  it("refuses a reflection that does not say what its page showed", async () => {
    const entry = await newEntry("research-in-practice");
    const refused = await save(entry, reflectionForm("Sent blind"));
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ error: { "": ["cpd.errors.pageOutOfDate"] } });
    expect(await saved(entry.id)).toMatchObject({ learning: null });
    expect(await audits("cpd_entry.reflected", entry.id)).toHaveLength(0);
  });
});
