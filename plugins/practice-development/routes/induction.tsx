import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { BASE, COVERAGE_COLOUR, PLUGIN_ID } from "../programme";
import { guard } from "../server/briefings/guards.server";
import { checklists, inductionSettings } from "../server/briefings/induction.server";
import { pdDb } from "../server/db.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "programmes.view");
  const [lists, { inductionDays }] = await Promise.all([checklists(pdDb(), [viewer.personId]), inductionSettings()]);
  const mine = lists.get(viewer.personId);
  return { title: fixedT(locale, PLUGIN_ID)("induction.title"), inductionDays, startedOn: mine ? formatDate(mine.startedOn, locale) : null, items: mine?.items ?? [] };
}

export default function MyInduction() {
  const { t } = useTranslation(PLUGIN_ID);
  const { inductionDays, startedOn, items } = useLoaderData<typeof loader>();
  const done = items.filter((i) => i.status === "covered").length;
  return (
    <>
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("induction.title")}</h1>
      {!startedOn ? (
        <p className="govuk-body">{t("induction.notNewStarter", { days: inductionDays, count: inductionDays })}</p>
      ) : (
        <>
          <p className="govuk-body">{t("induction.intro", { date: startedOn })}</p>
          <p className="govuk-body">{t("induction.progress", { done, total: items.length })}</p>
          {items.length === 0 ? (
            <p className="govuk-body">{t("induction.nothing")}</p>
          ) : (
            <Table
              caption={t("induction.caption")}
              rows={items}
              rowKey={(i) => i.briefingId}
              columns={[
                { key: "title", header: t("home.briefing"), cell: (i) => <Link className="govuk-link" to={`${BASE}/briefings/${i.briefingId}`}>{i.title}</Link> },
                { key: "delivery", header: t("home.delivery"), cell: (i) => t(`delivery.${i.delivery}`) },
                { key: "status", header: t("home.status"), cell: (i) => <Tag colour={COVERAGE_COLOUR[i.status]}>{t(`coverage.${i.status}`)}</Tag> },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
