import { useTranslation } from "react-i18next";
import type { CpdStatusViewData } from "../services/cpd-view.server";
import { READINESS_COLOUR } from "./ReadinessList";
import { SummaryList } from "./SummaryList";
import { Tag } from "./Tag";

/** Where a person stands against Social Work England's CPD requirement in one registration year. */
export function CpdStatusSummary({ status }: { status: CpdStatusViewData }) {
  const { t } = useTranslation();
  const rows = [
    { key: "year", label: t("cpd.status.year"), value: t("cpd.status.yearDates", { from: status.dates.startsOn, to: status.dates.endsOn }) },
    { key: "entries", label: t("cpd.status.entries"), value: t("cpd.status.countOf", { number: status.entries, required: status.required }) },
    { key: "peer", label: t("cpd.status.peer"), value: t("cpd.status.countOf", { number: status.peerReflections, required: status.requiredPeer }) },
  ];
  if (status.awaitingReflection > 0) rows.push({ key: "awaiting", label: t("cpd.status.awaiting"), value: t("cpd.status.awaitingCount", { count: status.awaitingReflection }) });
  if (status.current) {
    rows.push({ key: "window", label: t("cpd.status.window"), value: t("cpd.status.yearDates", { from: status.dates.renewalOpensOn, to: status.dates.endsOn }) });
    rows.push(
      status.renewalWindowOpen
        ? { key: "days", label: t("cpd.status.daysToYearEnd"), value: String(status.daysToYearEnd) }
        : { key: "days", label: t("cpd.status.daysToWindow"), value: String(status.daysToRenewalWindow) },
    );
  }
  return (
    <>
      <p className="govuk-body">
        <Tag colour={READINESS_COLOUR[status.result]}>{t(`cpd.result.${status.result}`)}</Tag> {status.reason}
      </p>
      <SummaryList rows={rows} />
    </>
  );
}
