// The programme's assessed units as L&D manage them on the settings page: renamed, added and removed.
// Every change takes one named lock, as does recording a learner's result for a unit, so each sees what
// the other committed: no two units end up with the same title, and no result is written for a unit
// removed meanwhile.
import type { Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { withinTransaction } from "../../../app/utils/within-transaction.server";
import { leadershipDb, type LeadershipTables } from "./progress.server";

type UnitsDb = Kysely<Database & LeadershipTables>;
type Unit = { id: number; title: string };

/** The lock every change to the units, and every unit result written, holds until it commits. */
export async function holdUnitsLock(trx: UnitsDb) {
  await holdTransactionLock(trx as unknown as Kysely<Database>, "leadership-units");
}

const sameTitle = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Which units a form would leave titled the same as another, by the unit given the title, and whether its new unit would. */
export interface TakenTitles {
  renamed: number[];
  newUnit: boolean;
}

/**
 * The titles a form would repeat, whatever their case or the spaces around them, judged against the
 * units as the same form leaves them (so two units may swap titles). Only a title the form changes is
 * refused: learners could not tell two units of one title apart on their lists.
 */
export function titlesTaken(current: Unit[], titles: Map<number, string>, newUnit: string | null): TakenTitles {
  const leftAs = (unit: Unit) => titles.get(unit.id) ?? unit.title;
  const repeated = (title: string, except?: number) => current.some((other) => other.id !== except && sameTitle(leftAs(other), title));
  const renamed = current.filter((unit) => leftAs(unit) !== unit.title && repeated(leftAs(unit), unit.id)).map((unit) => unit.id);
  return { renamed, newUnit: newUnit ? repeated(newUnit) : false };
}

export const anyTaken = (taken: TakenTitles) => taken.newUnit || taken.renamed.length > 0;

export type UnitsSaved = { ok: true } | { ok: false; taken: TakenTitles };

/**
 * Renames units and adds one; results stay with their unit. Audited, in one transaction: every change is
 * stored with its audit event, or none is. The settings page passes its own, so the rules saved with the
 * units are kept whole or not at all. A title repeating another unit's is refused, changing nothing:
 * checked under the lock, so the same form sent twice at once adds its unit once, and two colleagues
 * cannot give two units one title.
 */
export async function saveUnits(titles: Map<number, string>, newUnit: string | null, actor: Actor, executor: UnitsDb = leadershipDb()): Promise<UnitsSaved> {
  return withinTransaction(executor, async (trx) => {
    const host = trx as unknown as Kysely<Database>;
    await holdUnitsLock(trx);
    const current = await trx.selectFrom("leadership_units").selectAll().orderBy("sequence").execute();
    const taken = titlesTaken(current, titles, newUnit);
    if (anyTaken(taken)) return { ok: false, taken } as const;
    for (const unit of current) {
      const title = titles.get(unit.id);
      if (!title || title === unit.title) continue;
      await trx.updateTable("leadership_units").set({ title }).where("id", "=", unit.id).execute();
      await recordAudit(actor, { action: "leadership.unit.renamed", subjectType: "leadership_unit", subjectId: unit.id, before: { title: unit.title }, after: { title } }, host);
    }
    if (newUnit) {
      const [row] = await trx.insertInto("leadership_units").values({ sequence: current.length + 1, title: newUnit }).returning("id").execute();
      await recordAudit(actor, { action: "leadership.unit.added", subjectType: "leadership_unit", subjectId: row.id, after: { title: newUnit } }, host);
    }
    return { ok: true } as const;
  });
}

export type UnitRemoved = { ok: true } | { ok: false; error: "settings.errors.unitGone" } | { ok: false; error: "settings.errors.unitHasResults"; results: number };

/** The results recorded against a unit: the only rows that refer to one (self-study is logged against a place, not a unit). */
async function resultsFor(trx: UnitsDb, unitId: number) {
  const row = await trx.selectFrom("leadership_unit_results").select((eb) => eb.fn.countAll<number>().as("n")).where("unit_id", "=", unitId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many results a unit has, for the page that asks before removing it: one with any cannot be removed. */
export const resultsRecordedFor = (unitId: number, executor: UnitsDb = leadershipDb()) => resultsFor(executor, unitId);

/**
 * Removes a unit added by mistake, audited in the same transaction. A unit with results is refused,
 * changing nothing: a learner's result, and their progress, must not lose its unit. Checked under the
 * lock a result is written under, so one recorded at the same moment is either counted here or refused
 * there as for a unit that is not the programme's. The units after it move up, so they stay numbered
 * from 1 and a unit added next goes last.
 */
export async function removeUnit(unitId: number, actor: Actor, executor: UnitsDb = leadershipDb()): Promise<UnitRemoved> {
  return withinTransaction(executor, async (trx) => {
    await holdUnitsLock(trx);
    const unit = await trx.selectFrom("leadership_units").selectAll().where("id", "=", unitId).executeTakeFirst();
    if (!unit) return { ok: false, error: "settings.errors.unitGone" } as const;
    const results = await resultsFor(trx, unitId);
    if (results > 0) return { ok: false, error: "settings.errors.unitHasResults", results } as const;
    await trx.deleteFrom("leadership_units").where("id", "=", unitId).execute();
    await trx.updateTable("leadership_units").set((eb) => ({ sequence: eb("sequence", "-", 1) })).where("sequence", ">", unit.sequence).execute();
    await recordAudit(actor, { action: "leadership.unit.removed", subjectType: "leadership_unit", subjectId: unit.id, before: { title: unit.title, sequence: unit.sequence } }, trx as unknown as Kysely<Database>);
    return { ok: true } as const;
  });
}
