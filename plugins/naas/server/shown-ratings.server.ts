// The person's ratings as a manager's endorse page showed them. The form sends them back with the decision,
// as the review form sends the one rating it showed: a decision is on the ratings the manager saw, so
// the endorsement compares them, under the person's lock, with the ratings as they stand. Likewise the
// decision or review the page showed, as another manager may have saved one since.
import type { Kysely } from "kysely";
import { londonToday } from "../../../app/utils/london-time";
import type { Track } from "../programme";
import type { StatementState } from "./assessment.server";
import type { NaasDatabase } from "./db.server";
import { frameworksInForce, statementsOf } from "./frameworks.server";

type Rated = { statementId: number; selfRating: number | null };

/**
 * "statement:rating" for each statement, an unrated one with nothing after the colon. Sorted by statement,
 * as the page's order is the database's and may differ between two reads of the same ratings.
 */
const asText = (rated: Rated[]) =>
  [...rated]
    .sort((a, b) => a.statementId - b.statementId)
    .map((r) => `${r.statementId}:${r.selfRating ?? ""}`)
    .join(",");

/** The ratings a page drawn from this assessment shows. */
export const ratingsShown = (statements: StatementState[] = []) => asText(statements.map((s) => ({ statementId: s.statement.id, selfRating: s.selfRating })));

/**
 * The statements of the track's framework in force today, as the page's picture finds them. Read before the
 * decision's transaction: on SQLite a read outside it would wait for the connection that transaction holds.
 */
export async function trackStatementIds(track: Track) {
  const framework = (await frameworksInForce(londonToday())).get(track);
  return framework ? (await statementsOf([framework.id])).map((s) => s.id) : [];
}

/**
 * The endorsement decision a page shows, as its form sends it back: the decision and when it was made, or
 * null for none (not asked, or asked again since). Compared, under the person's lock, with the one stored.
 */
export const decisionShown = (candidate: { endorsement: string | null; endorsed_at: string | null } | undefined) =>
  candidate?.endorsement ? `${candidate.endorsement}@${candidate.endorsed_at ?? ""}` : null;

/** The manager's review of a rating a page shows, as its form sends it back: when it was saved, or null for none. */
export const reviewShown = (rating: { review: string | null; reviewed_at: string | null } | undefined) => (rating?.review ? `${rating.review}@${rating.reviewed_at ?? ""}` : null);

/** The person's ratings of these statements as they stand inside `trx`, in the form `ratingsShown` gives. */
export async function ratingsNow(personId: number, statementIds: number[], trx: Kysely<NaasDatabase>) {
  if (statementIds.length === 0) return asText([]);
  const rows = await trx.selectFrom("naas_ratings").select(["statement_id", "self_rating"]).where("person_id", "=", personId).where("statement_id", "in", statementIds).execute();
  const ratingOf = new Map(rows.map((r) => [r.statement_id, r.self_rating]));
  return asText(statementIds.map((id) => ({ statementId: id, selfRating: ratingOf.get(id) ?? null })));
}
