import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Pagination } from "../../../app/components/Pagination";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { pageMeta } from "../../../app/utils/meta";
import { pageWindow } from "../../../app/utils/paging.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { can, peopleScope } from "../../../app/utils/permissions.server";
import { CoverageChart } from "../components/CoverageChart";
import { postBackTo } from "../post-back";
import { BASE, PAGE_SIZE, PLUGIN_ID } from "../programme";
import { coveredShare, type ProgressRow } from "../server/briefings/coverage.server";
import { progressAsAsked } from "../server/briefings/line-rollouts.server";
import { pageOf, rolloutGuard } from "../server/briefings/guards.server";
import { closeRollout, reopenRollout } from "../server/briefings/rollouts.server";
import { pdDb } from "../server/db.server";
import { formatNumber } from "../../../app/utils/number-format";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { rollout, viewer, locale } = await rolloutGuard(request, params);
  const { progress, lineOnly } = await progressAsAsked(request, rollout, viewer);
  const units = rollout.teams.length + rollout.localities.length ? await pdDb().selectFrom("org_units").select(["id", "name"]).where("id", "in", [...rollout.teams, ...rollout.localities]).orderBy("name").execute() : [];
  const withShare = <R extends ProgressRow>(r: R) => ({ ...r, share: coveredShare(r) });
  // The whole service has about two thousand teams: the page shows 25 at a time (the totals and the
  // localities stay whole), and the CSV has them all. A page past the end shows the last one.
  const { page, pageCount, offset, limit } = pageWindow(progress.teams.length, pageOf(request), PAGE_SIZE);
  return {
    title: rollout.title,
    rollout: { id: rollout.id, briefingId: rollout.briefing_id, title: rollout.title, due: formatDate(rollout.due_on, locale), started: formatDate(rollout.starts_on, locale), target: rollout.target_percent, roles: rollout.roles, places: units.map((u) => u.name) },
    closed: rollout.closed_at ? { on: formatDate(rollout.closed_at, locale), by: rollout.closed_by_name } : null,
    canManage: can(viewer, "cohorts.manage"),
    wholeService: !lineOnly && peopleScope(viewer).kind === "everyone",
    whose: lineOnly ? "team" : "",
    total: withShare(progress.total),
    localities: progress.localities.map(withShare),
    teams: progress.teams.slice(offset, offset + limit).map(withShare),
    teamCount: progress.teams.length,
    firstTeam: offset + 1,
    page,
    pageCount,
  };
}

// What the page says after a post: the action's redirect names one of these (`?saved=`).
const SAVED: Record<string, string> = { "1": "saved.rollout", closed: "saved.rolloutClosed", reopened: "saved.rolloutReopened", alreadyClosed: "saved.rolloutAlreadyClosed", alreadyOpen: "saved.rolloutAlreadyOpen" };

