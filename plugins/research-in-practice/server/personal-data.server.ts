// Subject access: a person's evaluation answers (their bookings are the core's enrolments).
import type { PluginContext } from "../../sdk";
import { ripDb } from "./db.server";

export async function ripPersonalData(_ctx: PluginContext, personId: number) {
  const evaluations = await ripDb()
    .selectFrom("research_in_practice_evaluations as ev")
    .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
    .selectAll("ev")
    .where("e.person_id", "=", personId)
    .execute();
  return { evaluations };
}
