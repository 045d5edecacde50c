// Briefings: practice guidance with a version, a link or a document, and whom it is for. L&D create
// and edit them; a new version may require everyone to confirm again. People confirm "read and
// understood" against the current version only.
import { sql, type Kysely, type SqlBool } from "kysely";
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { cpdTitles } from "../../../../app/services/cpd.server";
import { londonToday } from "../../../../app/utils/london-time";
import { pageWindow } from "../../../../app/utils/paging.server";
import { withoutControlCharacters } from "../../../../app/utils/text";
import { withinTransaction } from "../../../../app/utils/within-transaction.server";
import type { BriefingValue } from "../../forms";
import { PAGE_SIZE, PLUGIN_ID } from "../../programme";
import { isPostgres } from "../../../sdk/migrations";
import { asHost, pdDb, type PdDatabase } from "../db.server";

export type Briefing = Awaited<ReturnType<typeof briefingById>> & {};

export async function briefingById(id: number, executor: Kysely<PdDatabase> = pdDb()) {
  const briefing = await executor.selectFrom("practice_development_briefings").selectAll().where("id", "=", id).executeTakeFirst();
  return briefing && withAudience(briefing, executor);
}

/**
 * The briefing as it stands inside `trx`. On PostgreSQL its row stays locked until the transaction ends,
 * so a second edit at the same moment (a double click on "Save") waits and then reads what the first
 * saved; SQLite has one writer, and its transaction already holds it.
 */
async function lockedBriefingById(id: number, trx: Kysely<PdDatabase>) {
  const briefing = await trx
    .selectFrom("practice_development_briefings")
    .selectAll()
    .where("id", "=", id)
    .$if(isPostgres(trx), (qb) => qb.forUpdate())
    .executeTakeFirst();
  return briefing && withAudience(briefing, trx);
}

async function withAudience<B extends { id: number }>(briefing: B, executor: Kysely<PdDatabase>) {
  const audience = await executor.selectFrom("practice_development_briefing_audience").select(["kind", "value"]).where("briefing_id", "=", briefing.id).orderBy("kind").orderBy("value").execute();
  return { ...briefing, roles: audience.filter((a) => a.kind === "role").map((a) => a.value), teams: audience.filter((a) => a.kind === "team").map((a) => Number(a.value)) };
}

