import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { JobList } from "../components/JobList";
import { NotificationBanner } from "../components/NotificationBanner";
import { WidgetCard } from "../components/WidgetCard";
import { jobViews } from "../services/job-views.server";
import { enabledPlugins, installedPlugins } from "../plugins.server";
import { panelWaitingFor } from "../services/progression.server";
import { unmanagedCount } from "../services/unmanaged-requests.server";
import { widgetsFor } from "../services/widgets.server";
import { db } from "../utils/db.server";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";
import { can } from "../utils/permissions.server";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "admin.view");
  const decidesProgression = can(viewer, "progression.decide");
  const runsCohorts = can(viewer, "cohorts.manage");
  const [people, enabled, widgets, jobs, panelWaiting, unmanagedWaiting] = await Promise.all([
    db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("employment_status", "=", "active").executeTakeFirstOrThrow(),
    enabledPlugins(),
    widgetsFor("admin", viewer, [], locale),
    jobViews(locale),
    decidesProgression ? panelWaitingFor(viewer) : null,
    runsCohorts ? unmanagedCount(viewer) : null,
  ]);
  return {
    title: t("admin.title"),
    counts: { people: Number(people.n), enabled: enabled.length, installed: installedPlugins().length },
    links: {
      people: true,
      import: can(viewer, "people.import"),
      plugins: can(viewer, "plugins.manage"),
      audit: can(viewer, "audit.read"),
      progression: decidesProgression,
      pathway: can(viewer, "pathway.manage"),
    },
    panelWaiting,
    unmanagedWaiting,
    widgets,
    jobs,
    canRunJobs: runsCohorts,
    alreadyRunning: alreadyRunningTitle(request, jobs),
  };
}

/**
 * The title of the job "Run now" found already running (`?alreadyRunning=` its key, from the jobs action),
 * so /admin says why nothing new started; null for anything but a job's key. Only read: the GET changes nothing.
 */
function alreadyRunningTitle(request: Request, jobs: { key: string; title: string }[]) {
  const key = new URL(request.url).searchParams.get("alreadyRunning");
  return jobs.find((j) => j.key === key)?.title ?? null;
}

export default function AdminHome() {
  const { t } = useTranslation();
  const { counts, links, panelWaiting, unmanagedWaiting, widgets, jobs, canRunJobs, alreadyRunning } = useLoaderData<typeof loader>();
  return (
    <>
      {alreadyRunning ? (
        <NotificationBanner title={t("notices.title")} outcome>
          <p className="govuk-notification-banner__heading">{t("jobs.alreadyRunning", { job: alreadyRunning })}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">{t("admin.title")}</h1>
      <p className="govuk-body">{t("admin.summary", { total: counts.people })}</p>
      <p className="govuk-body">{t("admin.programmesSummary", { enabled: counts.enabled, installed: counts.installed })}</p>
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/admin/people">{t("admin.links.people")}</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/reports">{t("admin.links.reports")}</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/reports/metrics">{t("admin.links.metrics")}</Link>
        </li>
        {links.progression ? (
          <li>
            <Link className="govuk-link" to="/admin/progression">{t("admin.links.progression")}</Link>
            {panelWaiting !== null ? `: ${t("admin.panelWaiting", { count: panelWaiting })}` : null}
          </li>
        ) : null}
        {unmanagedWaiting !== null ? (
          <li>
            <Link className="govuk-link" to="/admin/requests">{t("admin.links.unmanagedRequests")}</Link>
            {`: ${t("admin.unmanagedWaiting", { count: unmanagedWaiting })}`}
          </li>
        ) : null}
        {links.pathway ? (
          <li>
            <Link className="govuk-link" to="/admin/pathway">{t("admin.links.pathway")}</Link>
          </li>
        ) : null}
        {links.import ? (
          <li>
            <Link className="govuk-link" to="/admin/people/import">{t("admin.links.import")}</Link>
          </li>
        ) : null}
        {links.plugins ? (
          <li>
            <Link className="govuk-link" to="/admin/plugins">{t("admin.links.plugins")}</Link>
          </li>
        ) : null}
        {links.audit ? (
          <li>
            <Link className="govuk-link" to="/admin/audit">{t("admin.links.audit")}</Link>
          </li>
        ) : null}
      </ul>
      {widgets.map((w) => (
        <WidgetCard key={w.id} widget={w} />
      ))}
      <JobList jobs={jobs} canRun={canRunJobs} />
    </>
  );
}
