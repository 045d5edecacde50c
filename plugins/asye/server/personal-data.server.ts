// Subject access: everything the ASYE year holds about one person (their own year; not the years they
// assess or supervise, which are the other person's record). Each code the year stores (a recommendation,
// a decision, a review's outcome, a kind of evidence) is put into words in the reader's language, beside
// the code, as the year's page words it.
import type { PluginContext } from "../../sdk";
import { asyeDb } from "./db.server";

export async function asyePersonalData(ctx: PluginContext, personId: number) {
  const years = await asyeDb().selectFrom("asye_years").selectAll().where("person_id", "=", personId).execute();
  const ids = years.map((y) => y.id);
  if (ids.length === 0) return { years: [], leave: [], reviews: [], evidence: [], supervision: [] };
  const [leave, reviews, evidence, supervision] = await Promise.all([
    asyeDb().selectFrom("asye_leave").selectAll().where("year_id", "in", ids).orderBy("starts_on").execute(),
    asyeDb().selectFrom("asye_reviews").selectAll().where("year_id", "in", ids).orderBy("review_month").execute(),
    asyeDb().selectFrom("asye_evidence").selectAll().where("year_id", "in", ids).orderBy("occurred_on").execute(),
    asyeDb().selectFrom("asye_supervision").selectAll().where("year_id", "in", ids).orderBy("held_on").execute(),
  ]);
  const inWords = (group: string, code: string | null) => (code === null ? null : ctx.t(`${group}.${code}`));
  return {
    years: years.map((y) => ({ ...y, recommendation_in_words: inWords("recommendation.choices", y.recommendation), decision_in_words: inWords("decision.choices", y.decision) })),
    leave,
    reviews: reviews.map((r) => ({ ...r, outcome_in_words: inWords("review.outcomes", r.outcome) })),
    evidence: evidence.map((e) => ({ ...e, kind_in_words: inWords("evidence.kinds", e.kind) })),
    supervision,
  };
}
