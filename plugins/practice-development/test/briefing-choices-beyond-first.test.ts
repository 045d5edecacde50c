// The briefings a session's form and a rollout's form offer, with more briefings than they list, through the
// real loaders on a migrated, seeded database, rendered in English and Welsh. A session's form asks for
// session briefings only, so briefings read and understood that sort first no longer crowd them out; the
// briefing a link names (`?briefing=`) is offered and chosen wherever it falls by title; and when more exist
// than are listed the form says so, with a search (a form of its own, without JavaScript) that finds the
// rest. Before, both forms silently stopped at the first 500 of every kind.
import { beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as rolloutForm from "../routes/rollouts.new";
import * as sessionForm from "../routes/briefings.sessions.new";
import { BRIEFINGS_OFFERED } from "../server/briefings/briefings.server";
import { pdDb } from "../server/db.server";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development";
const READ_FIRST = 40;
const SESSIONS = BRIEFINGS_OFFERED + 5;

type Form = { briefings: { id: number; title: string; delivery: string }[]; listed: number; total: number; chosen: string };

let last: number;
let sessionTotal: number;
let everyTotal: number;

/** Briefings straight into the table, many at once: what the forms read, not how each is made, is tested here. */
async function briefings(count: number, delivery: "read" | "session", title: (i: number) => string) {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({ title: title(i), summary: "S", version: 1, counts_from_version: 1, link_url: "https://intranet.example.org/b", document_url: null, delivery, in_induction: 0, created_at: now, updated_at: now, updated_by: null }));
  return pdDb().insertInto("practice_development_briefings").values(rows).returning("id").execute();
}

beforeAll(async () => {
  await seedDemo();
  // Read briefings that sort before every session briefing, and session briefings beyond one list's length.
  await briefings(READ_FIRST, "read", (i) => `000 Read ${String(i).padStart(3, "0")}`);
  const made = await briefings(SESSIONS, "session", (i) => `001 Session ${String(i).padStart(4, "0")}`);
  last = made.at(-1)!.id;
  const count = async (delivery?: "session") => Number((await pdDb().selectFrom("practice_development_briefings").$if(delivery !== undefined, (q) => q.where("delivery", "=", delivery!)).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  [sessionTotal, everyTotal] = [await count("session"), await count()];
});

const formAt = async (route: typeof sessionForm | typeof rolloutForm, address: string) => {
  const page = await run(route.loader, await requestAs("ld", address));
  expect(page.status).toBe(200);
  return page.data as Form;
};
const html = async (route: typeof sessionForm | typeof rolloutForm, data: Form, address: string, locale: Locale = "en-GB") => decodeHtml(await renderedAt(route.default, data, address, locale));
const selected = (page: string) => /<option selected="" value="(\d+)"|<option value="(\d+)" selected=""/.exec(page)?.slice(1).find(Boolean);

describe("a session's form", () => {
  const address = `${BASE}/briefings/sessions/new`;

  it("lists session briefings only, chosen by SQL, and says it lists only the first of them", async () => {
    const form = await formAt(sessionForm, address);
    expect(form.briefings.every((b) => b.delivery === "session")).toBe(true);
    expect(form.briefings).toHaveLength(BRIEFINGS_OFFERED);
    expect([form.listed, form.total]).toEqual([BRIEFINGS_OFFERED, sessionTotal]);
    const said = {
      "en-GB": `Only the first 500 of ${sessionTotal} briefings delivered in a session are listed, by title.`,
      cy: `Dim ond y 500 cyntaf o ${sessionTotal} o friffiau a gyflwynir mewn sesiwn sydd wedi'u rhestru, yn ôl teitl.`,
    } as const;
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await html(sessionForm, form, address, locale);
      expect(page, locale).toContain(said[locale]);
      expect(page, locale).toMatch(/<form method="get"[^>]*role="search"/);
    }
  });

  it("offers and chooses the briefing a link names, though it is beyond the first 500", async () => {
    const named = `${address}?briefing=${last}`;
    const form = await formAt(sessionForm, named);
    expect(form.briefings.map((b) => b.id)).toContain(last);
    expect(form.chosen).toBe(String(last));
    expect(selected(await html(sessionForm, form, named))).toBe(String(last));
  });

  it("finds a briefing beyond the first 500 by words in its title", async () => {
    const form = await formAt(sessionForm, `${address}?find=${encodeURIComponent(`Session ${String(SESSIONS - 1).padStart(4, "0")}`)}`);
    expect(form.briefings.map((b) => b.id)).toEqual([last]);
    expect([form.listed, form.total]).toEqual([1, 1]);
  });
});

describe("a rollout's form", () => {
  const address = `${BASE}/rollouts/new`;

  it("offers and chooses the briefing a link names, and says it lists only the first of every briefing", async () => {
    const named = `${address}?briefing=${last}`;
    const form = await formAt(rolloutForm, named);
    expect(form.briefings.map((b) => b.id)).toContain(last);
    expect(form.chosen).toBe(String(last));
    expect([form.listed, form.total]).toEqual([BRIEFINGS_OFFERED, everyTotal]);
    const page = await html(rolloutForm, form, named);
    expect(selected(page)).toBe(String(last));
    expect(page).toContain(`Only the first 500 of ${everyTotal} briefings are listed, by title.`);
  });
});
