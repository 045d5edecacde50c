import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Checkboxes } from "../../../app/components/Radios";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { frameworkById, frameworkList, mappingsInto, saveMappings, statementsOf } from "../server/frameworks.server";
import { localTitle } from "../server/picture.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

async function frameworkContext(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "frameworks.manage");
  const id = parseId(params.frameworkId);
  const framework = id ? await frameworkById(id) : undefined;
  if (!framework) notFound();
  // Earlier versions on the same track are where evidence can carry over from.
  const earlier = (await frameworkList()).filter((f) => f.track === framework.track && f.id !== framework.id && f.valid_from < framework.valid_from);
  const [own, older] = await Promise.all([statementsOf([framework.id]), statementsOf(earlier.map((f) => f.id))]);
  return { ...context, framework, earlier, own, older };
}

/** A framework's statements, and for each, which statements of earlier versions it continues. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, framework, earlier, own, older } = await frameworkContext(request, params);
  const mapped = await mappingsInto(framework.id);
  const versionOf = new Map(earlier.map((f) => [f.id, f.version]));
  return {
    title: locale === "cy" ? framework.title_cy : framework.title,
    version: framework.version,
    added: new URL(request.url).searchParams.has("added"),
    saved: new URL(request.url).searchParams.has("saved"),
    statements: own.map((s) => ({
      id: s.id,
      label: t("naas:statement.short", { number: s.number, title: localTitle(s, locale) }),
      mappedFrom: mapped.filter((m) => m.to_statement_id === s.id).map((m) => String(m.from_statement_id)),
    })),
    older: older.map((s) => ({ value: String(s.id), label: t("naas:frameworks.olderStatement", { version: versionOf.get(s.frameworkId), number: s.number, title: localTitle(s, locale) }) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, framework, own, older } = await frameworkContext(request, params);
  const form = await readFormData(request);
  const allowed = new Set(older.map((s) => s.id));
  // Anything not an earlier statement's id is ignored: the page offers only those. A value sent twice is
  // one mapping, which the table holds once.
  const ticked = (id: number) => [...new Set(form.getAll(`from-${id}`).map((v) => Number(v)))].filter((v) => allowed.has(v));
  const mapping = new Map(own.map((s) => [s.id, ticked(s.id)]));
  await saveMappings(framework.id, mapping, actor);
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/frameworks/${framework.id}?saved=1` } });
}

export default function FrameworkMapping() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SuccessBanner title={t("home.doneTitle")} message={(page.added || page.saved) && t(page.added ? "frameworks.added" : "frameworks.mappingSaved")} />
        <span className="govuk-caption-l">{t("frameworks.versionCaption", { version: page.version })}</span>
        <h1 className="govuk-heading-l">{page.title}</h1>
        {page.older.length === 0 ? (
          <p className="govuk-body">{t("frameworks.noEarlier")}</p>
        ) : (
          <Form method="post">
            <p className="govuk-body">{t("frameworks.mappingIntro")}</p>
            {page.statements.map((s) => (
              <Checkboxes key={s.id} id={`from-${s.id}`} name={`from-${s.id}`} legend={s.label} hint={t("frameworks.mappingHint")} small defaultValues={s.mappedFrom} options={page.older} />
            ))}
            <Button>{t("frameworks.saveMapping")}</Button>
          </Form>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/frameworks`}>{t("frameworks.back")}</Link>
        </p>
      </div>
    </div>
  );
}
