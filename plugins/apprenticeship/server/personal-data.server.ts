// Subject access: everything the apprenticeship holds about one person. Each code (a decision, the
// manager's support, an answer to an offer, a level 2 answer, a kind of ledger entry or practice learning,
// a review's or the degree's outcome) is put into words in the reader's language beside it, as the
// plugin's pages word it.
import type { PluginContext } from "../../sdk";
import { apprenticeshipDb } from "./db.server";

/** The stage an answer to an offer puts an application at: its words are the applicant's page's. */
const RESPONSE_STAGES = { accepted: "accepted", declined: "offer_declined" } as const;

export async function apprenticeshipPersonalData(ctx: PluginContext, personId: number) {
  const db = apprenticeshipDb();
  const [applications, scores, ledger, offTheJob, practice, reviews, completion] = await Promise.all([
    db.selectFrom("apprenticeship_applications as a").leftJoin("enrolments as e", "e.id", "a.enrolment_id").selectAll("a").select("e.status as enrolment_status").where("a.person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_scores as s").innerJoin("apprenticeship_applications as a", "a.id", "s.application_id").selectAll("s").where("a.person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_ledger").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_otj").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_practice").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_reviews").selectAll().where("person_id", "=", personId).execute(),
    db.selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).execute(),
  ]);
  // A code not yet recorded (no decision, no answer to an offer) has no words either.
  const words = (group: string, code: string | null) => (code === null ? null : ctx.t(`${group}.${code}`));
  return {
    // The place's status only words the decision: the place itself is in the core's part of the download.
    applications: applications.map(({ enrolment_status: enrolmentStatus, ...a }) => ({
      ...a,
      // Level 2 answers in the words the person chose them by on the form.
      english_in_words: words("apply.qualification", a.english),
      maths_in_words: words("apply.qualification", a.maths),
      manager_support_in_words: words("personalData.managerSupport", a.manager_support),
      // An offer made when the places were full put the person on the reserve list: that is what they were
      // told, and what their page says while the place waits (applicationStage), so it is worded so here.
      decision_in_words: a.decision === "offer" && enrolmentStatus === "waitlisted" ? ctx.t("personalData.offerWhenFull") : words("decision.choices", a.decision),
      response_in_words: words("stages", a.response === null ? null : RESPONSE_STAGES[a.response]),
    })),
    scores,
    ledger: ledger.map((entry) => ({ ...entry, kind_in_words: words("funding.kinds", entry.kind) })),
    offTheJob,
    practice: practice.map((p) => ({ ...p, kind_in_words: words("practice.kinds", p.kind) })),
    reviews: reviews.map((r) => ({ ...r, outcome_in_words: words("review.outcomes", r.outcome) })),
    completion: completion.map((c) => ({ ...c, degree_outcome_in_words: words("completion.outcomes", c.degree_outcome) })),
  };
}
