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
 * Saves the stage and its requirements as overrides of the defaults (worked out from the new values, as
 * the core's defaults depend on the years). Overrides of requirements not available now (a switched-off
 * plugin's) are left alone, so switching it back on restores them. Audited with before and after.
 */
export async function updateStage(actor: Actor, code: string, input: StageInput) {
  // Read before the transaction: SQLite has one connection, which the transaction holds.
  const available = await availableRequirements([{ code, minYears: input.minYears }]);
  await db()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("career_stages").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
      const beforeOverrides = await trx.selectFrom("career_stage_requirements").select(["requirement_key", "included"]).where("stage_code", "=", code).execute();
      await trx
        .updateTable("career_stages")
        .set({ name_en: input.nameEn, name_cy: input.nameCy, position: input.position, track: input.track, min_years: input.minYears, updated_at: new Date().toISOString() })
        .where("code", "=", code)
        .execute();
      const wanted = new Set(input.requirementKeys);
      const overrides = available.filter((r) => wanted.has(requirementKey(r)) !== r.stages.includes(code)).map((r) => ({ stage_code: code, requirement_key: requirementKey(r), included: wanted.has(requirementKey(r)) ? (1 as const) : (0 as const) }));
      const availableKeys = available.map(requirementKey);
      if (availableKeys.length > 0) await trx.deleteFrom("career_stage_requirements").where("stage_code", "=", code).where("requirement_key", "in", availableKeys).execute();
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
    });
}

/** The keys an admin may tick for a stage: those available now. */
export async function availableRequirementKeys() {
  return new Set((await availableRequirements([])).map(requirementKey));
}
