// Subject access: everything the ASYE year holds about one person (their own year; not the years they
// assess or supervise, which are the other person's record).
import type { PluginContext } from "../../sdk";
import { asyeDb } from "./db.server";

export async function asyePersonalData(_ctx: PluginContext, personId: number) {
  const years = await asyeDb().selectFrom("asye_years").selectAll().where("person_id", "=", personId).execute();
  const ids = years.map((y) => y.id);
  if (ids.length === 0) return { years: [], leave: [], reviews: [], evidence: [], supervision: [] };
  const [leave, reviews, evidence, supervision] = await Promise.all([
    asyeDb().selectFrom("asye_leave").selectAll().where("year_id", "in", ids).orderBy("starts_on").execute(),
    asyeDb().selectFrom("asye_reviews").selectAll().where("year_id", "in", ids).orderBy("review_month").execute(),
    asyeDb().selectFrom("asye_evidence").selectAll().where("year_id", "in", ids).orderBy("occurred_on").execute(),
    asyeDb().selectFrom("asye_supervision").selectAll().where("year_id", "in", ids).orderBy("held_on").execute(),
  ]);
  return { years, leave, reviews, evidence, supervision };
}
