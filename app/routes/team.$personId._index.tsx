import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { CpdEntryList } from "../components/CpdEntryList";
import { CpdStatusSummary } from "../components/CpdStatusSummary";
import { PersonRecord } from "../components/PersonRecord";
import { ReadinessList, ReadinessScore } from "../components/ReadinessList";
import { Tag } from "../components/Tag";
import { cpdEntriesPage } from "../services/cpd.server";
import { cpdStandingOf, cpdStatusOf, registrationYearOf } from "../services/cpd-standing.server";
import { londonToday } from "../utils/london-time";
import { cpdEntrySummary, cpdStatusView, lastYearBehind } from "../services/cpd-view.server";
import { personRecord } from "../services/person-view.server";
import { readinessFor, readinessScore, withoutActions } from "../services/readiness.server";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { can, canSeePerson } from "../utils/permissions.server";

export const meta = pageMeta;

/** One person's record and readiness, for a manager over them, L&D or an admin. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, locale } = await authorize(request, "person.view");
  const personId = parseId(params.personId);
  if (!personId || !(await canSeePerson(viewer, personId))) notFound();
  const now = new Date();
  const year = registrationYearOf(londonToday(now));
  const [person, readiness, cpdStatus, cpdEntries, standing] = await Promise.all([
    personRecord(personId, locale),
    readinessFor([personId], locale),
    cpdStatusOf(personId, now, year),
    cpdEntriesPage(personId, year, 1),
    cpdStandingOf(personId, now),
  ]);
  if (!person) notFound();
  return {
    title: `${person.given_name} ${person.family_name}`,
    personId,
    person,
    readiness: withoutActions(readiness.get(personId) ?? []),
    score: readinessScore(readiness.get(personId) ?? []),
    canExport: can(viewer, "person.export"),
    // This registration year's CPD: where they stand and the latest entries' titles and dates, not the
    // reflections, which are the person's own.
    // The last year's shortfall too, as the person's own CPD page shows it: a new year's clean start
    // should not tell their manager all is well.
    cpd: { status: cpdStatusView(cpdStatus, locale), lastYearBehind: lastYearBehind(standing, locale), entries: cpdEntries.rows.map((row) => cpdEntrySummary(row, locale)), total: cpdEntries.total },
  };
}

export default function PersonPage() {
  const { t } = useTranslation();
  const { person, readiness, score, canExport, personId, cpd } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{t("person.caption")}</span>
        <h1 className="govuk-heading-l">
          {person.given_name} {person.family_name}
        </h1>
        <PersonRecord person={person} />
        <h2 className="govuk-heading-m">{t("me.readiness")}</h2>
        <ReadinessScore score={score} aboutSomeoneElse />
        <ReadinessList items={readiness} />
        <h2 className="govuk-heading-m">{t("cpd.team.heading")}</h2>
        {cpd.lastYearBehind ? (
          <p className="govuk-body">
            <Tag colour="red">{t("cpd.result.not_met")}</Tag> {cpd.lastYearBehind.reason}
          </p>
        ) : null}
        <CpdStatusSummary status={cpd.status} />
        <CpdEntryList entries={cpd.entries} caption={t("cpd.team.caption", { year: cpd.status.yearName })} />
        {cpd.total > cpd.entries.length ? <p className="govuk-body">{t("cpd.team.more", { shown: cpd.entries.length, total: cpd.total, count: cpd.total })}</p> : null}
        {canExport ? (
          <Form method="post" action={`/team/${personId}/export`} reloadDocument>
            <Button variant="secondary">{t("person.exportData")}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
