import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { NotificationBanner } from "../components/NotificationBanner";
import { Table } from "../components/Table";
import { Tag } from "../components/Tag";
import { findInstalledPlugin, installedPlugins } from "../plugins.server";
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

/** A switch refused as sent: no programme of that id is installed, or it asks neither "on" nor "off". */
const refused = (error: "plugins.unknown" | "plugins.badSwitch") => data({ ok: false as const, error }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorize(request, "plugins.manage");
  const form = await readFormData(request);
  const id = form.get("plugin");
  const plugin = typeof id === "string" ? findInstalledPlugin(id) : undefined;
  if (!plugin) return refused("plugins.unknown");
  const wanted = form.get("enabled");
  if (wanted !== "0" && wanted !== "1") return refused("plugins.badSwitch");
  const enabled = wanted === "1";
  // Unchanged when it already was as asked (a second click, a page out of date): said so, nothing recorded.
  const changed = await setPluginEnabled(plugin.id, enabled, actor);
  return { ok: true as const, plugin: plugin.id, enabled, changed };
}

/** What the page says after a switch, naming the programme by its title in the reader's language. */
function Switched({ result, title }: { result: { enabled: boolean; changed: boolean }; title: string }) {
  const { t } = useTranslation();
  const state = result.enabled ? "Enabled" : "Disabled";
  return (
    <NotificationBanner title={t(result.changed ? "plugins.saved" : "plugins.unchanged")} success={result.changed}>
      <p className="govuk-notification-banner__heading">{t(result.changed ? `plugins.now${state}` : `plugins.already${state}`, { title })}</p>
    </NotificationBanner>
  );
}

export default function Plugins() {
  const { t } = useTranslation();
  const { plugins } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result?.ok ? <Switched result={result} title={plugins.find((p) => p.id === result.plugin)?.title ?? result.plugin} /> : null}
      <ErrorSummary title={t("forms.errorSummaryTitle")} errors={result && !result.ok ? [{ message: t(result.error) }] : []} />
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
