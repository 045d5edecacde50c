// The ASYE workers with the highest caseloads in a week, as the source's weekly report listed them for
// each service manager: a manager sees their own line; L&D and admins see everyone, by locality or service.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { Select } from "../../../app/components/Select";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { peopleScope } from "../../../app/utils/permissions.server";
import { CaseloadLinks } from "../caseload/components/CaseloadLinks";
import { WeekPicker } from "../caseload/components/WeekPicker";
import { PLUGIN_ID } from "../caseload/constants";
import { asyeWorkersForWeek, organisationUnits } from "../caseload/server/check.server";
import { caseloadPermissions, checkView, pageNumber, selectedWeek } from "../caseload/server/pages.server";
import { limitText } from "../caseload/wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "person.view");
  const url = new URL(request.url);
  const { check, weekOptions } = await selectedWeek(url, locale, t);
  // The filter by locality or service is for those who see everyone; a manager's line is their filter.
  const units = peopleScope(viewer).kind === "everyone" ? await organisationUnits() : [];
  const asked = parseId(url.searchParams.get("unit"));
  const unitId = units.some((u) => u.id === asked) ? asked : undefined;
  const base = { title: t("asye:caseload.highest.title"), ...caseloadPermissions(viewer), weekOptions, units, unitId: unitId ?? null };
  if (!check) return { ...base, check: null, list: null };
  const page = pageNumber(url);
  const list = await asyeWorkersForWeek(viewer, check, { page, unitId });
  return { ...base, check: checkView(check, locale), list };
}

export default function HighestCaseloads() {
  const { t } = useTranslation(PLUGIN_ID);
  const { check, list, weekOptions, units, unitId, canImport, canChangeSettings } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{t("caseload.highest.title")}</h1>
        <p className="govuk-body">{t("caseload.highest.intro")}</p>
        {!check || !list ? (
          <p className="govuk-body">{t("caseload.noFigures")}</p>
        ) : (
          <>
            <WeekPicker weeks={weekOptions} selected={check.weekOf} submitLabel={units.length > 0 ? t("caseload.highest.filter") : undefined}>
              {units.length > 0 ? <Select id="unit" name="unit" label={t("caseload.highest.unit")} emptyLabel={t("caseload.highest.allUnits")} options={units.map((u) => ({ value: u.id, label: u.name }))} defaultValue={unitId ?? ""} /> : null}
            </WeekPicker>
            <h2 className="govuk-heading-m">{t("caseload.weekHeading", { date: check.weekLabel })}</h2>
            {check.hasLimit ? <p className="govuk-body">{t("caseload.summary.limit")}: {limitText(t, check)}</p> : <p className="govuk-body">{t("caseload.noLimit")}</p>}
            {list.total === 0 ? (
              <p className="govuk-body">{t("caseload.highest.none")}</p>
            ) : (
              <>
                <Table
                  caption={t("caseload.highest.caption", { total: list.total })}
                  rows={list.workers}
                  rowKey={(w) => w.personId}
                  columns={[
                    { key: "name", header: t("caseload.columns.name"), cell: (w) => <Link className="govuk-link" to={`/team/${w.personId}`}>{w.name}</Link> },
                    { key: "team", header: t("caseload.columns.team"), cell: (w) => w.teamName },
                    { key: "cases", header: t("caseload.columns.cases"), numeric: true, cell: (w) => w.cases },
                    { key: "status", header: t("caseload.columns.status"), cell: (w) => (check.hasLimit ? <Tag colour={w.overLimit ? "red" : "green"}>{t(w.overLimit ? "caseload.over" : "caseload.within")}</Tag> : "") },
                  ]}
                />
                <Pagination page={list.page} pageCount={list.pageCount} search={search} />
              </>
            )}
          </>
        )}
        <CaseloadLinks current="highest" canImport={canImport} canChangeSettings={canChangeSettings} />
      </div>
    </div>
  );
}
