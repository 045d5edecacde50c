import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BandChart } from "../components/BandChart";
import { Button } from "../components/Button";
import { NotificationBanner, SuccessBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { Select } from "../components/Select";
import { Table } from "../components/Table";
import { TeamReadinessTable } from "../components/TeamReadinessTable";
import { WidgetCard } from "../components/WidgetCard";
import { inboxOf } from "../services/inbox.server";
import { teamScope, teamsInScope } from "../services/people.server";
import { bandFrom, cardsNotShownMessage, columnId, narrowsTheLine, teamReadiness, tooManyMessage } from "../services/team-readiness.server";
import { widgetsFor } from "../services/widgets.server";
import { formatDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { listOptionsFrom } from "../utils/list-params.server";
import { pageMeta } from "../utils/meta";
import { READINESS_BANDS } from "../utils/readiness-bands";
import { ROLE_CATEGORIES } from "../utils/staff-fields";

export const meta = pageMeta;

const DECISIONS = ["enrolled", "waitlisted", "declined"];
const PROGRESSION_OUTCOMES = ["awaiting_panel", "not_supported"];

/**
 * The manager's team: pending items, readiness across programmes, its spread across bands, and a CSV.
 * The line they manage, even when L&D or admin lets them see everyone (`teamScope`).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "team.view");
  const url = new URL(request.url);
  const options = { ...listOptionsFrom(url), band: bandFrom(url.searchParams.get("band")) };
  const [team, teams, inbox] = await Promise.all([teamReadiness(viewer, options, locale), teamsInScope(teamScope(viewer)), inboxOf(viewer, locale)]);
  // The cards count the whole line whatever the filters, as the pages they link to list it; a line too
  // large to score, or nobody in it: no card counts anyone either.
  const widgets = team.line && team.line.length > 0 ? await widgetsFor("team", viewer, team.line, locale) : [];
  const rows = team.rows.map((p) => ({
    id: p.id,
    name: `${p.given_name} ${p.family_name}`,
    family_name: p.family_name,
    job_title: p.job_title,
    role_category: p.role_category,
    team_name: p.team_name,
    yearsQualified: p.yearsQualified,
    stage: p.stage,
    score: p.score,
    cells: Object.fromEntries(p.items.map((item) => [columnId(item), { status: item.status, reason: item.reason }])),
  }));
  const bands = team.distribution.map((d) => ({ ...d, label: t(`team.bands.${d.band}`) }));
  const decided = url.searchParams.get("decided");
  const progression = url.searchParams.get("progression");
  return {
    title: t("team.title"),
    rows,
    requirements: team.columns,
    // The line's size, and how many of it the filters leave (the table's and the CSV's rows).
    lineSize: team.lineSize,
    total: team.tooMany ?? team.total,
    filtered: narrowsTheLine(options),
    tooMany: team.tooMany === null ? null : tooManyMessage(t, team.tooMany, locale),
    // A line too large for its ids to be read (`teamReadiness`'s `line` is null) has no cards: say why.
    cardsNotShown: team.line === null ? cardsNotShownMessage(t, team.lineSize, locale) : null,
    page: team.page,
    pageCount: team.pageCount,
    options,
    teams,
    widgets,
    bands,
    chartDescription: bands.map((b) => t("team.chartBand", { band: b.label, count: b.count })).join("; "),
    inbox: inbox.items.map((i) => ({ ...i, since: formatDate(i.since, locale) })),
    inboxMore: inbox.more,
    decided: decided && DECISIONS.includes(decided) ? decided : null,
    progression: progression && PROGRESSION_OUTCOMES.includes(progression) ? progression : null,
  };
}

export default function Team() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const { inbox, inboxMore, decided, progression } = page;
  return (
    <>
      {decided ? (
        <NotificationBanner title={t("requests.savedTitle")} success>
          <p className="govuk-notification-banner__heading">{t(`requests.saved.${decided}`)}</p>
        </NotificationBanner>
      ) : null}
      <SuccessBanner title={t("requests.savedTitle")} message={progression && t(`progression.managerSaved.${progression}`)} />
      <h1 className="govuk-heading-l">{t("team.title")}</h1>
      {inboxMore ? <p className="govuk-body">{t("inbox.more", { count: inbox.length })}</p> : null}
      {inbox.length > 0 ? (
        <Table
          caption={t("inbox.caption")}
          rows={inbox}
          rowKey={(r) => r.key}
          columns={[
            { key: "name", header: t("person.name"), cell: (r) => r.name },
            { key: "what", header: t("inbox.what"), cell: (r) => r.what },
            { key: "since", header: t("inbox.since"), cell: (r) => r.since },
            {
              key: "act",
              header: t("requests.action"),
              cell: (r) => (
                <Link className="govuk-link" to={r.href}>
                  {t("inbox.open")}
                  <span className="govuk-visually-hidden"> {`${r.what}: ${r.name}`}</span>
                </Link>
              ),
            },
          ]}
        />
      ) : (
        <p className="govuk-body">{t("inbox.empty")}</p>
      )}
      {page.lineSize === 0 ? <NobodyInLine /> : <Line page={page} />}
    </>
  );
}

type TeamPage = ReturnType<typeof useLoaderData<typeof loader>>;

/** The line's size, its cards, the filters, and its scores (or why it is too large to score). */
function Line({ page }: { page: TeamPage }) {
  const { t } = useTranslation();
  const { lineSize, total, filtered, options, teams, widgets, tooMany, cardsNotShown } = page;
  return (
    <>
      <p className="govuk-body">{t("team.intro", { total: lineSize })}</p>
      {filtered && !tooMany ? <p className="govuk-body">{t("team.matching", { matching: total, total: lineSize })}</p> : null}
      {cardsNotShown ? <p className="govuk-body">{cardsNotShown}</p> : null}
      {widgets.map((w) => (
        <WidgetCard key={w.id} widget={w} />
      ))}
      <Form method="get" className="pathways-filter">
        <Select id="team" label={t("team.filterTeam")} emptyLabel={t("team.allTeams")} options={teams.map((team) => ({ value: team.id, label: team.name }))} defaultValue={options.teamId ?? ""} className="pathways-filter__item" />
        <Select id="role" label={t("team.filterRole")} emptyLabel={t("team.allRoles")} options={ROLE_CATEGORIES.map((role) => ({ value: role, label: t(`roleCategory.${role}`) }))} defaultValue={options.roleCategory ?? ""} className="pathways-filter__item" />
        <Select id="band" label={t("team.filterBand")} emptyLabel={t("team.allBands")} options={READINESS_BANDS.map((band) => ({ value: band, label: t(`team.bands.${band}`) }))} defaultValue={options.band ?? ""} className="pathways-filter__item" />
        <input type="hidden" name="sort" value={options.sort} />
        <input type="hidden" name="dir" value={options.direction} />
        <Button variant="secondary">{t("team.applyFilter")}</Button>
      </Form>
      {tooMany ? <div className="govuk-inset-text">{tooMany}</div> : <TeamScores page={page} />}
    </>
  );
}

/** Nobody reports to the viewer: why, and who can change it, instead of filters and an empty table. */
function NobodyInLine() {
  const { t } = useTranslation();
  return (
    <div className="govuk-inset-text">
      <p className="govuk-body">{t("team.nobody")}</p>
      <p className="govuk-body">{t("team.nobodyHelp")}</p>
    </div>
  );
}

/** The chart of bands, the table of people and the CSV link: everything that needs the people scored. */
function TeamScores({ page }: { page: TeamPage }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { rows, requirements, pageCount, options, bands } = page;
  return (
    <>
      <h2 className="govuk-heading-m">{t("team.chartHeading")}</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <BandChart title={t("team.chartTitle")} description={page.chartDescription} bands={bands} />
        </div>
        <div className="govuk-grid-column-one-half">
          <Table
            caption={t("team.chartTableCaption")}
            rows={bands}
            rowKey={(b) => b.band}
            columns={[
              { key: "band", header: t("team.band"), cell: (b) => b.label },
              { key: "count", header: t("team.people"), numeric: true, cell: (b) => b.count },
            ]}
          />
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("team.empty")}</p>
      ) : (
        <TeamReadinessTable caption={t("team.caption", { page: page.page, pages: pageCount })} rows={rows} requirements={requirements} sorting={{ sort: options.sort, dir: options.direction, search: location.search }} />
      )}
      <Pagination page={page.page} pageCount={pageCount} search={location.search} />
      <p className="govuk-body">
        <a className="govuk-link" href={`/team/export.csv${location.search}`} download>
          {t("team.export")}
        </a>
      </p>
    </>
  );
}
