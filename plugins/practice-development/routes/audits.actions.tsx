import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "../../../app/components/Pagination";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { pageOf } from "../server/briefings/guards.server";
import { auditsGuard } from "../server/audits/audits.server";
import { openActions } from "../server/audits/learning-actions.server";
import { OpenActionsTable } from "./audits";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await auditsGuard(request);
  const open = await openActions(pageOf(request));
  return { title: fixedT(locale, PLUGIN_ID)("audits.openHeading"), page: open.page, pageCount: open.pageCount, open: open.rows.map((r) => ({ ...r, due: formatDate(r.due_on, locale) })) };
}

export default function OpenActions() {
  const { t } = useTranslation(PLUGIN_ID);
  const { open, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <span className="govuk-caption-l">{t("audits.title")}</span>
      <h1 className="govuk-heading-l">{t("audits.openHeading")}</h1>
      {open.length === 0 ? <p className="govuk-body">{t("audits.openNone")}</p> : <OpenActionsTable rows={open} />}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
