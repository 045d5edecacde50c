// Small pieces of wording and formatting the apprenticeship's pages share.
import type { TFunction } from "i18next";
import type { ApprenticeshipTables } from "./db.server";
import { formatNumber } from "../../../app/utils/number-format";
import { PLUGIN_ID } from "../programme";

type Application = ApprenticeshipTables["apprenticeship_applications"];

export const hours = (minutes: number, locale: string) => formatNumber(minutes / 60, locale, { maximumFractionDigits: 1 });

/** Where an application has got to, as the applicant and L&D see it. */
export function applicationStage(a: Pick<Application, "manager_support" | "shortlisted" | "decision" | "response"> & { enrolment_status?: string | null }) {
  if (a.response === "accepted") return "accepted";
  if (a.response === "declined") return "offer_declined";
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

/** A stage's name for its reader. */
export function stageName(stage: string, reader: Reader, t: TFunction) {
  const group = reader === "staff" && STAGES_NAMING_THE_MANAGER.has(stage) ? "staffView.stages" : "stages";
  return t(`${PLUGIN_ID}:${group}.${stage}`);
}

/** Why an application meets the rules or not, one sentence a rule; `reasons` are the `eligibility.*` keys. */
export function eligibilityText(reasons: string[], minMonths: number, reader: Reader, t: TFunction) {
  const group = reader === "staff" ? `${PLUGIN_ID}:staffView.` : `${PLUGIN_ID}:`;
  return (reasons.length === 0 ? ["eligibility.met"] : reasons).map((reason) => t(`${group}${reason}`, { months: minMonths }));
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
