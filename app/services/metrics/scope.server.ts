// The people a metrics scope covers, for the core and for plugins computing their figures.
import type { MetricsScope } from "../../../plugins/sdk";
import { db } from "../../utils/db.server";
import { chunks } from "../readiness.server";

/** Ids of the people in the scope's teams, or everyone's for the whole organisation. */
export async function peopleInScope(scope: MetricsScope): Promise<number[]> {
  if (scope.teamIds === null) return (await db().selectFrom("people").select("id").execute()).map((r) => r.id);
  const ids: number[] = [];
  for (const teams of chunks(scope.teamIds)) ids.push(...(await db().selectFrom("people").select("id").where("team_id", "in", teams).execute()).map((r) => r.id));
  return ids;
}

export const percentOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);
