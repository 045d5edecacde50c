// A year's record, shown alike to the worker on their own page and to the people who support them:
// the dates (with why the year is longer), the reviews, the evidence checklist and supervision.
import { useTranslation } from "react-i18next";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { PLUGIN_ID } from "../programme";
import type { YearView } from "../server/views.server";

const STATUS_COLOUR = { in_progress: "blue", awaiting_decision: "yellow", passed: "green", failed: "red" } as const;

export function StatusTag({ status }: { status: YearView["status"] }) {
  const { t } = useTranslation(PLUGIN_ID);
  return <Tag colour={STATUS_COLOUR[status]}>{t(`status.${status}`)}</Tag>;
}

/**
 * The reviews table's rows: the year's reviews in month order, with any final review held before an
 * extension just ahead of the extended year's own (the last), marked with the weeks added since. They are
 * part of why the year is longer; only the extended year's counts, so they have no due date.
 */
function reviewRows(view: Pick<YearView, "reviews" | "earlierFinalReviews">) {
  const reviews = view.reviews.map((r) => ({ ...r, key: `month-${r.month}`, weeksSince: null as number | null }));
  const earlier = view.earlierFinalReviews.map((r, i) => ({ key: `earlier-${i}`, month: 0, dueOn: "", overdue: false, heldOn: r.heldOn as string | null, outcome: r.outcome as string | null, note: r.note as string | null, weeksSince: r.weeksSince as number | null }));
  return [...reviews.slice(0, -1), ...earlier, ...reviews.slice(-1)];
}

export function YearRecord({ view }: { view: YearView }) {
  const { t } = useTranslation(PLUGIN_ID);
  const lengthened = [
    view.partTimeDays > 0 ? t("year.partTime", { fte: view.fte, days: view.partTimeDays, count: view.partTimeDays }) : null,
    view.leaveDays > 0 ? t("year.leave", { days: view.leaveDays, count: view.leaveDays }) : null,
    view.extensionWeeks > 0 ? t("year.extension", { weeks: view.extensionWeeks, count: view.extensionWeeks }) : null,
  ].filter(Boolean);
  return (
    <>
      <SummaryList
        rows={[
          { key: "status", label: t("year.status"), value: <StatusTag status={view.status} /> },
          { key: "month", label: t("year.month"), value: view.month === 0 ? t("year.notStarted") : t("year.monthValue", { month: view.month }) },
          { key: "start", label: t("year.startsOn"), value: view.startsOn },
          { key: "end", label: t("year.endsOn"), value: lengthened.length > 0 ? `${view.endsOn} (${lengthened.join("; ")})` : view.endsOn },
          { key: "assessor", label: t("year.assessor"), value: view.assessor },
          { key: "supervisor", label: t("year.supervisor"), value: view.supervisor },
          ...(view.recommendation ? [{ key: "recommendation", label: t("recommendation.heading"), value: `${t(`recommendation.choices.${view.recommendation.value}`)} (${view.recommendation.on}): ${view.recommendation.note}` }] : []),
          ...(view.decision ? [{ key: "decision", label: t("decision.heading"), value: `${t(`decision.choices.${view.decision.value}`)} (${view.decision.on}): ${view.decision.note}` }] : []),
        ]}
      />
      <h2 className="govuk-heading-m">{t("review.heading")}</h2>
      <Table
        caption={t("review.caption")}
        rows={reviewRows(view)}
        rowKey={(r) => r.key}
        columns={[
          { key: "month", header: t("review.month"), cell: (r) => (r.weeksSince === null ? t("review.monthValue", { month: r.month }) : t("review.earlier", { weeks: r.weeksSince, count: r.weeksSince })) },
          { key: "due", header: t("review.dueOn"), cell: (r) => (r.overdue ? <><Tag colour="red">{t("review.overdueTag")}</Tag> {r.dueOn}</> : r.dueOn) },
          { key: "held", header: t("review.heldOn"), cell: (r) => r.heldOn ?? t("review.notYet") },
          { key: "outcome", header: t("review.outcome"), cell: (r) => (r.outcome ? `${t(`review.outcomes.${r.outcome}`)}: ${r.note}` : "") },
        ]}
      />
      <h2 className="govuk-heading-m">{t("evidence.heading")}</h2>
      <Table
        caption={t("evidence.caption")}
        rows={view.evidence}
        rowKey={(e) => e.kind}
        columns={[
          { key: "kind", header: t("evidence.kind"), cell: (e) => t(`evidence.kinds.${e.kind}`) },
          { key: "progress", header: t("evidence.progress"), numeric: true, cell: (e) => t("evidence.progressValue", { recorded: e.recorded, required: e.required }) },
          { key: "done", header: t("evidence.state"), cell: (e) => (e.done ? <Tag colour="green">{t("evidence.complete")}</Tag> : <Tag colour="grey">{t("evidence.outstanding")}</Tag>) },
        ]}
      />
      <h2 className="govuk-heading-m">{t("supervision.heading")}</h2>
      <p className="govuk-body">{view.lastSupervision ? t("supervision.summary", { count: view.supervisionCount, last: view.lastSupervision }) : t("supervision.none")}</p>
      {view.gaps.length === 0 ? (
        <p className="govuk-body">{t("supervision.noGaps")}</p>
      ) : (
        <Table
          caption={t("supervision.gapsCaption")}
          rows={view.gaps}
          rowKey={(g) => `${g.after}-${g.dueOn}`}
          columns={[
            { key: "after", header: t("supervision.after"), cell: (g) => g.after },
            { key: "due", header: t("supervision.dueOn"), cell: (g) => g.dueOn },
            { key: "until", header: t("supervision.until"), cell: (g) => (g.until ? g.until : <Tag colour="red">{t("supervision.overdueTag")}</Tag>) },
          ]}
        />
      )}
      {view.leave.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">{t("leave.heading")}</h2>
          <Table
            caption={t("leave.caption")}
            rows={view.leave}
            rowKey={(l) => l.id}
            columns={[
              { key: "from", header: t("leave.startsOn"), cell: (l) => l.startsOn },
              { key: "to", header: t("leave.endsOn"), cell: (l) => l.endsOn },
              { key: "reason", header: t("leave.reason"), cell: (l) => l.reason },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
