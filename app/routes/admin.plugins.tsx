import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { NotificationBanner } from "../components/NotificationBanner";
import { Table } from "../components/Table";
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
      <ErrorSummary title={t("forms.errorSummaryTitle")} errors={result && !result.ok ? [{ message: t("plugins.unknown") }] : []} />
      <h1 className="govuk-heading-l">{t("plugins.title")}</h1>
      <p className="govuk-body">{t("plugins.intro")}</p>
      {plugins.length === 0 ? (
        <p className="govuk-body">{t("plugins.none")}</p>
      ) : (
        <Table
          caption={t("plugins.caption")}
          rows={plugins}
          rowKey={(p) => p.id}
          columns={[
            { key: "programme", header: t("plugins.programme"), cell: (p) => p.title },
            { key: "version", header: t("plugins.version"), cell: (p) => p.version },
            { key: "status", header: t("plugins.status"), cell: (p) => (p.enabled ? <Tag colour="green">{t("plugins.enabled")}</Tag> : <Tag colour="grey">{t("plugins.disabled")}</Tag>) },
            {
              key: "action",
              header: t("plugins.action"),
              cell: (p) => (
                <Form method="post">
                  <input type="hidden" name="plugin" value={p.id} />
                  <input type="hidden" name="enabled" value={p.enabled ? "0" : "1"} />
                  <Button variant={p.enabled ? "warning" : "secondary"} className="govuk-!-margin-bottom-0">
                    {t(p.enabled ? "plugins.disable" : "plugins.enable")}
                    <span className="govuk-visually-hidden"> {p.title}</span>
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
