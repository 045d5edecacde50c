// An admin's changes to a career stage: its names, place on the ladder, years since qualifying and
// which of the available requirements it has. Only differences from the defaults are stored, so a
// plugin's new default reaches every stage nobody has changed by hand.
import { db } from "../utils/db.server";
import type { Locale } from "../utils/i18n";
import { fixedT } from "../utils/i18n.server";
import { recordAudit, type Actor } from "./audit.server";
import { applyOverrides, availableRequirements, requirementKey, stageOverrides } from "./pathway.server";
import { listStages } from "./career-stages.server";

export interface StageInput {
  nameEn: string;
  nameCy: string;
  position: number;
  track: "main" | "side";
  minYears: number | null;
  requirementKeys: string[];
}

/** A stage as stored, with every available requirement labelled and whether the stage has it now. */
export async function stageForEditing(code: string, locale: Locale) {
  const stage = await db().selectFrom("career_stages").selectAll().where("code", "=", code).executeTakeFirst();
  if (!stage) return undefined;
  const stages = await listStages(locale);
  const available = await availableRequirements(stages);
  const current = applyOverrides([stage], available, await stageOverrides()).get(code) ?? [];
  const chosen = new Set(current.map(requirementKey));
  const requirements = available.map((r) => ({ key: requirementKey(r), label: fixedT(locale, r.source)(r.labelKey), source: r.source, included: chosen.has(requirementKey(r)) }));
  return { stage, requirements };
}

/**
 * What the edit page showed, as its form sends it back: when the stage was last saved (its `updated_at`)
 * and which requirements were listed. Another admin's save meanwhile, or a programme switched on or off,
 * makes the form out of date; saved as it stands, it would undo their change or take a requirement off
 * that nobody saw.
 */
export interface StageShown {
  savedAt: string;
  requirementKeys: string[];
}

export type StageSaved = { ok: true } | { ok: false; error: "savedMeanwhile" };

/**
 * Saves the stage and its requirements as overrides of the defaults (worked out from the new values, as
 * the core's defaults depend on the years). Only the requirements the page listed are changed: one it did
 * not list (its programme switched on since) keeps its default or override, and so does a switched-off
 * plugin's, so switching it back on restores it. Refused, with nothing changed, when the stage was saved
 * since the page read it: the check is the update's own condition, so two saves at once cannot both pass
 * it. Audited with before and after.
 */
export async function updateStage(actor: Actor, code: string, input: StageInput, shown: StageShown): Promise<StageSaved> {
  // Read before the transaction: SQLite has one connection, which the transaction holds.
  const listed = new Set(shown.requirementKeys);
  const changeable = (await availableRequirements([{ code, minYears: input.minYears }])).filter((r) => listed.has(requirementKey(r)));
  return db()
    .transaction()
    .execute(async (trx): Promise<StageSaved> => {
      const before = await trx.selectFrom("career_stages").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
      const beforeOverrides = await trx.selectFrom("career_stage_requirements").select(["requirement_key", "included"]).where("stage_code", "=", code).execute();
      const updated = await trx
        .updateTable("career_stages")
        .set({ name_en: input.nameEn, name_cy: input.nameCy, position: input.position, track: input.track, min_years: input.minYears, updated_at: new Date().toISOString() })
        .where("code", "=", code)
        .where("updated_at", "=", shown.savedAt)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return { ok: false, error: "savedMeanwhile" };
      const wanted = new Set(input.requirementKeys);
      const overrides = changeable.filter((r) => wanted.has(requirementKey(r)) !== r.stages.includes(code)).map((r) => ({ stage_code: code, requirement_key: requirementKey(r), included: wanted.has(requirementKey(r)) ? (1 as const) : (0 as const) }));
      const changeableKeys = changeable.map(requirementKey);
      if (changeableKeys.length > 0) await trx.deleteFrom("career_stage_requirements").where("stage_code", "=", code).where("requirement_key", "in", changeableKeys).execute();
      if (overrides.length > 0) await trx.insertInto("career_stage_requirements").values(overrides).execute();
      await recordAudit(
        actor,
        {
          action: "career_stage.updated",
          subjectType: "career_stage",
          subjectId: code,
          before: { name_en: before.name_en, name_cy: before.name_cy, position: before.position, track: before.track, min_years: before.min_years, overrides: beforeOverrides },
          after: { name_en: input.nameEn, name_cy: input.nameCy, position: input.position, track: input.track, min_years: input.minYears, requirements: input.requirementKeys },
        },
        trx,
      );
      return { ok: true };
    });
}
