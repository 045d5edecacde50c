// Subject access: everything Level 5 holds about one person, on any of their places (enrolments, with
// their attendance, are the core's and in the core's part of the export).
import type { PluginContext } from "../../sdk";
import { leadershipDb } from "./progress.server";

export async function leadershipPersonalData(_ctx: PluginContext, personId: number) {
  const db = leadershipDb();
  const placesOf = db.selectFrom("enrolments").select("id").where("person_id", "=", personId);
  const [guidedLearning, unitResults, completions] = await Promise.all([
    db.selectFrom("leadership_guided_learning").selectAll().where("enrolment_id", "in", placesOf).orderBy("occurred_on").orderBy("id").execute(),
    db
      .selectFrom("leadership_unit_results as r")
      .innerJoin("leadership_units as u", "u.id", "r.unit_id")
      .selectAll("r")
      .select("u.title as unit_title")
      .where("r.enrolment_id", "in", placesOf)
      .orderBy("r.enrolment_id")
      .orderBy("u.sequence")
      .execute(),
    db.selectFrom("leadership_completions").selectAll().where("enrolment_id", "in", placesOf).orderBy("enrolment_id").execute(),
  ]);
  return { guidedLearning, unitResults, completions };
}
