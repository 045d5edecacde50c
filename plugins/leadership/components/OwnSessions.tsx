import { useTranslation } from "react-i18next";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { PLUGIN_ID } from "../programme";

interface OwnSession {
  id: number;
  sequence: number;
  title: string;
  when: string;
  minutes: number;
  location: string;
  cancelled: boolean;
}

export interface OwnPlace {
  cohortId: number;
  cohort: string;
  onlineUrl: string | null;
  sessions: OwnSession[];
}

/**
 * The sessions of the learner's own cohort, each with a calendar file, and one file for them all. The
 * hidden words name the session, as a screen reader lists the page's links without their row.
 */
export function OwnSessions({ place }: { place: OwnPlace }) {
  const { t } = useTranslation(PLUGIN_ID);
  const base = `/programmes/${PLUGIN_ID}`;
  return (
    <>
      <h2 className="govuk-heading-m" id="sessions">{t("home.sessions.heading")}</h2>
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}/cohorts/${place.cohortId}/calendar`}>{t("home.sessions.calendar", { cohort: place.cohort })}</a>
      </p>
      {place.onlineUrl ? (
        <p className="govuk-body">
          {t("home.sessions.online")} <a className="govuk-link" href={place.onlineUrl}>{place.onlineUrl}</a>
        </p>
      ) : null}
      {place.sessions.length === 0 ? (
        <p className="govuk-body">{t("home.sessions.none")}</p>
      ) : (
        <Table
          caption={t("home.sessions.caption", { cohort: place.cohort })}
          rows={place.sessions}
          rowKey={(s) => s.id}
          columns={[
            { key: "title", header: t("cohort.topic"), cell: (s) => <>{s.sequence}. {s.title}{s.cancelled ? <> <Tag colour="red">{t("cohort.cancelled")}</Tag></> : null}</> },
            { key: "when", header: t("cohort.when"), cell: (s) => t("cohort.whenValue", { when: s.when, minutes: s.minutes, count: s.minutes }) },
            { key: "where", header: t("home.sessions.where"), cell: (s) => s.location || (place.onlineUrl ? t("home.sessions.onlineOnly") : "") },
            {
              key: "calendar",
              header: t("home.action"),
              // A cancelled session's file still helps: a calendar that holds it shows it cancelled.
              cell: (s) => (
                <a className="govuk-link" href={`${base}/sessions/${s.id}/calendar`}>
                  {t("cohort.addToCalendar")}
                  <span className="govuk-visually-hidden"> {s.title}</span>
                </a>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
