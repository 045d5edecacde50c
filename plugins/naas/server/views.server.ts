// Turns a NAAS picture into what a page shows, in the reader's language and from where they stand (the
// person, or their manager or L&D): dates formatted, reasons worded, statement titles in English or Welsh.
import type { TFunction } from "i18next";
import { fixedT } from "../../../app/utils/i18n.server";
import { formatValues } from "../../../app/services/readiness.server";
import { personProfile } from "../../../app/services/people.server";
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import { londonToday } from "../../../app/utils/london-time";
import { PLUGIN_ID, RATING_NAMES, READER_WORDING, type Reader } from "../programme";
import type { StatementState } from "./assessment.server";
import { awaitsEndorsement, stageOf } from "./candidates.server";
import { endorsementOpen, mayBook } from "./journey.server";
import { localTitle, type NaasPicture } from "./picture.server";

/** Someone's full name, for "who decided": null when nobody (or nobody on the portal now) is recorded. */
export async function personName(personId: number | null) {
  const person = personId ? await personProfile(personId) : undefined;
  return person ? `${person.given_name} ${person.family_name}` : null;
}

/** A translator in the plugin's own namespace, for text built on the server. */
export const naasT = (locale: Locale) => fixedT(locale, PLUGIN_ID);

export const ratingName = (t: TFunction, rating: number | null) => (rating ? t(`ratings.${RATING_NAMES[rating as 1 | 2 | 3 | 4]}.name`) : t("statement.notRated"));

/** The manager's review of one statement, said to the person ("Your manager...") or about them ("Their manager..."). */
function managerReview(t: TFunction, s: StatementState, reader: Reader) {
  if (s.review === null) return t("review.none");
  const words = READER_WORDING[reader];
  return s.review === "agree" ? t(words.managerAgreed) : t(words.managerDiffered, { rating: ratingName(t, s.managerRating) });
}

function statementView(s: StatementState, locale: Locale, t: TFunction, reader: Reader) {
  return {
    id: s.statement.id,
    number: s.statement.number,
    title: localTitle(s.statement, locale),
    self: ratingName(t, s.selfRating),
    manager: managerReview(t, s, reader),
    managerComment: s.managerComment,
    evidence: s.evidence,
    carried: s.carriedEvidence,
    offers: s.offers,
    state: s.state,
    reason: t(`${READER_WORDING[reader].gaps}.${s.state}`, { rating: ratingName(t, s.rating), secure: ratingName(t, 3) }),
  };
}

/** The stage in words: a request L&D decide (nobody on the line can act on the portal) waits for them, not a manager. */
const stageWording = (stage: ReturnType<typeof stageOf>, endorsedByLearningTeam: boolean) =>
  stage === "requested" && endorsedByLearningTeam ? "stages.requestedOfLearningTeam" : `stages.${stage}`;

/** Each track of the picture as a page shows it; `reader` says whether the person themself is reading. */
export function trackViews(picture: NaasPicture, locale: Locale, reader: Reader, today = londonToday()) {
  const t = naasT(locale);
  return picture.tracks.map((entry) => {
    const a = entry.assessment;
    const c = entry.candidate;
    const statements = a ? a.statements.map((s) => statementView(s, locale, t, reader)) : [];
    return {
      track: entry.track,
      reader,
      eligible: entry.eligibility.eligible,
      eligibility: t(entry.eligibility.reasonKey, formatValues({ ...entry.eligibility.values, track: entry.track }, locale)),
      begun: c !== undefined || (a?.started ?? false),
      framework: a ? { title: locale === "cy" ? a.framework.titleCy : a.framework.title, version: a.framework.version, validTo: a.framework.validTo ? formatDate(a.framework.validTo, locale) : null } : null,
      score: a?.score ?? 0,
      ready: a?.ready ?? 0,
      total: a?.statements.length ?? 0,
      statements,
      gaps: statements.filter((s) => s.state !== "ready"),
      stage: stageOf(c),
      stageName: t(stageWording(stageOf(c), picture.endorsedByLearningTeam)),
      // Booking checks this, so the page offers booking (again, after "not yet accredited") only while it holds.
      endorsementStands: c?.endorsement === "endorsed",
      // The endorsement may be decided (or asked for) now: before booking, or for the next attempt after
      // "not yet accredited". The decision checks the same, under the person's lock.
      endorsementOpen: endorsementOpen(c),
      // Asked for and not yet decided, whatever the stage says (after "not yet accredited" it says that).
      awaitsEndorsement: awaitsEndorsement(c),
      // Whom the request waits for: L&D when nobody on the person's line can act on the portal.
      requestedOfLearningTeam: picture.endorsedByLearningTeam,
      // Booking, booking again or moving the booking held: offered only where the booking page would take it.
      mayBook: mayBook(c, entry.eligibility.eligible, today),
      endorsementNote: c?.endorsement_note ?? null,
      endorsedOn: c?.endorsed_at ? formatDate(c.endorsed_at, locale) : null,
      requestedOn: c?.endorsement_requested_at ? formatDate(c.endorsement_requested_at, locale) : null,
      booking: c?.window ? { knowledgeOn: formatDate(c.window.knowledge_on, locale), knowledgePlace: c.window.knowledge_place, practiceOn: formatDate(c.window.practice_on, locale), practicePlace: c.window.practice_place } : null,
      outcomeOn: c?.outcome_on ? formatDate(c.outcome_on, locale) : null,
    };
  });
}

export type TrackView = ReturnType<typeof trackViews>[number];
