// A person's self-assessment against the framework in force, scored: which statements are ready,
// which hold them back and why. Batched: a handful of queries for any number of people.
import { evidenceOffersFor } from "../../../app/services/evidence.server";
import { chunks } from "../../../app/services/readiness.server";
import { londonToday } from "../../../app/utils/london-time";
import { READY_RATING, type Track } from "../programme";
import { naasDb } from "./db.server";
import { carriedFrom, frameworksInForce, type Statement } from "./frameworks.server";

export type StatementStateCode = "not_rated" | "below" | "needs_evidence" | "ready";

export interface StatementState {
  statement: Statement;
  selfRating: number | null;
  review: "agree" | "differ" | null;
  managerRating: number | null;
  managerComment: string | null;
  /** Who saved the review, and when: a page says so, and its form sends back the review it showed. */
  reviewedBy: number | null;
  reviewedAt: string | null;
  /** The rating that counts: the manager's where they gave a different one, otherwise the person's own. */
  rating: number | null;
  evidence: number;
  /** Evidence held against older statements that map to this one. */
  carriedEvidence: number;
  offers: number;
  state: StatementStateCode;
}

export interface Assessment {
  track: Track;
  framework: { id: number; code: string; version: string; title: string; titleCy: string; validTo: string | null };
  statements: StatementState[];
  ready: number;
  score: number;
  started: boolean;
}

export const assessmentKey = (personId: number, track: Track) => `${personId}:${track}`;

export function stateOf(rating: number | null, evidence: number): StatementStateCode {
  if (rating === null) return "not_rated";
  if (rating < READY_RATING) return "below";
  if (evidence === 0) return "needs_evidence";
  return "ready";
}

async function statementsWithRefs(frameworkIds: number[]) {
  const rows = await naasDb()
    .selectFrom("naas_statements as s")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .select(["s.id", "s.framework_id", "s.number", "s.title", "s.title_cy", "f.code"])
    .execute();
  return { all: new Map(rows.map((r) => [r.id, r])), current: rows.filter((r) => frameworkIds.includes(r.framework_id)) };
}

/** Assessments for the given people on the given tracks, against the framework in force today. */
export async function assessmentsFor(requests: { personId: number; track: Track }[], now = new Date()): Promise<Map<string, Assessment>> {
  const result = new Map<string, Assessment>();
  if (requests.length === 0) return result;
  // A new framework comes into force at midnight in London, not at 1am in summer when UTC's date turns.
  const frameworks = await frameworksInForce(londonToday(now));
  const frameworkIds = [...frameworks.values()].map((f) => f.id);
  const statements = await statementsWithRefs(frameworkIds);
  const carried = await carriedFrom(statements.current.map((s) => s.id));
  const counted = [...new Set([...statements.current.map((s) => s.id), ...[...carried.values()].flat()])];
  const refOf = (id: number) => `${statements.all.get(id)!.code}:${statements.all.get(id)!.number}`;
  // Worked out once, not once a person: a locality is hundreds of people, each with every statement.
  const refsOf = new Map(statements.current.map((s) => [s.id, new Set([s.id, ...(carried.get(s.id) ?? [])].map(refOf))]));
  const statementsOf = new Map([...frameworks.values()].map((f) => [f.id, statements.current.filter((s) => s.framework_id === f.id)]));

  for (const batch of chunks(requests)) {
    const personIds = [...new Set(batch.map((r) => r.personId))];
    const [ratings, evidence, offers] = await Promise.all([
      counted.length ? naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "in", personIds).where("statement_id", "in", statements.current.map((s) => s.id)).execute() : [],
      counted.length
        ? naasDb().selectFrom("naas_evidence").select(["person_id", "statement_id", (eb) => eb.fn.countAll<number>().as("n")]).where("person_id", "in", personIds).where("statement_id", "in", counted).groupBy(["person_id", "statement_id"]).execute()
        : [],
      evidenceOffersFor(personIds, counted.map(refOf)),
    ]);
    const decided = offers.length
      ? await naasDb().selectFrom("naas_offer_decisions").select(["offer_id", "statement_id"]).where("offer_id", "in", offers.map((o) => o.id)).execute()
      : [];
    const ratingOf = new Map(ratings.map((r) => [`${r.person_id}:${r.statement_id}`, r]));
    const evidenceOf = new Map(evidence.map((e) => [`${e.person_id}:${e.statement_id}`, Number(e.n)]));
    const decidedSet = new Set(decided.map((d) => `${d.offer_id}:${d.statement_id}`));
    const offersOf = new Map<number, typeof offers>();
    for (const offer of offers) {
      const own = offersOf.get(offer.person_id);
      if (own) own.push(offer);
      else offersOf.set(offer.person_id, [offer]);
    }

    for (const { personId, track } of batch) {
      const framework = frameworks.get(track);
      if (!framework) continue;
      const ownOffers = offersOf.get(personId) ?? [];
      const states = (statementsOf.get(framework.id) ?? [])
        .map((s): StatementState => {
          const rating = ratingOf.get(`${personId}:${s.id}`);
          const own = evidenceOf.get(`${personId}:${s.id}`) ?? 0;
          const carriedIds = carried.get(s.id) ?? [];
          const carriedCount = carriedIds.reduce((sum, id) => sum + (evidenceOf.get(`${personId}:${id}`) ?? 0), 0);
          const refs = refsOf.get(s.id)!;
          const pending = ownOffers.filter((o) => refs.has(o.statement_ref) && !decidedSet.has(`${o.id}:${s.id}`)).length;
          const counts = rating?.review === "differ" ? rating.manager_rating : (rating?.self_rating ?? null);
          return {
            statement: { id: s.id, frameworkId: s.framework_id, number: s.number, title: s.title, titleCy: s.title_cy },
            selfRating: rating?.self_rating ?? null,
            review: rating?.review ?? null,
            managerRating: rating?.manager_rating ?? null,
            managerComment: rating?.manager_comment ?? null,
            reviewedBy: rating?.reviewed_by ?? null,
            reviewedAt: rating?.reviewed_at ?? null,
            rating: counts,
            evidence: own + carriedCount,
            carriedEvidence: carriedCount,
            offers: pending,
            state: stateOf(counts, own + carriedCount),
          };
        });
      const ready = states.filter((s) => s.state === "ready").length;
      result.set(assessmentKey(personId, track), {
        track,
        framework: { id: framework.id, code: framework.code, version: framework.version, title: framework.title, titleCy: framework.title_cy, validTo: framework.valid_to },
        statements: states,
        ready,
        score: states.length === 0 ? 0 : Math.round((100 * ready) / states.length),
        started: states.some((s) => s.selfRating !== null || s.evidence > 0),
      });
    }
  }
  return result;
}
