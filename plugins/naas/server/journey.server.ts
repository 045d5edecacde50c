// The changes a person, their manager and L&D make on the NAAS journey. Each is audited; each checks
// the state it needs (eligible to start, endorsed to book, booked and assessed to record an outcome).
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { withRowLock } from "../../../app/services/cohort-lock.server";
import { cpdTitles } from "../../../app/services/cpd.server";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { addNotice } from "../../../app/services/notices.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { isPostgres } from "../../sdk/migrations";
import { PLUGIN_ID, type Track } from "../programme";
import type { Candidate } from "./candidates.server";
import { asHost, inTransaction, naasDb, type NaasDatabase } from "./db.server";
import { naasEligibility } from "./eligibility.server";
import { decisionShown, ratingsNow, reviewShown, trackStatementIds } from "./shown-ratings.server";
import { statementRefs } from "./statement.server";

const stamp = () => new Date().toISOString();

async function candidate(personId: number, track: Track, executor: Kysely<NaasDatabase> = naasDb()) {
  return executor.selectFrom("naas_candidates").selectAll().where("person_id", "=", personId).where("track", "=", track).executeTakeFirst();
}

/**
 * The person's lock on a track, held until the transaction ends: an endorsement request or decision, a
 * booking, an outcome and a re-rating each check or change the state the others check, so the second of
 * two at once waits and sees what the first stored. A named lock rather than the row's, as the row may
 * not exist yet; SQLite's transaction already holds its one writer.
 */
const holdCandidateLock = (personId: number, track: Track, trx: Kysely<NaasDatabase>) => holdTransactionLock(asHost(trx), `naas.candidate:${personId}:${track}`);

/** The person's place on a track as it stands inside `trx`, under their lock. */
async function lockedCandidate(personId: number, track: Track, trx: Kysely<NaasDatabase>) {
  await holdCandidateLock(personId, track, trx);
  return candidate(personId, track, trx);
}

/** The track a statement belongs to, whose endorsement its rating informs. */
const trackOfStatement = async (statementId: number, trx: Kysely<NaasDatabase>) =>
  (await trx.selectFrom("naas_statements as s").innerJoin("naas_frameworks as f", "f.id", "s.framework_id").select("f.track").where("s.id", "=", statementId).executeTakeFirst())?.track;

async function upsertCandidate(personId: number, track: Track, values: Partial<NaasDatabase["naas_candidates"]>, executor: Kysely<NaasDatabase> = naasDb()) {
  const now = stamp();
  await executor
    .insertInto("naas_candidates")
    .values({ person_id: personId, track, updated_at: now, ...values })
    .onConflict((oc) => oc.columns(["person_id", "track"]).doUpdateSet({ ...values, updated_at: now }))
    .execute();
}

const NO_REVIEW = { review: null, manager_rating: null, manager_comment: null, reviewed_by: null, reviewed_at: null } as const;

/**
 * The rating as it stands inside `trx`, its row locked on PostgreSQL until the transaction ends: a second
 * save at the same moment waits and then compares with what the first saved, so neither misses a change.
 * SQLite has one writer, and its transaction already holds it.
 */
const lockedRatingOf = (personId: number, statementId: number, trx: Kysely<NaasDatabase>) =>
  trx
    .selectFrom("naas_ratings")
    .selectAll()
    .where("person_id", "=", personId)
    .where("statement_id", "=", statementId)
    .$if(isPostgres(trx), (qb) => qb.forUpdate())
    .executeTakeFirst();

