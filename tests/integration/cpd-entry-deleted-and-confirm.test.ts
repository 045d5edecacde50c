// A person's own CPD entry page when the entry goes away: a save of an entry they deleted meanwhile (in
// another tab) is refused with what they typed kept, and can be added again as a new entry; and deleting
// asks first, on a page a GET only shows, so a mis-click does not lose a reflection that counts towards
// Social Work England renewal.
import { beforeAll, describe, expect, it } from "vitest";
import * as cpdEntry from "../../app/routes/me.cpd.entries.$entryId";
import { londonToday } from "../../app/utils/london-time";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { isRefusal } from "../../app/utils/refused-form";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml, firstHeading, hasErrorSummary, postForms } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

const TEXT = { "en-GB": enGB.cpd, cy: cy.cpd } as const;
const post = (fields: Iterable<[string, string]> | Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields as Record<string, string>) });
const typed = (title: string) => ({ intent: "save", title, occurredOn: londonToday(new Date()), hours: "2.5", learning: "What I learnt, typed again.", practiceImpact: "What I will do differently.", peerReflection: "yes" });

async function ownEntry(title: string) {
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: await personIdOf("practitioner"), source: "own", source_ref: null, title, occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "Learnt", practice_impact: "Changes", peer_reflection: 0, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  return row.id;
}

const entriesTitled = (title: string) => db().selectFrom("cpd_entries").select("id").where("title", "=", title).execute();
const auditsOf = (action: string, id: number) => db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "=", String(id)).execute();

/** The page as the server draws it at `path` (after `actionData`, if a post was refused), in a locale. */
async function pageAt(path: string, id: number, actionData: unknown, locale: Locale) {
  const loaded = await run(cpdEntry.loader, await requestAs("practitioner", `${path}${path.includes("?") ? "&" : "?"}lng=${locale}`), { entryId: String(id) });
  return { status: loaded.status, html: await renderedAfterPost(cpdEntry.default, loaded.data, actionData, locale) };
}

