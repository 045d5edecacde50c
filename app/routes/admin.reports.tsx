import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BandChart } from "../components/BandChart";
import { Button } from "../components/Button";
import { Select } from "../components/Select";
import { Table } from "../components/Table";
import { enabledPlugins } from "../plugins.server";
import { scoresIn, type ScoredMember } from "../services/team-readiness.server";
import { db } from "../utils/db.server";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { READINESS_BANDS } from "../utils/readiness-bands";
import { peopleScope } from "../utils/permissions.server";

export const meta = pageMeta;

/**
 * Readiness across the organisation for L&D and admins, one locality or service at a time (a locality
 * is one batch for the readiness engine however large the organisation): its spread across bands and
 * each team's.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "admin.view");
  const programmeReports = (await enabledPlugins()).flatMap((p) => (p.reports ?? []).map((r) => ({ href: `/programmes/${p.id}/${r.path}`, label: fixedT(locale, p.id)(r.labelKey) })));
  const units = await db().selectFrom("org_units").select(["id", "name"]).where("parent_id", "is", null).orderBy("kind").orderBy("name").execute();
  const asked = parseId(new URL(request.url).searchParams.get("unit"));
  const unit = units.find((u) => u.id === asked) ?? units[0];
  if (!unit) return { title: t("reports.title"), programmeReports, units, unit: null, bands: [], teams: [], chartDescription: "" };
  const readiness = await scoresIn(peopleScope(viewer), { page: 1, sort: "team", direction: "asc", unitId: unit.id }, locale);
  const bands = readiness.distribution.map((d) => ({ ...d, label: t(`team.bands.${d.band}`) }));
  return {
    title: t("reports.title"),
    programmeReports,
    units,
    unit,
    bands,
    chartDescription: bands.map((b) => t("team.chartBand", { band: b.label, count: b.count })).join("; "),
    teams: await teamRows(readiness.all, t),
  };
}

/**
 * Each team's row: its people, their average score and their spread across bands. Rows are the teams'
 * ids, not their names: only a team's code is unique (the staff import asks for the code of a shared
 * name), and two teams of one name would be summed as one row. A name two rows share is followed by each
 * team's code, so they can be told apart.
 */
async function teamRows(people: ScoredMember[], t: TFunction) {
  const byTeam = new Map<number, { id: number; name: string; people: number; scoreTotal: number; scored: number; bands: Record<string, number> }>();
  for (const person of people) {
    const row = byTeam.get(person.team_id) ?? { id: person.team_id, name: person.team_name, people: 0, scoreTotal: 0, scored: 0, bands: Object.fromEntries(READINESS_BANDS.map((b) => [b, 0])) };
    row.people += 1;
    row.bands[person.band] += 1;
    if (person.score !== null) {
      row.scoreTotal += person.score;
      row.scored += 1;
    }
    byTeam.set(person.team_id, row);
  }
  const rows = [...byTeam.values()];
  const codes = await codesOfTeamsSharingAName(rows);
  return rows.map((r) => ({
    id: r.id,
    team: codes.has(r.id) ? t("reports.teamWithCode", { team: r.name, code: codes.get(r.id) }) : r.name,
    people: r.people,
    average: r.scored ? Math.round(r.scoreTotal / r.scored) : null,
    bands: r.bands,
  }));
}

/** The codes of the teams whose name another row has too; usually none, and then nothing is read. */
async function codesOfTeamsSharingAName(rows: { id: number; name: string }[]) {
  const named = new Map<string, number>();
  for (const r of rows) named.set(r.name, (named.get(r.name) ?? 0) + 1);
  const sharing = rows.filter((r) => (named.get(r.name) ?? 0) > 1).map((r) => r.id);
  if (sharing.length === 0) return new Map<number, string>();
  const teams = await db().selectFrom("org_units").select(["id", "code"]).where("id", "in", sharing).execute();
  return new Map(teams.map((team) => [team.id, team.code]));
}

export default function Reports() {
  const { t } = useTranslation();
  const { programmeReports, units, unit, bands, teams, chartDescription } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{t("reports.title")}</h1>
      <p className="govuk-body">{t("reports.intro")}</p>
      <h2 className="govuk-heading-m">
        <a className="govuk-link" href="/admin/reports/metrics">{t("reports.metricsPack")}</a>
      </h2>
      <p className="govuk-body">{t("reports.metricsPackHint")}</p>
      {programmeReports.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">{t("reports.programmeReports")}</h2>
          <ul className="govuk-list">
            {programmeReports.map((r) => (
              <li key={r.href}><a className="govuk-link" href={r.href}>{r.label}</a></li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="get" className="pathways-filter">
        <Select id="unit" label={t("reports.unit")} options={units.map((u) => ({ value: u.id, label: u.name }))} defaultValue={unit?.id ?? ""} className="pathways-filter__item" />
        <Button variant="secondary">{t("reports.show")}</Button>
      </Form>
      {unit ? (
        <>
          <h2 className="govuk-heading-m">{t("reports.heading", { unit: unit.name })}</h2>
          <BandChart title={t("reports.chartTitle", { unit: unit.name })} description={chartDescription} bands={bands} />
          <div className="pathways-table-scroll" role="region" aria-label={t("reports.caption", { unit: unit.name })} tabIndex={0}>
            <Table
              caption={t("reports.caption", { unit: unit.name })}
              rows={teams}
              rowKey={(r) => r.id}
              columns={[
                { key: "team", header: t("person.team"), cell: (r) => r.team },
                { key: "people", header: t("team.people"), numeric: true, cell: (r) => r.people },
                { key: "average", header: t("reports.average"), numeric: true, cell: (r) => (r.average === null ? t("team.readinessNone") : `${r.average}%`) },
                ...bands.map((b) => ({ key: b.band, header: b.label, numeric: true, cell: (r: (typeof teams)[number]) => r.bands[b.band] })),
              ]}
            />
          </div>
        </>
      ) : null}
    </>
  );
}
