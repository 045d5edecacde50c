import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SummaryList } from "../components/SummaryList";
import { cpdEntriesOfYear } from "../services/cpd.server";
import { cpdStatusOf, parseRegistrationYear } from "../services/cpd-standing.server";
import { cpdEntryView, cpdStatusView } from "../services/cpd-view.server";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/**
 * One registration year's entries laid out field by field, in the order Social Work England's online
 * account asks for them, to copy across or print, each with the professional standard CPD is recorded
 * against (standard 4). Every entry of the year is on the one page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "me.view");
  const now = new Date();
  const year = parseRegistrationYear(params.year, now);
  if (!year) notFound();
  const [status, rows] = await Promise.all([cpdStatusOf(viewer.personId, now, year), cpdEntriesOfYear(viewer.personId, year)]);
  const view = cpdStatusView(status, locale);
  return { title: t("cpd.printTitle", { year: view.yearName }), status: view, entries: rows.map((row) => cpdEntryView(row, locale)) };
}

/** Free text keeps the paragraphs it was written in. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n|\r?\n/).filter((line) => line.trim()).map((line, index) => (
        <p key={index} className="govuk-body govuk-!-margin-bottom-2">
          {line}
        </p>
      ))}
    </>
  );
}

export default function PrintableCpdYear() {
  const { t } = useTranslation();
  const { status, entries } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <a className="govuk-back-link" href={`/me/cpd?year=${status.yearId}`}>
          {t("cpd.back")}
        </a>
        <h1 className="govuk-heading-l">{t("cpd.printTitle", { year: status.yearName })}</h1>
        <p className="govuk-body">{t("cpd.printIntro")}</p>
        <p className="govuk-body">{t("cpd.standardIntro")}</p>
        <p className="govuk-body">{status.reason}</p>
        <p className="govuk-body">
          <a className="govuk-link" href={`/me/cpd/export/${status.yearId}`} download>
            {t("cpd.downloadCsv", { year: status.yearName })}
          </a>
        </p>
        {entries.length === 0 ? <p className="govuk-body">{t("cpd.noEntries")}</p> : null}
        {entries.map((entry, index) => (
          <section key={entry.id} aria-labelledby={`entry-${entry.id}`}>
            <h2 className="govuk-heading-m" id={`entry-${entry.id}`}>
              {t("cpd.entryNumber", { number: index + 1, title: entry.title })}
            </h2>
            <SummaryList
              rows={[
                { key: "title", label: t("cpd.columns.title"), value: entry.title },
                { key: "date", label: t("cpd.columns.date"), value: entry.date },
                { key: "source", label: t("cpd.columns.source"), value: entry.source },
                { key: "hours", label: t("cpd.columns.hours"), value: entry.hours },
                { key: "learning", label: t("cpd.columns.learning"), value: <Paragraphs text={entry.learning} /> },
                { key: "impact", label: t("cpd.columns.practiceImpact"), value: <Paragraphs text={entry.practiceImpact} /> },
                { key: "peer", label: t("cpd.columns.peer"), value: entry.peerReflection ? t("cpd.yes") : t("cpd.no") },
                { key: "standard", label: t("cpd.columns.standard"), value: t("cpd.standard") },
              ]}
            />
          </section>
        ))}
      </div>
    </div>
  );
}
