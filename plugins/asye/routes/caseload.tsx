// The protected caseload check for a week (the latest by default): the experienced social workers'
// average, the ASYE average, the limit, and the ASYE workers over it among the people the viewer may see.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { CaseloadLinks } from "../caseload/components/CaseloadLinks";
import { WeekPicker } from "../caseload/components/WeekPicker";
import { PLUGIN_ID } from "../caseload/constants";
import { asyeWorkersForWeek } from "../caseload/server/check.server";
import { caseloadPermissions, checkView, pageNumber, selectedWeek } from "../caseload/server/pages.server";
import { averageText, limitText } from "../caseload/wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "person.view");
  const url = new URL(request.url);
  const { check, weekOptions } = await selectedWeek(url, locale, t);
  // From the /team card: the manager's own line, as the card counts it, even for a manager in L&D.
  const teamOnly = url.searchParams.get("whose") === "team";
  const base = { title: t("asye:caseload.title"), ...caseloadPermissions(viewer), weekOptions, teamOnly };
  if (!check) return { ...base, check: null, flagged: null };
  const page = pageNumber(url);
  const flagged = await asyeWorkersForWeek(viewer, check, { page, overLimitOnly: true, teamOnly });
  return { ...base, check: checkView(check, locale), flagged };
}

export default function CaseloadCheck() {
  const { t } = useTranslation(PLUGIN_ID);
  const { check, flagged, weekOptions, canImport, canChangeSettings, teamOnly } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{t("caseload.title")}</h1>
        <p className="govuk-body">{t("caseload.intro")}</p>
        {!check || !flagged ? (
          <p className="govuk-body">{t("caseload.noFigures")}</p>
        ) : (
          <>
            <WeekPicker weeks={weekOptions} selected={check.weekOf}>
              {teamOnly ? <input type="hidden" name="whose" value="team" /> : null}
            </WeekPicker>
            <h2 className="govuk-heading-m">{t("caseload.weekHeading", { date: check.weekLabel })}</h2>
            <SummaryList
              rows={[
                { key: "experienced", label: t("caseload.summary.experienced"), value: check.experiencedPeople ? averageText(t, check.experiencedAverage, check.experiencedPeople) : t("caseload.summary.noneValue") },
                { key: "asye", label: t("caseload.summary.asye"), value: check.asyePeople ? averageText(t, check.asyeAverage, check.asyePeople) : t("caseload.summary.noneValue") },
                { key: "share", label: t("caseload.summary.share"), value: t("caseload.summary.shareValue", { share: check.sharePercent }) },
                { key: "limit", label: t("caseload.summary.limit"), value: check.hasLimit ? limitText(t, check) : t("caseload.summary.noneValue") },
                {
                  key: "verdict",
                  label: t("caseload.summary.verdict"),
                  value: check.hasLimit && check.asyePeople ? <Tag colour={check.asyeOverLine ? "red" : "green"}>{t(check.asyeOverLine ? "caseload.over" : "caseload.within")}</Tag> : t("caseload.summary.noneValue"),
                },
              ]}
            />
            <p className="govuk-body" id="verdict">
              {!check.hasLimit
                ? t("caseload.noLimit")
                : check.asyePeople
                  ? t(check.asyeOverLine ? "caseload.verdictOver" : "caseload.verdictWithin", { asye: check.asyeAverage, limit: check.limit, share: check.sharePercent, experienced: check.experiencedAverage })
                  : null}
            </p>
            {flagged.total === 0 ? (
              <>
                <h2 className="govuk-heading-m">{t("caseload.flaggedTitle")}</h2>
                <p className="govuk-body">{t(teamOnly ? "caseload.flaggedNoneTeam" : "caseload.flaggedNone")}</p>
              </>
            ) : (
              <>
                <Table
                  caption={t(teamOnly ? "caseload.flaggedCaptionTeam" : "caseload.flaggedCaption", { total: flagged.total })}
                  rows={flagged.workers}
                  rowKey={(w) => w.personId}
                  columns={[
                    { key: "name", header: t("caseload.columns.name"), cell: (w) => <Link className="govuk-link" to={`/team/${w.personId}`}>{w.name}</Link> },
                    { key: "team", header: t("caseload.columns.team"), cell: (w) => w.teamName },
                    { key: "cases", header: t("caseload.columns.cases"), numeric: true, cell: (w) => w.cases },
                  ]}
                />
                <Pagination page={flagged.page} pageCount={flagged.pageCount} search={search} />
              </>
            )}
          </>
        )}
        <CaseloadLinks current="check" canImport={canImport} canChangeSettings={canChangeSettings} />
      </div>
    </div>
  );
}