describe("saving an entry deleted meanwhile", () => {
  for (const locale of ["en-GB", "cy"] as const) {
    it(`answers 409 with what was typed, stores nothing, and offers it as a new entry (${locale})`, async () => {
      const id = await ownEntry(`Deleted in another tab (${locale})`);
      const params = { entryId: String(id) };
      const path = `/me/cpd/entries/${id}`;
      expect((await run(cpdEntry.action, await requestAs("practitioner", path, post({ intent: "delete" })), params)).status).toBe(302);

      const title = `Typed after the deletion (${locale})`;
      const saved = await run(cpdEntry.action, await requestAs("practitioner", `${path}?lng=${locale}`, post(typed(title))), params);
      expect(saved.status).toBe(409);
      expect(isRefusal(saved.data)).toBe(true);
      expect(saved.data).toMatchObject({ initialValue: { title, learning: "What I learnt, typed again.", practiceImpact: "What I will do differently." }, error: { "": ["cpd.errors.deletedMeanwhile"] } });
      expect(await entriesTitled(title)).toHaveLength(0);
      expect(await auditsOf("cpd_entry.changed", id)).toHaveLength(0);

      const { status, html } = await pageAt(path, id, saved.data, locale);
      expect(status).toBe(404);
      expect(hasErrorSummary(html)).toBe(true);
      expect(decodeHtml(html)).toContain(TEXT[locale].errors.deletedMeanwhile);
      expect(firstHeading(html)).toBe(TEXT[locale].deletedTitle);
      const [again] = postForms(html, `http://localhost${path}`);
      expect(again.fields).toEqual(expect.arrayContaining([["intent", "addAgain"], ["title", title], ["learning", "What I learnt, typed again."]]));

      // "Add as a new entry", twice (a double click): one new entry, audited once.
      for (let click = 0; click < 2; click++) {
        const added = await run(cpdEntry.action, await requestAs("practitioner", path, post(again.fields)), params);
        expect(added.status).toBe(302);
        expect(added.headers.get("Location")).toContain("saved=added");
      }
      const [entry, ...more] = await entriesTitled(title);
      expect(more).toHaveLength(0);
      expect(await auditsOf("cpd_entry.added", entry.id)).toHaveLength(1);
    });
  }

  it("keeps the field errors of what was typed alongside the reason", async () => {
    const id = await ownEntry("Deleted, then saved with too many hours");
    const params = { entryId: String(id) };
    await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, post({ intent: "delete" })), params);
    const saved = await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, post({ ...typed("Too many hours"), hours: "500" })), params);
    expect(saved.status).toBe(409);
    expect(saved.data).toMatchObject({ initialValue: { hours: "500" }, error: { "": ["cpd.errors.deletedMeanwhile"], hours: ["cpd.errors.hours"] } });
  });

  it("shows a plain GET of the deleted entry as deleted (404), with no form", async () => {
    const id = await ownEntry("Deleted, then opened");
    await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${id}`, post({ intent: "delete" })), { entryId: String(id) });
    const { status, html } = await pageAt(`/me/cpd/entries/${id}`, id, null, "en-GB");
    expect(status).toBe(404);
    expect(firstHeading(html)).toBe(enGB.cpd.deletedTitle);
    expect(postForms(html, `http://localhost/me/cpd/entries/${id}`)).toHaveLength(0);
  });

  it("stays not found for someone else's deleted entry", async () => {
    const [row] = await db()
      .insertInto("cpd_entries")
      .values({ person_id: await personIdOf("asye"), source: "own", source_ref: null, title: "Someone else's", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "L", practice_impact: "P", peer_reflection: 0, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    const params = { entryId: String(row.id) };
    await run(cpdEntry.action, await requestAs("asye", `/me/cpd/entries/${row.id}`, post({ intent: "delete" })), params);
    expect((await run(cpdEntry.action, await requestAs("practitioner", `/me/cpd/entries/${row.id}`, post(typed("Not mine"))), params)).status).toBe(404);
    expect((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${row.id}`), params)).status).toBe(404);
  });
});

describe("deleting an entry", () => {
  it("leads from the entry's page to a confirmation that changes nothing, and deletes from there", async () => {
    const title = "Supervision on <direct work> & play";
    const id = await ownEntry(title);
    const path = `/me/cpd/entries/${id}`;
    const params = { entryId: String(id) };

    // The entry's page posts nothing that deletes: "Delete entry" is a link to the confirmation.
    const change = await pageAt(path, id, null, "en-GB");
    expect(postForms(change.html, `http://localhost${path}`).some((f) => f.fields.some(([name, value]) => name === "intent" && value === "delete"))).toBe(false);
    expect(change.html).toContain(`href="/me/cpd/entries/${id}?delete=confirm"`);

    for (const locale of ["en-GB", "cy"] as const) {
      const confirm = await pageAt(`${path}?delete=confirm`, id, null, locale);
      expect(confirm.status).toBe(200);
      expect(firstHeading(confirm.html)).toBe(TEXT[locale].deleteConfirmTitle.replace("{{title}}", title));
      expect(decodeHtml(confirm.html)).toContain(TEXT[locale].deleteConfirm);
      expect(confirm.html).toContain(`href="${path}"`);
    }
    expect(await entriesTitled(title)).toHaveLength(1);
    expect(await auditsOf("cpd_entry.deleted", id)).toHaveLength(0);

    const [yes] = postForms((await pageAt(`${path}?delete=confirm`, id, null, "en-GB")).html, `http://localhost${path}?delete=confirm`);
    expect(yes.action).toBe(path);
    expect(yes.fields).toEqual([["intent", "delete"]]);
    const deleted = await run(cpdEntry.action, await requestAs("practitioner", yes.action, post(yes.fields)), params);
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toContain("saved=deleted");
    expect(await entriesTitled(title)).toHaveLength(0);
    expect(await auditsOf("cpd_entry.deleted", id)).toHaveLength(1);
  });

  it("offers no confirmation for someone else's entry, nor for a programme's", async () => {
    const [theirs] = await db()
      .insertInto("cpd_entries")
      .values({ person_id: await personIdOf("asye"), source: "own", source_ref: null, title: "Not the practitioner's", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "L", practice_impact: "P", peer_reflection: 0, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    expect((await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${theirs.id}?delete=confirm`), { entryId: String(theirs.id) })).status).toBe(404);
    const [programme] = await db()
      .insertInto("cpd_entries")
      .values({ person_id: await personIdOf("practitioner"), source: "naas", source_ref: `ref:${Math.random()}`, title: "A programme's entry", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: null, practice_impact: null, peer_reflection: 0, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    const page = await run(cpdEntry.loader, await requestAs("practitioner", `/me/cpd/entries/${programme.id}?delete=confirm`), { entryId: String(programme.id) });
    expect(page.data).toMatchObject({ view: "reflect" });
  });
});