/** One page of briefings, by title (a page past the end shows the last). */
export async function listBriefings(asked: number) {
  const total = Number((await pdDb().selectFrom("practice_development_briefings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, PAGE_SIZE);
  const rows = await pdDb()
    .selectFrom("practice_development_briefings")
    .select(["id", "title", "version", "delivery", "in_induction", "updated_at"])
    .orderBy("title")
    .orderBy("id")
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total, page, pageCount };
}

/** How many briefings a form lists to choose from at most; a search for words in a title finds the others. */
export const BRIEFINGS_OFFERED = 500;

/**
 * What a briefing form's search (`?find=`, or `name` on a page with searches of its own) asks for, as typed:
 * no control characters, at most 100 characters.
 */
export const briefingSearchOf = (request: Request, name = "find") => withoutControlCharacters(new URL(request.url).searchParams.get(name) ?? "").trim().slice(0, 100);

/** A LIKE pattern finding `search` anywhere in a title, any case, with what it types taken literally. */
const containing = (search: string) => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface OfferedBriefings {
  rows: { id: number; title: string; delivery: "read" | "session" }[];
  /** How many of the briefings asked for (those the search finds) are listed, and how many there are. */
  listed: number;
  total: number;
}

/**
 * Briefings for a form to offer, by title: the first `BRIEFINGS_OFFERED` of those delivered as asked (a
 * session's form offers only briefings delivered in a session, chosen by SQL, not from a page of every
 * kind), or of those whose title holds `search`, with how many there are, so the form can say when it
 * lists only some. The briefings in `include` (the one a link names) are offered wherever they fall in
 * that order, when they are of the delivery asked for.
 */
export async function offeredBriefings({ delivery, search = "", include = [] }: { delivery?: "read" | "session"; search?: string; include?: number[] }): Promise<OfferedBriefings> {
  const ofDelivery = () => pdDb().selectFrom("practice_development_briefings").$if(delivery !== undefined, (q) => q.where("delivery", "=", delivery!));
  const found = () => (search ? ofDelivery().where(sql<SqlBool>`lower(title) like ${containing(search)} escape '\\'`) : ofDelivery());
  const [rows, counted] = await Promise.all([
    found().select(["id", "title", "delivery"]).orderBy("title").orderBy("id").limit(BRIEFINGS_OFFERED).execute(),
    found().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const missing = include.filter((id) => !rows.some((r) => r.id === id));
  const extra = missing.length ? await ofDelivery().select(["id", "title", "delivery"]).where("id", "in", missing).execute() : [];
  const byTitle = (a: { title: string; id: number }, b: { title: string; id: number }) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id);
  return { rows: extra.length ? [...rows, ...extra].sort(byTitle) : rows, listed: rows.length, total: Number(counted.n) };
}

/** Teams that exist, of those named: a tampered form cannot point a briefing at an unknown unit. */
async function knownTeams(ids: string[], executor: Kysely<PdDatabase> = pdDb()) {
  if (ids.length === 0) return [];
  const rows = await executor.selectFrom("org_units").select("id").where("kind", "=", "team").where("id", "in", ids.map(Number)).execute();
  return rows.map((r) => String(r.id));
}

/**
 * Creates a briefing at version 1, audited. Given a transaction (`executor`), it reads and writes in it, so
 * a caller's own row beside it (the claim of the form's one-time token) is stored with it or not at all.
 */
export async function createBriefing(value: BriefingValue, actor: Actor, executor: Kysely<PdDatabase> = pdDb()): Promise<number> {
  const now = new Date().toISOString();
  const teams = await knownTeams(value.teams, executor);
  return withinTransaction(executor, async (trx) => {
    const [row] = await trx
      .insertInto("practice_development_briefings")
      .values({ title: value.title, summary: value.summary, version: 1, counts_from_version: 1, link_url: value.linkUrl ?? null, document_url: value.documentUrl ?? null, delivery: value.delivery, in_induction: value.induction ? 1 : 0, created_at: now, updated_at: now, updated_by: actor.personId })
      .returning("id")
      .execute();
    await trx.insertInto("practice_development_briefing_versions").values({ briefing_id: row.id, version: 1, summary: value.summary, requires_reconfirmation: 1, created_by: actor.personId, created_at: now }).execute();
    const audience = [...value.roles.map((r) => ({ briefing_id: row.id, kind: "role" as const, value: r })), ...teams.map((t) => ({ briefing_id: row.id, kind: "team" as const, value: t }))];
    if (audience.length) await trx.insertInto("practice_development_briefing_audience").values(audience).execute();
    await recordAudit(actor, { action: "practice-development.briefing.created", subjectType: "practice_development_briefing", subjectId: row.id, after: { ...value, teams } }, asHost(trx));
    return row.id;
  });
}

/** Who saved the briefing last and when: what a refused save tells its editor. */
export interface LastSave {
  at: string;
  by: { givenName: string; familyName: string } | null;
}

export type UpdateResult =
  | { ok: true; version: number; countsFrom: number }
  | { ok: false; error: "briefing.errors.changed" }
  | { ok: false; error: "briefing.errors.savedMeanwhile"; lastSave: LastSave };

async function lastSaveOf(briefing: { updated_at: string; updated_by: number | null }, trx: Kysely<PdDatabase>): Promise<LastSave> {
  const by = briefing.updated_by === null ? undefined : await trx.selectFrom("people").select(["given_name", "family_name"]).where("id", "=", briefing.updated_by).executeTakeFirst();
  return { at: briefing.updated_at, by: by ? { givenName: by.given_name, familyName: by.family_name } : null };
}

/**
 * Saves changes. With `newVersion` the version goes up by one and is recorded; with `reconfirm` too,
 * only confirmations (and sessions) of the new version count from now on. The version is read and
 * written in one transaction, the briefing locked, so two saves at once cannot both take the same
 * number. A new version is refused when the briefing is no longer at the version the editor was shown
 * (`shownVersion`): a second click of "Save" must not publish the same changes again as the version after.
 * Any save, a correction too, is refused when the briefing was saved since the editor's page was shown
 * (`shownRevision`): otherwise the later of two people correcting it would silently undo the other's work.
 */
export async function updateBriefing(id: number, value: BriefingValue, actor: Actor): Promise<UpdateResult | undefined> {
  const now = new Date().toISOString();
  const teams = await knownTeams(value.teams);
  return pdDb()
    .transaction()
    .execute(async (trx): Promise<UpdateResult | undefined> => {
      const before = await lockedBriefingById(id, trx);
      if (!before) return undefined;
      if (value.newVersion && value.shownVersion !== undefined && value.shownVersion !== before.version) return { ok: false, error: "briefing.errors.changed" };
      if (value.shownRevision !== undefined && value.shownRevision !== before.revision) return { ok: false, error: "briefing.errors.savedMeanwhile", lastSave: await lastSaveOf(before, trx) };
      const version = value.newVersion ? before.version + 1 : before.version;
      const countsFrom = value.newVersion && value.reconfirm ? version : before.counts_from_version;
      await trx
        .updateTable("practice_development_briefings")
        .set({ title: value.title, summary: value.summary, version, counts_from_version: countsFrom, link_url: value.linkUrl ?? null, document_url: value.documentUrl ?? null, delivery: value.delivery, in_induction: value.induction ? 1 : 0, updated_at: now, updated_by: actor.personId, revision: before.revision + 1 })
        .where("id", "=", id)
        .execute();
      if (value.newVersion) {
        await trx.insertInto("practice_development_briefing_versions").values({ briefing_id: id, version, summary: value.summary, requires_reconfirmation: value.reconfirm ? 1 : 0, created_by: actor.personId, created_at: now }).execute();
      }
      await trx.deleteFrom("practice_development_briefing_audience").where("briefing_id", "=", id).execute();
      const audience = [...value.roles.map((r) => ({ briefing_id: id, kind: "role" as const, value: r })), ...teams.map((t) => ({ briefing_id: id, kind: "team" as const, value: t }))];
      if (audience.length) await trx.insertInto("practice_development_briefing_audience").values(audience).execute();
      await recordAudit(
        actor,
        { action: value.newVersion ? "practice-development.briefing.versioned" : "practice-development.briefing.updated", subjectType: "practice_development_briefing", subjectId: id, before, after: { ...value, teams, version, countsFrom } },
        asHost(trx),
      );
      return { ok: true, version, countsFrom };
    });
}

export async function versionsOf(briefingId: number) {
  return pdDb().selectFrom("practice_development_briefing_versions").selectAll().where("briefing_id", "=", briefingId).orderBy("version", "desc").limit(50).execute();
}

export type ConfirmResult = { ok: true; already: boolean } | { ok: false; error: "confirm.errors.notCurrent" | "confirm.errors.sessionOnly" };

/**
 * "Read and understood" for the version the person was shown, which must be the current one. The CPD
 * entry's title is worded in English and Welsh, and the record shows the reader's. The version is checked
 * in the transaction that records the confirmation, under a lock a correction waits for, so a new version
 * published at the same moment is either seen (and the confirmation refused) or published after it.
 */
export async function confirmBriefing(briefingId: number, personId: number, version: number, actor: Actor, now = new Date()): Promise<ConfirmResult> {
  const confirmedAt = now.toISOString();
  // The confirmation and its CPD entry (reading practice guidance is CPD) stand or fall together.
  return pdDb()
    .transaction()
    .execute(async (trx): Promise<ConfirmResult> => {
      const briefing = await briefingUnderLock(briefingId, trx);
      if (!briefing) return { ok: false, error: "confirm.errors.notCurrent" };
      if (briefing.delivery !== "read") return { ok: false, error: "confirm.errors.sessionOnly" };
      if (version !== briefing.version) return { ok: false, error: "confirm.errors.notCurrent" };
      const inserted = await trx
        .insertInto("practice_development_confirmations")
        .values({ briefing_id: briefingId, person_id: personId, version, confirmed_at: confirmedAt })
        .onConflict((oc) => oc.columns(["briefing_id", "person_id", "version"]).doNothing())
        .returning("id")
        .execute();
      if (inserted.length === 0) return { ok: true, already: true };
      // Dated by London's calendar: a confirmation at 00:30 in summer is still yesterday in UTC.
      await trx
        .insertInto("cpd_entries")
        .values({ person_id: personId, source: PLUGIN_ID, source_ref: `briefing:${briefingId}:v${version}`, ...cpdTitles(PLUGIN_ID, (t) => t("confirm.cpdTitle", { title: briefing.title, version })), occurred_on: londonToday(now), hours: 0, reflection: null, created_at: confirmedAt })
        .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doNothing())
        .execute();
      await recordAudit(actor, { action: "practice-development.briefing.confirmed", subjectType: "practice_development_briefing", subjectId: briefingId, personId, after: { version } }, asHost(trx));
      return { ok: true, already: false };
    });
}

/**
 * What a confirmation or a new session is checked against (title, version, delivery), read in the
 * transaction that writes on its strength. SQLite's transaction already holds the one writer; on
 * PostgreSQL a shared lock on the briefing's row makes a correction (which locks it for update) wait until
 * that transaction ends, while people confirming at once do not wait for each other.
 */
export function briefingUnderLock(id: number, trx: Kysely<PdDatabase>) {
  return trx
    .selectFrom("practice_development_briefings")
    .select(["title", "version", "delivery"])
    .where("id", "=", id)
    .$if(isPostgres(trx), (qb) => qb.forShare())
    .executeTakeFirst();
}

/**
 * The version from which a briefing's sessions count (`counts_from_version`), read under the same shared
 * lock as `briefingUnderLock`: what a booking of one of its sessions is checked against, so a new version
 * published at the same moment comes before the booking or waits until it is made.
 */
export function countsFromUnderLock(id: number, trx: Kysely<PdDatabase>) {
  return trx
    .selectFrom("practice_development_briefings")
    .select("counts_from_version")
    .where("id", "=", id)
    .$if(isPostgres(trx), (qb) => qb.forShare())
    .executeTakeFirst();
}
