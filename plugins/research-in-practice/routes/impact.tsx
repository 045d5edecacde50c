import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BandChart } from "../../../app/components/BandChart";
import { Button } from "../../../app/components/Button";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { FEED_LANG, PLUGIN_ID } from "../programme";
import { impactPage } from "../server/impact-view.server";
import { MINIMUM_GROUP } from "../server/impact.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * Did it make a difference? For L&D: a course's change in confidence per objective, response rates and
 * follow-up answers, by locality and quarter. Aggregates only; no learner is named, and a group of fewer
 * than MINIMUM_GROUP learners' answers shows none of them (see impact.server.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const page = await impactPage(new URL(request.url), locale);
  // With a locality and a quarter, the report is one group; with either left open, it is many, each too small.
  const oneGroup = page.localities.some((l) => l.value === page.filter.localityId) && page.filter.quarter !== null;
  const wholeCourse = !page.localities.some((l) => l.value === page.filter.localityId) && page.filter.quarter === null;
  return { title: t("research-in-practice:impact.title"), ...page, minimum: MINIMUM_GROUP, withheldKey: oneGroup || wholeCourse ? "impact.withheld" : "impact.withheldEach" };
}

export default function Impact() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="govuk-heading-l">{t("impact.title")}</h1>
      <p className="govuk-body">{t("impact.intro")}</p>
      <p className="govuk-body">{t("impact.smallGroups", { minimum: page.minimum })}</p>
      <Form method="get" className="pathways-filter">
        <Select id="course" label={t("home.course")} options={page.courses} defaultValue={page.filter.courseId} className="pathways-filter__item" />
        <Select id="locality" label={t("impact.locality")} emptyLabel={t("impact.allLocalities")} options={page.localities} defaultValue={page.filter.localityId ?? ""} className="pathways-filter__item" />
        <Select id="quarter" label={t("impact.quarter")} emptyLabel={t("impact.allQuarters")} options={page.quarters} defaultValue={page.filter.quarter ?? ""} className="pathways-filter__item" />
        <Button variant="secondary">{t("impact.show")}</Button>
      </Form>
      {page.report ? (
        <>
          <SummaryList
            rows={[
              { key: "completed", label: t("impact.completed"), value: page.report.completedDisplay },
              { key: "before", label: t("impact.responseBefore"), value: page.report.rates.before },
              { key: "after", label: t("impact.responseAfter"), value: page.report.rates.after },
              { key: "followup", label: t("impact.responseFollowup"), value: page.report.rates.followup },
            ]}
          />
          <h2 className="govuk-heading-m">{t("impact.confidenceHeading")}</h2>
          {page.report.withheld.ratings ? (
            <p className="govuk-inset-text">{t(page.withheldKey, { minimum: page.minimum })}</p>
          ) : (
            <>
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-one-half">
                  <BandChart title={t("impact.chartTitle")} description={page.report.chartDescription} bands={page.report.chart} />
                </div>
              </div>
              <Table
                caption={t("impact.confidenceCaption")}
                rows={page.report.objectives}
                rowKey={(o) => o.objective}
                columns={[
                  { key: "objective", header: t("impact.objective"), cell: (o) => <span lang={FEED_LANG}>{o.objective}</span> },
                  { key: "before", header: t("impact.before"), numeric: true, cell: (o) => o.before },
                  { key: "after", header: t("impact.after"), numeric: true, cell: (o) => o.after },
                  { key: "change", header: t("impact.change"), numeric: true, cell: (o) => o.change },
                ]}
              />
            </>
          )}
          <h2 className="govuk-heading-m">{t("impact.followUpHeading")}</h2>
          {page.report.withheld.followUp ? (
            <p className="govuk-inset-text">{t(page.withheldKey, { minimum: page.minimum })}</p>
          ) : (
            <>
              <BandChart title={t("impact.followUpChart")} description={page.report.followUpDescription} bands={page.report.followUp} />
              <Table caption={t("impact.followUpCaption")} rows={page.report.followUp} rowKey={(f) => f.band} columns={[{ key: "answer", header: t("impact.answer"), cell: (f) => f.label }, { key: "count", header: t("impact.count"), numeric: true, cell: (f) => f.display }]} />
              {page.report.examples.length > 0 ? (
                <>
                  <h3 className="govuk-heading-s">{t("impact.examples")}</h3>
                  <ul className="govuk-list govuk-list--bullet">{page.report.examples.map((e, i) => <li key={i}>{e}</li>)}</ul>
                </>
              ) : null}
            </>
          )}
          <p className="govuk-body"><a className="govuk-link" href={`/programmes/${PLUGIN_ID}/impact/export${location.search}`} download>{t("impact.export")}</a></p>
        </>
      ) : (
        <p className="govuk-body">{t("impact.noCourses")}</p>
      )}
    </>
  );
}
