// Helpers the Level 5 tests share.
import { db } from "../../../app/utils/db.server";

export const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

export const cohortNamed = async (name: string) =>
  db().selectFrom("cohorts").select(["id", "capacity"]).where("programme_id", "=", "leadership").where("name", "=", name).executeTakeFirstOrThrow();

export const employeeOf = async (personId: number) =>
  (await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow()).employee_number;
