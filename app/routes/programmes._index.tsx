import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { enabledPlugins } from "../plugins.server";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";
import { can } from "../utils/permissions.server";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "programmes.view");
  const programmes = (await enabledPlugins()).map((p) => {
    const pt = fixedT(locale, p.id);
    return { id: p.id, title: pt(p.titleKey), summary: pt(p.summaryKey) };
  });
  return { title: t("programmes.title"), programmes, canManage: can(viewer, "plugins.manage") };
}

export default function Programmes() {
  const { t } = useTranslation();
  const { programmes, canManage } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("programmes.title")}</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/learning">{t("programmes.findLearning")}</Link>
        </p>
        {programmes.length === 0 ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">{t("programmes.empty")}</p>
            <p className="govuk-body">{canManage ? <Link className="govuk-link" to="/admin/plugins">{t("programmes.emptyAdmin")}</Link> : t("programmes.emptyHelp")}</p>
          </div>
        ) : (
          <ul className="govuk-list">
            {programmes.map((p) => (
              <li key={p.id} className="govuk-!-margin-bottom-6">
                <h2 className="govuk-heading-m govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={`/programmes/${p.id}`}>{p.title}</Link>
                </h2>
                <p className="govuk-body">{p.summary}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
