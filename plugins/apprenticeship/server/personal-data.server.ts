// Subject access: everything the apprenticeship holds about one person.
import type { PluginContext } from "../../sdk";
import { apprenticeshipDb } from "./db.server";

export async function apprenticeshipPersonalData(_ctx: PluginContext, personId: number) {
  const db = apprenticeshipDb();
  const [applications, scores, ledger, offTheJob, practice, reviews, completion] = await Promise.all([
    db.selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_scores as s").innerJoin("apprenticeship_applications as a", "a.id", "s.application_id").selectAll("s").where("a.person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_ledger").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_otj").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_practice").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_reviews").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).execute(),
  ]);
  return { applications, scores, ledger, offTheJob, practice, reviews, completion };
}
