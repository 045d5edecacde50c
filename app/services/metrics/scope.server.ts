// The people a metrics scope covers, for the core and for plugins computing their figures.
import type { MetricsScope } from "../../../plugins/sdk";
import { addDaysToDate } from "../../utils/dates";
import { db } from "../../utils/db.server";
import { londonToUtc } from "../../utils/london-time";
import { chunks } from "../readiness.server";

/** Ids of the people in the scope's teams, or everyone's for the whole organisation. */
export async function peopleInScope(scope: MetricsScope): Promise<number[]> {
  if (scope.teamIds === null) return (await db().selectFrom("people").select("id").execute()).map((r) => r.id);
  const ids: number[] = [];
  for (const teams of chunks(scope.teamIds)) ids.push(...(await db().selectFrom("people").select("id").where("team_id", "in", teams).execute()).map((r) => r.id));
  return ids;
}

export const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * The quarter as UTC instants, for comparing timestamps: London's midnight starting its first day, and
 * London's midnight after its last (exclusive). A UTC day put 00:30 on 1 July in summer in June.
 */
export const quarterInstants = (scope: Pick<MetricsScope, "start" | "end">) => ({
  startsAt: londonToUtc(scope.start, "00:00").toISOString(),
  endsBefore: londonToUtc(addDaysToDate(scope.end, 1), "00:00").toISOString(),
});
