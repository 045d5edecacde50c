// Subject access: everything Level 5 holds about one person, on any of their places (enrolments, with
// their attendance, are the core's and in the core's part of the export). Each unit is named, and each
// result put into words, in the reader's language, as the programme's pages show them.
import type { PluginContext } from "../../sdk";
import { unitTitleIn } from "../default-titles";
import { leadershipDb } from "./progress.server";

export async function leadershipPersonalData(ctx: PluginContext, personId: number) {
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
  // A default unit title is stored in English and read from the locale; a title L&D typed stays as typed.
  const results = unitResults.map((r) => ({ ...r, unit_title: unitTitleIn(ctx.t, r.unit_title), result_in_words: ctx.t(`learner.results.${r.result}`) }));
  return { guidedLearning, unitResults: results, completions };
}
