import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { NotificationBanner } from "../components/NotificationBanner";
import { Tag } from "../components/Tag";
import { installedPlugins } from "../plugins.server";
import { setPluginEnabled } from "../services/programmes.server";
import { db } from "../utils/db.server";
import { readFormData } from "../utils/form-data.server";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "plugins.manage");
  const rows = await db().selectFrom("programmes").select(["id", "enabled"]).execute();
  const enabled = new Map(rows.map((r) => [r.id, r.enabled === 1]));
  const plugins = installedPlugins().map((p) => ({
    id: p.id,
    version: p.version,
    title: fixedT(locale, p.id)(p.titleKey),
    enabled: enabled.get(p.id) ?? true,
  }));
  return { title: t("plugins.title"), plugins };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorize(request, "plugins.manage");
  const form = await readFormData(request);
  const id = String(form.get("plugin") ?? "");
  const enable = form.get("enabled") === "1";
  if (!installedPlugins().some((p) => p.id === id)) return { ok: false as const, plugin: id };
  await setPluginEnabled(id, enable, actor);
  return { ok: true as const, plugin: id, enabled: enable };
}

export default function Plugins() {
  const { t } = useTranslation();
  const { plugins } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result?.ok ? (
        <NotificationBanner title={t("plugins.saved")} success>
          <p className="govuk-notification-banner__heading">{t(result.enabled ? "plugins.nowEnabled" : "plugins.nowDisabled", { id: result.plugin })}</p>
        </NotificationBanner>
      ) : null}
      {result && !result.ok ? (
        <div className="govuk-error-summary" tabIndex={-1}>
          <div role="alert">
            <h2 className="govuk-error-summary__title">{t("forms.errorSummaryTitle")}</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{t("plugins.unknown")}</p>
            </div>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t("plugins.title")}</h1>
      <p className="govuk-body">{t("plugins.intro")}</p>
      {plugins.length === 0 ? (
        <p className="govuk-body">{t("plugins.none")}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{t("plugins.caption")}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t("plugins.programme")}</th>
              <th scope="col" className="govuk-table__header">{t("plugins.version")}</th>
              <th scope="col" className="govuk-table__header">{t("plugins.status")}</th>
              <th scope="col" className="govuk-table__header">{t("plugins.action")}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {plugins.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{p.title}</th>
                <td className="govuk-table__cell">{p.version}</td>
                <td className="govuk-table__cell">{p.enabled ? <Tag colour="green">{t("plugins.enabled")}</Tag> : <Tag colour="grey">{t("plugins.disabled")}</Tag>}</td>
                <td className="govuk-table__cell">
                  <Form method="post">
                    <input type="hidden" name="plugin" value={p.id} />
                    <input type="hidden" name="enabled" value={p.enabled ? "0" : "1"} />
                    <Button variant={p.enabled ? "warning" : "secondary"} className="govuk-!-margin-bottom-0">
                      {t(p.enabled ? "plugins.disable" : "plugins.enable")}
                      <span className="govuk-visually-hidden"> {p.title}</span>
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
