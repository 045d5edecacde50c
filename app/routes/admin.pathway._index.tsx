import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SuccessBanner } from "../components/NotificationBanner";
import { Table } from "../components/Table";
import { pathwayModel } from "../services/pathway.server";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/** The career stages in order, with what each asks for, for an admin to change. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "pathway.manage");
  const model = await pathwayModel(locale);
  return {
    title: t("pathwayAdmin.title"),
    saved: new URL(request.url).searchParams.get("saved"),
    stages: model.stages.map((s) => ({
      code: s.code,
      name: s.name,
      position: s.position,
      track: t(`pathwayAdmin.tracks.${s.track}`),
      minYears: s.minYears === null ? t("pathwayAdmin.noMinYears") : String(s.minYears),
      requirements: (model.requirements.get(s.code) ?? []).map((r) => fixedT(locale, r.source)(r.labelKey)).join("; ") || t("pathway.noRequirements"),
    })),
  };
}

export default function PathwayAdmin() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const saved = page.stages.find((s) => s.code === page.saved);
  return (
    <>
      <SuccessBanner title={t("pathway.savedTitle")} message={saved && t("pathwayAdmin.saved", { stage: saved.name })} />
      <h1 className="govuk-heading-l">{t("pathwayAdmin.title")}</h1>
      <p className="govuk-body">{t("pathwayAdmin.intro")}</p>
      <div className="pathways-table-scroll" role="region" aria-label={t("pathwayAdmin.caption")} tabIndex={0}>
        <Table
          caption={t("pathwayAdmin.caption")}
          rows={page.stages}
          rowKey={(s) => s.code}
          columns={[
            { key: "name", header: t("pathway.stage"), cell: (s) => <Link className="govuk-link" to={`/admin/pathway/${s.code}`}>{s.name}<span className="govuk-visually-hidden"> {t("pathwayAdmin.change")}</span></Link> },
            { key: "position", header: t("pathwayAdmin.position"), numeric: true, cell: (s) => s.position },
            { key: "track", header: t("pathwayAdmin.track"), cell: (s) => s.track },
            { key: "minYears", header: t("pathwayAdmin.minYears"), cell: (s) => s.minYears },
            { key: "requirements", header: t("pathwayAdmin.requirements"), cell: (s) => s.requirements },
          ]}
        />
      </div>
    </>
  );
}