/** The endorsement a changed rating of this statement calls into question: its track's, while it stands and the person is not yet accredited. */
const standingEndorsementFor = (personId: number, statementId: number, trx: Kysely<NaasDatabase>) =>
  trx
    .selectFrom("naas_statements as s")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .innerJoin("naas_candidates as c", (join) => join.onRef("c.track", "=", "f.track").on("c.person_id", "=", personId))
    .innerJoin("people as p", "p.id", "c.person_id")
    .select(["c.track", "c.endorsed_by", "s.number", "p.given_name", "p.family_name"])
    .where("s.id", "=", statementId)
    .where("c.endorsement", "=", "endorsed")
    .where((eb) => eb.or([eb("c.outcome", "is", null), eb("c.outcome", "!=", "accredited")]))
    .executeTakeFirst();

/**
 * The manager endorsed the person on the ratings they saw. A changed one keeps the endorsement (a booked
 * place is not taken away by it) but tells the endorsing manager, so they can look again.
 */
async function tellEndorserOfChangedRating(personId: number, statementId: number, trx: Kysely<NaasDatabase>) {
  const endorsement = await standingEndorsementFor(personId, statementId, trx);
  if (!endorsement?.endorsed_by) return;
  await addNotice(
    {
      personId: endorsement.endorsed_by,
      source: PLUGIN_ID,
      messageKey: "notices.ratingChangedAfterEndorsement",
      values: { name: `${endorsement.given_name} ${endorsement.family_name}`, number: endorsement.number },
      href: `/programmes/${PLUGIN_ID}/people/${personId}?track=${endorsement.track}`,
    },
    asHost(trx),
  );
}

export async function rateStatement(personId: number, statementId: number, rating: number, actor: Actor) {
  await inTransaction(async (trx) => {
    // Under the person's lock as an endorsement is decided: the decision checks the ratings its page
    // showed, so a re-rating waits for it and then tells the endorser, rather than landing in between.
    const track = await trackOfStatement(statementId, trx);
    if (track) await holdCandidateLock(personId, track, trx);
    const before = await lockedRatingOf(personId, statementId, trx);
    // The same rating saved again changes nothing, so nothing is written or audited: the review of it
    // stands, and the page answers as saved. Compared under the lock, so of two saves of one new rating
    // at once, the second sees the first's and stores nothing.
    if (before?.self_rating === rating) return;
    const now = stamp();
    // The manager reviewed the rating they saw: a different one waits for their review again, and until
    // then the person's own rating is the one that counts.
    await trx
      .insertInto("naas_ratings")
      .values({ person_id: personId, statement_id: statementId, self_rating: rating, self_rated_at: now, ...NO_REVIEW })
      .onConflict((oc) => oc.columns(["person_id", "statement_id"]).doUpdateSet({ self_rating: rating, self_rated_at: now, ...NO_REVIEW }))
      .execute();
    await recordAudit(actor, { action: "naas.rating.self", subjectType: "naas_statement", subjectId: statementId, personId, before: before?.self_rating, after: rating }, asHost(trx));
    await tellEndorserOfChangedRating(personId, statementId, trx);
  });
}

export interface EvidenceInput {
  occurredOn: string;
  kind: NaasDatabase["naas_evidence"]["kind"];
  reflection: string;
}

/**
 * Adds the person's evidence, once for each drawing of its form: the form's one-time token is claimed in the
 * transaction that adds it, so a second click or the same form sent again stores nothing twice.
 */
export async function addEvidence(personId: number, statementId: number, input: EvidenceInput, actor: Actor, formToken: string | null = null) {
  await inTransaction(async (trx) => {
    if (await claimFormToken(asHost(trx), formToken)) await insertEvidence(trx, personId, statementId, input, actor, null);
  });
}

/** Evidence and its audit event, inside the caller's transaction. */
async function insertEvidence(trx: Kysely<NaasDatabase>, personId: number, statementId: number, input: EvidenceInput, actor: Actor, offerId: number | null) {
  const [row] = await trx
    .insertInto("naas_evidence")
    .values({ person_id: personId, statement_id: statementId, occurred_on: input.occurredOn, kind: input.kind, reflection: input.reflection, offer_id: offerId, created_at: stamp() })
    .returning("id")
    .execute();
  await recordAudit(actor, { action: "naas.evidence.added", subjectType: "naas_evidence", subjectId: row.id, personId, after: { statementId, ...input, offerId } }, asHost(trx));
}

