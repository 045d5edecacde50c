// Small pieces of wording and formatting the apprenticeship's pages share.
import type { TFunction } from "i18next";
import type { ApprenticeshipTables } from "./db.server";
import type { Compliance } from "./progress.server";
import { formatNumber } from "../../../app/utils/number-format";
import { PLUGIN_ID } from "../programme";

type Application = ApprenticeshipTables["apprenticeship_applications"];

/**
 * Minutes as hours to one decimal place. It is the figure the pages show, so it is also the count the
 * word "hour" agrees with: 61 minutes shows as "1" and reads "1 hour", 90 minutes "1.5 hours".
 */
export const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;

export const hours = (minutes: number, locale: string) => formatNumber(hoursOf(minutes), locale, { maximumFractionDigits: 1 });

/** Where an application has got to, as the applicant and L&D see it. */
export function applicationStage(a: Pick<Application, "manager_support" | "shortlisted" | "decision" | "response"> & { enrolment_status?: string | null }) {
  if (a.response === "declined") return "offer_declined";
  // Withdrawn by L&D (they left): whatever the place was, an apprentice's, an offer or a reserve's.
  if (a.enrolment_status === "withdrawn") return "withdrawn";
  if (a.response === "accepted") return "accepted";
  if (a.decision === "decline") return "declined";
  // A reserve given a place when someone declined holds an offer like anyone else.
  if (a.decision === "offer" || (a.decision === "reserve" && a.enrolment_status === "enrolled")) return a.enrolment_status === "waitlisted" ? "reserve" : "offered";
  if (a.decision === "reserve") return "reserve";
  if (a.shortlisted === 1) return "shortlisted";
  if (a.manager_support === "withheld") return "not_supported";
  if (a.manager_support === "given") return "supported";
  return "submitted";
}

/**
 * Who is reading about an application. The applicant's own page speaks to them ("your manager");
 * the panel and the applicant's manager read about someone else, so their pages take the
 * third-person wording under `staffView` ("their manager", "Has it").
 */
export type Reader = "applicant" | "staff";

// Only these stages mention the applicant's manager; the rest read the same to everyone.
const STAGES_NAMING_THE_MANAGER = new Set(["submitted", "supported", "not_supported"]);

/**
 * A stage's name for its reader. An application waiting for support from a line with nobody on the portal
 * waits for L&D to record it (`supportByLearningTeam`), not for a manager who will never answer.
 */
export function stageName(stage: string, reader: Reader, t: TFunction, supportByLearningTeam = false) {
  const group = reader === "staff" && STAGES_NAMING_THE_MANAGER.has(stage) ? "staffView.stages" : "stages";
  const name = stage === "submitted" && supportByLearningTeam ? "submittedToLearningTeam" : stage;
  return t(`${PLUGIN_ID}:${group}.${name}`);
}

/** Why an application meets the rules or not, one sentence a rule; `reasons` are the `eligibility.*` keys. */
export function eligibilityText(reasons: string[], minMonths: number, reader: Reader, t: TFunction) {
  const group = reader === "staff" ? `${PLUGIN_ID}:staffView.` : `${PLUGIN_ID}:`;
  // The applicant's sentence counts months ("1 month's service"); staff read "the 1-month minimum".
  return (reasons.length === 0 ? ["eligibility.met"] : reasons).map((reason) => t(`${group}${reason}`, { months: minMonths, count: minMonths }));
}

// Sentences with a counted noun. English words the noun by the number (`count`): "1 hour", "1.5 hours";
// the Welsh reads right for any number with its one form. Each is put into words here, on the server.

/** How an apprentice stands on off-the-job hours: how far behind, or what they have logged so far. */
export function otjStanding(c: Pick<Compliance, "logged" | "expected" | "behind">, locale: string, t: TFunction) {
  const logged = hours(c.logged, locale);
  const expected = hours(c.expected, locale);
  return c.behind > 0
    ? t(`${PLUGIN_ID}:otj.behind`, { behind: hours(c.behind, locale), logged, expected, count: hoursOf(c.behind) })
    : t(`${PLUGIN_ID}:otj.onTrack`, { logged, expected, count: hoursOf(c.logged) });
}

/** The same, short, for the table of apprentices: hours behind, or hours logged of those needed. */
export function otjStandingShort(c: Pick<Compliance, "logged" | "expected" | "behind">, locale: string, t: TFunction) {
  return c.behind > 0
    ? t(`${PLUGIN_ID}:otj.behindShort`, { behind: hours(c.behind, locale), count: hoursOf(c.behind) })
    : t(`${PLUGIN_ID}:otj.loggedShort`, { logged: hours(c.logged, locale), expected: hours(c.expected, locale), count: hoursOf(c.expected) });
}

/** The off-the-job hours an apprentice needs each week. */
export function weeklyMinimum(c: Pick<Compliance, "requiredPerWeek">, locale: string, t: TFunction) {
  return t(`${PLUGIN_ID}:otj.weeklyValue`, { hours: hours(c.requiredPerWeek, locale), count: hoursOf(c.requiredPerWeek) });
}

/** Practice days done of the days a kind of practice learning has. */
export function practiceDays(done: number, required: number, t: TFunction) {
  return t(`${PLUGIN_ID}:practice.daysValue`, { done, required, count: required });
}

/**
 * The applicant's answers as the panel and their manager read them. The form's labels and choices are
 * the applicant's own voice ("Your current role", "I have it"), so staff see them worded about the applicant.
 */
export function answersForStaff(a: Pick<Application, "current_role" | "service_months" | "english" | "maths" | "statement">, t: TFunction) {
  const ns = `${PLUGIN_ID}:`;
  return [
    { key: "role", label: t(`${ns}staffView.role`), value: a.current_role },
    { key: "months", label: t(`${ns}apply.service`), value: String(a.service_months) },
    { key: "english", label: t(`${ns}apply.english`), value: t(`${ns}staffView.qualification.${a.english}`) },
    { key: "maths", label: t(`${ns}apply.maths`), value: t(`${ns}staffView.qualification.${a.maths}`) },
    { key: "statement", label: t(`${ns}apply.statement`), value: a.statement },
  ];
}

/** The applicant's own answers in the form's own words, read back to them once they can no longer change them. */
export function answersForApplicant(a: Pick<Application, "current_role" | "service_months" | "english" | "maths" | "statement">, t: TFunction) {
  const ns = `${PLUGIN_ID}:`;
  return [
    { key: "statement", label: t(`${ns}apply.statement`), value: a.statement },
    { key: "role", label: t(`${ns}apply.role`), value: a.current_role },
    { key: "months", label: t(`${ns}apply.service`), value: String(a.service_months) },
    { key: "english", label: t(`${ns}apply.english`), value: t(`${ns}apply.qualification.${a.english}`) },
    { key: "maths", label: t(`${ns}apply.maths`), value: t(`${ns}apply.qualification.${a.maths}`) },
  ];
}
