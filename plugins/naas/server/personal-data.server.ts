// Subject access: everything NAAS holds about one person, with what they decided about the evidence
// other programmes suggested to them (the offers themselves are the core's, in the core's part).
// Each record names what it is about as well as its ids: a rating says which statement of which framework
// it is for, and a booking when and where the assessment is, so the person can read their download.
// Each code (a rating and the manager's review of it, a kind of evidence, a decision on an offer, a track,
// an endorsement, an outcome) is put into words in the reader's language beside it, as the plugin's pages
// word it; the review and the decision in the person's own voice, as the download is theirs to read.
import { sql } from "kysely";
import type { PluginContext } from "../../sdk";
import { RATING_NAMES } from "../programme";
import { naasDb } from "./db.server";

/** The statement a record is for, as the framework's code and version and the statement's number. */
const STATEMENT_COLUMNS = ["f.code as framework_code", "f.version as framework_version", "s.number as statement_number"] as const;

/** The statement's title in the reader's language, chosen as the plugin's pages choose it (`localTitle`). */
const statementTitleIn = (locale: string) => sql.ref<string>(locale === "cy" ? "s.title_cy" : "s.title").as("statement_title");

/** When and where a booked assessment is: both days and both places of the window. */
const WINDOW_COLUMNS = ["w.knowledge_on", "w.knowledge_place", "w.practice_on", "w.practice_place"] as const;

export async function naasPersonalData(ctx: PluginContext, personId: number) {
  const statementTitle = statementTitleIn(ctx.locale);
  const [ratings, evidence, candidates, offerDecisions] = await Promise.all([
    naasDb()
      .selectFrom("naas_ratings as r")
      .innerJoin("naas_statements as s", "s.id", "r.statement_id")
      .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
      .selectAll("r")
      .select([...STATEMENT_COLUMNS, statementTitle])
      .where("r.person_id", "=", personId)
      .orderBy("f.code")
      .orderBy("f.version")
      .orderBy("s.number")
      .execute(),
    naasDb()
      .selectFrom("naas_evidence as e")
      .innerJoin("naas_statements as s", "s.id", "e.statement_id")
      .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
      .selectAll("e")
      .select([...STATEMENT_COLUMNS, statementTitle])
      .where("e.person_id", "=", personId)
      .orderBy("e.occurred_on")
      .orderBy("e.id")
      .execute(),
    // A candidate not yet booked has no window: its window columns are empty.
    naasDb()
      .selectFrom("naas_candidates as c")
      .leftJoin("naas_windows as w", "w.id", "c.window_id")
      .selectAll("c")
      .select(WINDOW_COLUMNS)
      .where("c.person_id", "=", personId)
      .orderBy("c.track")
      .execute(),
    naasDb()
      .selectFrom("naas_offer_decisions as d")
      .innerJoin("evidence_offers as o", "o.id", "d.offer_id")
      .innerJoin("naas_statements as s", "s.id", "d.statement_id")
      .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
      .selectAll("d")
      .select([...STATEMENT_COLUMNS, statementTitle])
      .where("o.person_id", "=", personId)
      .orderBy("d.decided_at")
      .orderBy("d.offer_id")
      .execute(),
  ]);
  const ratingInWords = (rating: number | null) => {
    const name = rating === null ? undefined : RATING_NAMES[rating as keyof typeof RATING_NAMES];
    return name ? ctx.t(`ratings.${name}.name`) : null;
  };
  // An endorsement and an outcome are worded as the stage they put the person at ("Not yet endorsed").
  const stageInWords = (code: string | null) => (code === null ? null : ctx.t(`stages.${code}`));
  // A rating not yet reviewed has no words for its review.
  const reviewInWords = (review: string | null) => (review === null ? null : ctx.t(`personalData.review.${review}`));
  return {
    ratings: ratings.map((r) => ({ ...r, self_rating_in_words: ratingInWords(r.self_rating), review_in_words: reviewInWords(r.review), manager_rating_in_words: ratingInWords(r.manager_rating) })),
    evidence: evidence.map((e) => ({ ...e, kind_in_words: ctx.t(`evidence.kinds.${e.kind}`) })),
    candidates: candidates.map((c) => ({ ...c, track_in_words: ctx.t(`track.${c.track}`), endorsement_in_words: stageInWords(c.endorsement), outcome_in_words: stageInWords(c.outcome) })),
    offerDecisions: offerDecisions.map((d) => ({ ...d, decision_in_words: ctx.t(`personalData.offerDecision.${d.decision}`) })),
  };
}
