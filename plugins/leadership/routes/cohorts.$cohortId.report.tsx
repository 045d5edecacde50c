import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { cohortReport } from "../../../app/services/cohort-report.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { utcToLondon } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { sessionTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { guidedMinutes } from "../server/guided-learning.server";
import { leadershipSettings } from "../server/settings.server";
import { hours, percent } from "../server/report-format.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, cohort } = await cohortGuard(request, params);
  const { requiredSessions } = await leadershipSettings();
  const report = await cohortReport(cohort.id, requiredSessions);
  const selfStudy = await guidedMinutes(report.people.map((p) => p.id));
  const selfStudyOf = (enrolmentId: number) => selfStudy.get(enrolmentId)?.confirmed ?? 0;
  // The guard's translator reads the core's namespace; the default topics are worded by this plugin.
  const programmeT = fixedT(locale, PLUGIN_ID);
  return {
    title: t("report.title", { cohort: cohort.name }),
    cohort: { id: cohort.id, name: cohort.name },
    required: requiredSessions,
    enrolled: report.enrolled,
    waiting: report.waiting,
    sessions: report.sessions.map((s) => ({ id: s.id, sequence: s.sequence, title: sessionTitleIn(programmeT, s.title), date: `${utcToLondon(s.starts_at).date} ${utcToLondon(s.starts_at).time}`, cancelled: s.status === "cancelled", held: s.held, present: s.present, rate: s.held ? percent(s.rate, locale) : "" })),
    people: report.people.map((p) => ({ id: p.id, name: `${p.family_name}, ${p.given_name}`, attended: p.attended, held: p.held, rate: percent(p.rate, locale), hours: hours(p.taughtMinutes, locale), selfStudy: hours(selfStudyOf(p.id), locale), total: hours(p.taughtMinutes + selfStudyOf(p.id), locale), onTrack: p.onTrack })),
  };
}

export default function CohortReport() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, required, enrolled, waiting, sessions, people } = useLoaderData<typeof loader>();
  const base = `/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`;
  return (
    <>
      <span className="govuk-caption-l">{cohort.name}</span>
      <h1 className="govuk-heading-l">{t("report.heading")}</h1>
      <SummaryList
        rows={[
          { key: "enrolled", label: t("report.enrolled"), value: String(enrolled) },
          { key: "waiting", label: t("report.waiting"), value: String(waiting) },
          { key: "rule", label: t("report.rule"), value: t("report.ruleValue", { required, total: sessions.length, count: sessions.length }) },
        ]}
      />
      {/* The report's people are those holding a place; with none yet, a sentence rather than an empty table. */}
      {people.length === 0 ? (
        <p className="govuk-body">{t("register.empty")}</p>
      ) : (
        <Table
          caption={t("report.peopleCaption")}
          rows={people}
          rowKey={(p) => p.id}
          columns={[
            { key: "name", header: t("common:person.name"), cell: (p) => p.name },
            { key: "attended", header: t("report.attended"), numeric: true, cell: (p) => t("report.attendedValue", { attended: p.attended, held: p.held }) },
            { key: "rate", header: t("report.rate"), numeric: true, cell: (p) => p.rate },
            // ILM's guided learning hours are the tutor-led taught sessions; self-study is not among them.
            { key: "hours", header: t("hoursReport.guidedLearningHours"), numeric: true, cell: (p) => p.hours },
            { key: "selfStudy", header: t("hoursReport.selfStudyHours"), numeric: true, cell: (p) => p.selfStudy },
            { key: "total", header: t("hoursReport.totalHours"), numeric: true, cell: (p) => p.total },
            { key: "track", header: t("report.expected"), cell: (p) => (p.onTrack ? <Tag colour="green">{t("report.onTrack")}</Tag> : <Tag colour="red">{t("report.offTrack")}</Tag>) },
          ]}
        />
      )}
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/report/learners`}>{t("report.downloadPeople")}</a>
      </p>
      <Table
        caption={t("report.sessionsCaption")}
        rows={sessions}
        rowKey={(s) => s.id}
        columns={[
          { key: "n", header: t("cohort.number"), cell: (s) => s.sequence },
          { key: "title", header: t("cohort.topic"), cell: (s) => <>{s.title}{s.cancelled ? <> <Tag colour="red">{t("cohort.cancelled")}</Tag></> : null}</> },
          { key: "date", header: t("cohort.when"), cell: (s) => s.date },
          { key: "present", header: t("report.present"), numeric: true, cell: (s) => (s.held ? String(s.present) : "") },
          { key: "rate", header: t("report.rate"), numeric: true, cell: (s) => s.rate },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/report/sessions`}>{t("report.downloadSessions")}</a>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={base}>{t("register.back")}</Link>
      </p>
    </>
  );
}
