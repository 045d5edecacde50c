// Small pieces of wording and formatting the apprenticeship's pages share.
import type { ApprenticeshipTables } from "./db.server";
import { formatNumber } from "../../../app/utils/number-format";

export const hours = (minutes: number, locale: string) => formatNumber(minutes / 60, locale, { maximumFractionDigits: 1 });

/** Where an application has got to, as the applicant and L&D see it. */
export function applicationStage(a: Pick<ApprenticeshipTables["apprenticeship_applications"], "manager_support" | "shortlisted" | "decision" | "response"> & { enrolment_status?: string | null }) {
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
