// The caseload's table, typed for Kysely alongside the host's.
import type { Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../../app/utils/db.server";

export interface CaseloadTables {
  asye_caseload_figures: { week_of: string; person_id: number; cases: number; career_stage: string | null; imported_at: string };
  asye_caseload_stage_totals: { week_of: string; career_stage: string; people: number; cases: number };
}

export type CaseloadDatabase = Database & CaseloadTables;
export const caseloadDb = () => hostDb() as unknown as Kysely<CaseloadDatabase>;
/** The same database seen through a plugin context or a transaction. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const asCaseloadDb = (executor: Kysely<any>) => executor as Kysely<CaseloadDatabase>;

/** Recounts one week's totals per career stage from its figures, after the figures changed. */
export async function recountWeek(executor: Kysely<CaseloadDatabase>, week: string) {
  await executor.deleteFrom("asye_caseload_stage_totals").where("week_of", "=", week).execute();
  await executor
    .insertInto("asye_caseload_stage_totals")
    .columns(["week_of", "career_stage", "people", "cases"])
    .expression(
      executor
        .selectFrom("asye_caseload_figures")
        .select((eb) => ["week_of", eb.fn<string>("coalesce", ["career_stage", eb.val("")]).as("career_stage"), eb.fn.countAll<number>().as("people"), eb.fn.sum<number>("cases").as("cases")])
        .where("week_of", "=", week)
        .where("career_stage", "is not", null)
        .groupBy(["week_of", "career_stage"]),
    )
    .execute();
}