/**
 * Closing and reopening (`intent`), for those who may create rollouts. Either is a redirect back to the
 * page, also when it was already done (a second click, or someone else first), which the banner says.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { rollout, actor } = await rolloutGuard(request, params, "cohorts.manage");
  const intent = (await readFormData(request)).get("intent");
  if (intent === "close") {
    const { changed } = await closeRollout(rollout.id, actor);
    throw redirect(`${BASE}/rollouts/${rollout.id}?saved=${changed ? "closed" : "alreadyClosed"}`);
  }
  if (intent === "reopen") {
    const { changed } = await reopenRollout(rollout.id, actor);
    throw redirect(`${BASE}/rollouts/${rollout.id}?saved=${changed ? "reopened" : "alreadyOpen"}`);
  }
  return data({ error: "errors.unknownAction" }, { status: 400 });
}

export default function RolloutPage() {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  const { rollout, closed, canManage, total, localities, teams, teamCount, firstTeam, page, pageCount, wholeService, whose } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  // The banner confirms the last close or reopen: not shown over a refused post's error.
  const saved = failed ? undefined : SAVED[params.get("saved") ?? ""];
  const location = useLocation();
  const pct = (n: number) => formatNumber(n, i18n.language, { maximumFractionDigits: 1 });
  const whole = (n: number) => formatNumber(n, i18n.language);
  const columns = (first: string) => [
    { key: "name", header: first, cell: (r: (typeof teams)[number] | (typeof localities)[number]) => r.name },
    { key: "total", header: t("progress.total"), cell: (r: ProgressRow) => r.total, numeric: true },
    { key: "covered", header: t("coverage.covered"), cell: (r: ProgressRow) => r.covered, numeric: true },
    { key: "booked", header: t("coverage.booked"), cell: (r: ProgressRow) => r.booked, numeric: true },
    { key: "notYet", header: t("coverage.not_yet"), cell: (r: ProgressRow) => r.notYet, numeric: true },
    { key: "share", header: t("progress.share"), cell: (r: { share: number }) => t("rollout.percent", { value: pct(r.share) }), numeric: true },
  ];
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
      {saved ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(saved)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("rollouts.title")}</span>
      <h1 className="govuk-heading-l">{rollout.title}</h1>
      {closed ? <div className="govuk-inset-text">{closed.by ? t("rollout.closedOnBy", { when: closed.on, who: closed.by }) : t("rollout.closedOn", { when: closed.on })}</div> : null}
      <SummaryList
        rows={[
          { key: "due", label: t("home.due"), value: rollout.due },
          { key: "started", label: t("progress.started"), value: rollout.started },
          { key: "target", label: t("rollout.target"), value: t("rollout.percent", { value: rollout.target }) },
          { key: "roles", label: t("rollout.roles"), value: rollout.roles.length ? rollout.roles.map((r) => t(`common:roleCategory.${r}`)).join(", ") : t("briefing.everyone") },
          { key: "places", label: t("progress.places"), value: rollout.places.length ? rollout.places.join(", ") : t("progress.wholeService") },
          { key: "scope", label: t("progress.scope"), value: t(wholeService ? "progress.scopeAll" : "progress.scopeLine") },
          { key: "covered", label: t("progress.coveredSoFar"), value: t("progress.coveredValue", { covered: total.covered, total: total.total, share: pct(total.share), target: rollout.target }) },
        ]}
      />
      <p className="govuk-body">
        <a className="govuk-link" href={`${BASE}/rollouts/${rollout.id}/export${whose ? `?whose=${whose}` : ""}`}>{t("progress.csv")}</a>
        {" · "}
        <a className="govuk-link" href={`${BASE}/briefings/${rollout.briefingId}`}>{t("progress.briefingLink")}</a>
      </p>
      {canManage ? (
        <Form method="post" action={postBackTo(location)}>
          <input type="hidden" name="intent" value={closed ? "reopen" : "close"} />
          <p className="govuk-body">{t(closed ? "rollout.reopenHint" : "rollout.closeHint")}</p>
          <Button variant="secondary">{t(closed ? "rollout.reopen" : "rollout.close")}</Button>
        </Form>
      ) : null}
      {total.total === 0 ? (
        <p className="govuk-body">{t("progress.nobody")}</p>
      ) : (
        <>
          <h2 className="govuk-heading-m">{t("progress.byLocality")}</h2>
          <CoverageChart
            title={t("progress.chartTitle", { title: rollout.title })}
            description={t("progress.chartDescription", { target: rollout.target })}
            target={rollout.target}
            legend={{ covered: t("coverage.covered"), booked: t("coverage.booked"), notYet: t("coverage.not_yet") }}
            bars={localities.map((l) => ({ key: l.id, label: l.name, covered: l.covered, booked: l.booked, notYet: l.notYet }))}
          />
          <Table caption={t("progress.localityCaption")} rows={localities} rowKey={(r) => r.id} columns={columns(t("progress.locality"))} />
          {pageCount > 1 ? <p className="govuk-body">{t("progress.teamsShown", { from: whole(firstTeam), to: whole(firstTeam + teams.length - 1), total: whole(teamCount) })}</p> : null}
          <Table caption={t("progress.teamCaption")} rows={teams} rowKey={(r) => r.id} columns={[{ key: "locality", header: t("progress.locality"), cell: (r: (typeof teams)[number]) => r.locality }, ...columns(t("progress.team"))]} />
          <Pagination page={page} pageCount={pageCount} search={location.search} />
        </>
      )}
    </>
  );
}