/**
 * Accepts or dismisses a completion another programme offered as evidence for this statement. Accepted
 * evidence keeps the offer's own title, not the accepting reader's wording: pages word it from the offer,
 * in each reader's language.
 */
export async function decideOffer(personId: number, statementId: number, offerId: number, decision: "accepted" | "dismissed", actor: Actor) {
  const offer = await naasDb().selectFrom("evidence_offers").selectAll().where("id", "=", offerId).where("person_id", "=", personId).executeTakeFirst();
  // An offer counts only for the statement it was made for (or one that continues it).
  if (!offer || !(await statementRefs(statementId)).includes(offer.statement_ref)) return false;
  await inTransaction(async (trx) => {
    const [taken] = await trx
      .insertInto("naas_offer_decisions")
      .values({ offer_id: offerId, statement_id: statementId, decision, decided_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(["offer_id", "statement_id"]).doNothing())
      .returning("offer_id")
      .execute();
    if (!taken) return;
    if (decision === "accepted") await insertEvidence(trx, personId, statementId, { occurredOn: offer.occurred_on, kind: "course", reflection: offer.title }, actor, offerId);
    else await recordAudit(actor, { action: "naas.offer.dismissed", subjectType: "evidence_offer", subjectId: offerId, personId, after: { statementId } }, asHost(trx));
  });
  return true;
}

export interface ReviewInput {
  review: "agree" | "differ";
  rating: number | null;
  comment: string | null;
  /** The person's rating as the manager's page showed it: the review is of that rating, none other. */
  shownRating: number | null;
  /**
   * The review the page showed (`reviewShown`); absent, it showed none. Both managers may review, so one
   * saved by the other since the page was shown refuses this one rather than being silently replaced.
   */
  shownReview?: string | null;
}

export type ReviewResult = { ok: true } | { ok: false; error: "review.errors.notRated" | "review.errors.ratingChanged" | "review.errors.reviewChanged" };

export async function reviewStatement(personId: number, statementId: number, input: ReviewInput, actor: Actor): Promise<ReviewResult> {
  return inTransaction(async (trx) => {
    // Locked as a re-rating locks it: a re-rating at the same moment waits and then clears the review.
    // One saved between the manager's page and this lock refuses it (the page sends the rating it
    // showed), rather than the review landing on a rating the manager never saw.
    const before = await lockedRatingOf(personId, statementId, trx);
    if (!before?.self_rating) return { ok: false, error: "review.errors.notRated" } as const;
    if (before.self_rating !== input.shownRating) return { ok: false, error: "review.errors.ratingChanged" } as const;
    if (reviewShown(before) !== (input.shownReview ?? null)) return { ok: false, error: "review.errors.reviewChanged" } as const;
    const values = { review: input.review, manager_rating: input.review === "differ" ? input.rating : null, manager_comment: input.comment, reviewed_by: actor.personId, reviewed_at: stamp() };
    await trx.updateTable("naas_ratings").set(values).where("person_id", "=", personId).where("statement_id", "=", statementId).execute();
    await recordAudit(actor, { action: "naas.rating.reviewed", subjectType: "naas_statement", subjectId: statementId, personId, before, after: values }, asHost(trx));
    return { ok: true } as const;
  });
}

/** Who decides an endorsement request: a manager up the person's line, or L&D when none of them can act on the portal. */
export type Endorser = "manager" | "learning_development";

/**
 * Whether the endorsement is open to a request or a decision: before any booking, and again once the
 * outcome is "not yet accredited" with nothing booked since, as the manager's consent is for an attempt
 * and the next one is theirs to give or hold back. Never while an assessment is booked on it, nor once
 * the person is accredited.
 */
export const endorsementOpen = (candidate: { window_id: number | null; outcome: string | null } | undefined) =>
  candidate?.outcome ? candidate.outcome === "not_yet_accredited" : !candidate?.window_id;

/**
 * Asks for endorsement; answers who will decide it. With nobody on the line who can act on the portal the
 * request would wait for ever, so it waits for L&D instead, as the core's place requests do. An endorsement
 * that stands is not asked for again: the person books on it (again, after "not yet accredited").
 */
export async function requestEndorsement(personId: number, track: Track, actor: Actor): Promise<Endorser> {
  return inTransaction(async (trx) => {
    const endorser: Endorser = (await managerCanAct(personId, asHost(trx))) ? "manager" : "learning_development";
    const before = await lockedCandidate(personId, track, trx);
    if (before?.endorsement === "endorsed" || !endorsementOpen(before)) return endorser;
    await upsertCandidate(personId, track, { endorsement_requested_at: stamp(), endorsement: null, endorsement_note: null, endorsed_by: null, endorsed_at: null }, trx);
    await recordAudit(actor, { action: "naas.endorsement.requested", subjectType: "naas_candidate", subjectId: `${personId}:${track}`, personId, before, after: { endorser } }, asHost(trx));
    return endorser;
  });
}

export interface EndorsementInput {
  decision: "endorsed" | "not_yet";
  note: string | null;
  /** The person's ratings as the manager's page showed them (`ratingsShown`): the decision is on those, none other. */
  shownRatings: string | null;
  /**
   * The decision the page showed (`decisionShown`); absent, it showed none. The request reaches the line
   * manager and the service manager alike, so a decision either saved since the page was shown (or a new
   * request) refuses this one rather than the person hearing "endorsed", then "not yet".
   */
  shownDecision?: string | null;
}

export type EndorsementResult = { ok: true } | { ok: false; error: "endorse.errors.booked" | "endorse.errors.decisionChanged" | "endorse.errors.ratingsChanged" };

/**
 * The manager's decision stands until an assessment is booked; after an outcome of "not yet accredited",
 * with nothing booked since, they decide again for the next attempt (`endorsementOpen`). It is made on the
 * ratings and the decision the page showed: all checked under the person's lock, so a booking, a
 * re-rating or another manager's decision made at the same moment either sees this one or is seen by it,
 * never booked over it, left unseen beneath it, nor silently replaced by it.
 */
export async function decideEndorsement(personId: number, track: Track, input: EndorsementInput, actor: Actor): Promise<EndorsementResult> {
  const statementIds = await trackStatementIds(track);
  return inTransaction(async (trx) => {
    const before = await lockedCandidate(personId, track, trx);
    if (!endorsementOpen(before)) return { ok: false, error: "endorse.errors.booked" } as const;
    if (decisionShown(before) !== (input.shownDecision ?? null)) return { ok: false, error: "endorse.errors.decisionChanged" } as const;
    if ((await ratingsNow(personId, statementIds, trx)) !== input.shownRatings) return { ok: false, error: "endorse.errors.ratingsChanged" } as const;
    const values = { endorsement: input.decision, endorsement_note: input.note, endorsed_by: actor.personId, endorsed_at: stamp() };
    await upsertCandidate(personId, track, values, trx);
    await recordAudit(actor, { action: `naas.endorsement.${input.decision}`, subjectType: "naas_candidate", subjectId: `${personId}:${track}`, personId, before, after: values }, asHost(trx));
    // The person hears of the decision only if it was stored.
    await addNotice({ personId, source: PLUGIN_ID, messageKey: `notices.${input.decision}`, values: { note: input.note ?? "" }, href: `/programmes/${PLUGIN_ID}` }, asHost(trx));
    return { ok: true } as const;
  });
}

export type BookingResult = { ok: true } | { ok: false; error: "book.errors.notEligible" | "book.errors.notEndorsed" | "book.errors.assessmentBegun" | "book.errors.full" | "book.errors.noWindow" | "book.errors.past" };

/** The first day of the booked window's assessment: from it, the booking can no longer be moved. */
const assessedFrom = async (windowId: number, trx: Kysely<NaasDatabase>) =>
  (await trx.selectFrom("naas_windows").select("knowledge_on").where("id", "=", windowId).executeTakeFirst())?.knowledge_on;

/** The booked window's simulated practice day, its last step: the outcome follows it, never the knowledge assessment alone. */
const practisedOn = async (windowId: number, trx: Kysely<NaasDatabase>) =>
  (await trx.selectFrom("naas_windows").select("practice_on").where("id", "=", windowId).executeTakeFirst())?.practice_on;

/**
 * Whether the person has sat (or is sitting) the assessment they are booked on and waits for its outcome:
 * its first day is `today` or past. Moving them then would take away the booking the outcome is recorded
 * on. After an outcome of "not yet accredited" they book again, so that does not count.
 */
export const awaitsOutcome = (candidate: { window_id: number | null; outcome: string | null } | undefined, bookedFrom: string | undefined, today: string) =>
  Boolean(candidate?.window_id) && !candidate?.outcome && bookedFrom !== undefined && bookedFrom <= today;

/**
 * Whether the person may book a window on the track now, or move the booking they hold: eligible, endorsed
 * and not accredited, and not sitting the assessment booked. The checks `bookWindow` makes, so a page offers
 * booking only where the booking page would take it.
 */
export const mayBook = (candidate: Candidate | undefined, eligible: boolean, today: string) =>
  eligible && candidate?.endorsement === "endorsed" && candidate.outcome !== "accredited" && !awaitsOutcome(candidate, candidate.window?.knowledge_on, today);

/**
 * Books a place in a window, or moves the booking to another before its assessment begins. Its checks run
 * under the window's row lock, across processes, with the person's row locked too: an endorsement
 * withdrawn, an outcome recorded or the last place taken while the booking is made is seen by it, never
 * booked over.
 */
export async function bookWindow(personId: number, track: Track, windowId: number, today: string, actor: Actor): Promise<BookingResult> {
  // An endorsement does not outlast eligibility: someone who has since left a frontline role, say, books nothing on it.
  if (!(await naasEligibility([personId])).get(personId)?.[track].eligible) return { ok: false, error: "book.errors.notEligible" };
  return withRowLock("naas_windows", windowId, async (trx) => {
    const host = trx as unknown as Kysely<NaasDatabase>;
    const current = await lockedCandidate(personId, track, host);
    if (current?.endorsement !== "endorsed" || current.outcome === "accredited") return { ok: false, error: "book.errors.notEndorsed" } as const;
    if (awaitsOutcome(current, current.window_id ? await assessedFrom(current.window_id, host) : undefined, today)) return { ok: false, error: "book.errors.assessmentBegun" } as const;
    const window = await host.selectFrom("naas_windows").selectAll().where("id", "=", windowId).where("track", "=", track).executeTakeFirst();
    if (!window) return { ok: false, error: "book.errors.noWindow" } as const;
    if (window.knowledge_on <= today) return { ok: false, error: "book.errors.past" } as const;
    const taken = await host.selectFrom("naas_candidates").select((eb) => eb.fn.countAll<number>().as("n")).where("window_id", "=", windowId).where("person_id", "!=", personId).executeTakeFirstOrThrow();
    if (Number(taken.n) >= window.capacity) return { ok: false, error: "book.errors.full" } as const;
    await upsertCandidate(personId, track, { window_id: windowId, booked_at: stamp(), outcome: null, outcome_on: null, outcome_by: null }, host);
    await recordAudit(actor, { action: "naas.booked", subjectType: "naas_candidate", subjectId: `${personId}:${track}`, personId, before: current, after: { windowId } }, trx);
    // The booking clears the outcome, so nothing the outcome wrote may outlast it.
    await removeAccreditationFromCpd(personId, track, actor, host);
    return { ok: true } as const;
  });
}

export type OutcomeResult = { ok: true } | { ok: false; error: "outcome.errors.notBooked" | "outcome.errors.beforeAssessment" };

/**
 * The CPD entry's title in both languages: the record shows the reader's, whoever recorded it. Migration
 * 0003 words entries written before this the same way, so the two cannot drift apart.
 */
export const outcomeTitles = (track: Track) => cpdTitles(PLUGIN_ID, (t) => t("outcome.cpdTitle", { track: t(`track.${track}`) }));

/** The accreditation's CPD entry is keyed by its track: one entry a person and track. */
export const accreditationRef = (track: Track) => `accreditation:${track}`;

/** The accreditation on the person's CPD record, dated as the outcome is; recorded again, it is redated. */
async function writeAccreditationToCpd(personId: number, track: Track, on: string, trx: Kysely<NaasDatabase>) {
  await trx
    .insertInto("cpd_entries")
    .values({ person_id: personId, source: PLUGIN_ID, source_ref: accreditationRef(track), ...outcomeTitles(track), occurred_on: on, hours: 0, reflection: null, created_at: stamp() })
    .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doUpdateSet({ occurred_on: on, ...outcomeTitles(track) }))
    .execute();
}

/**
 * An accreditation corrected to another outcome, or cleared by a new booking, is no longer on the person's
 * CPD record. The entry is audited as it was, with any reflection the person added to it, as it goes.
 */
async function removeAccreditationFromCpd(personId: number, track: Track, actor: Actor, trx: Kysely<NaasDatabase>) {
  const removed = await trx
    .deleteFrom("cpd_entries")
    .where("person_id", "=", personId)
    .where("source", "=", PLUGIN_ID)
    .where("source_ref", "=", accreditationRef(track))
    .returning(["id", "title", "title_cy", "occurred_on", "learning", "practice_impact", "peer_reflection"])
    .executeTakeFirst();
  if (removed) await recordAudit(actor, { action: "naas.outcome.cpd_removed", subjectType: "cpd_entry", subjectId: removed.id, personId, before: removed }, asHost(trx));
}

/** Records the assessment's outcome; accreditation also goes on the person's CPD record, and only it. */
export async function recordOutcome(personId: number, track: Track, outcome: "accredited" | "not_yet_accredited", on: string, actor: Actor): Promise<OutcomeResult> {
  return inTransaction(async (trx) => {
    // Checked under the person's lock: the outcome is recorded on the booking as it stands, dated no
    // earlier than its simulated practice day, and its audit event says what it replaced even when two
    // are recorded at once.
    const before = await lockedCandidate(personId, track, trx);
    const practiceDay = before?.window_id ? await practisedOn(before.window_id, trx) : undefined;
    if (!practiceDay) return { ok: false, error: "outcome.errors.notBooked" } as const;
    if (on < practiceDay) return { ok: false, error: "outcome.errors.beforeAssessment" } as const;
    await upsertCandidate(personId, track, { outcome, outcome_on: on, outcome_by: actor.personId }, trx);
    await recordAudit(actor, { action: `naas.outcome.${outcome}`, subjectType: "naas_candidate", subjectId: `${personId}:${track}`, personId, before, after: { outcome, on } }, asHost(trx));
    if (outcome === "accredited") await writeAccreditationToCpd(personId, track, on, trx);
    else await removeAccreditationFromCpd(personId, track, actor, trx);
    // In the same transaction: an outcome is never kept without the person hearing of it, and a notice
    // that cannot be written refuses the outcome rather than answering an error for a stored one.
    await addNotice({ personId, source: PLUGIN_ID, messageKey: `notices.${outcome}`, href: `/programmes/${PLUGIN_ID}` }, asHost(trx));
    return { ok: true } as const;
  });
}
