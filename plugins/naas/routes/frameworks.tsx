import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { Radios } from "../../../app/components/Radios";
import { Table } from "../../../app/components/Table";
import { Textarea } from "../../../app/components/Textarea";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { frameworkErrorText, frameworkSchema } from "../naas-forms";
import { PLUGIN_ID, TRACKS } from "../programme";
import { addFramework, frameworkList } from "../server/frameworks.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** Frameworks and their versions; an admin adds a new version (such as the 2027 early career standards). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "frameworks.manage");
  const frameworks = await frameworkList();
  return {
    title: t("naas:frameworks.title"),
    frameworks: frameworks.map((f) => ({ id: f.id, track: f.track, code: f.code, version: f.version, title: locale === "cy" ? f.title_cy : f.title, from: formatDate(f.valid_from, locale), to: f.valid_to ? formatDate(f.valid_to, locale) : null })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "frameworks.manage");
  const submission = parseWithZod(await readFormData(request), { schema: frameworkSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await addFramework({ ...submission.value, validTo: submission.value.validTo ?? null }, actor);
  if (!result.ok) return data(submission.reply({ fieldErrors: { version: [result.error] } }), { status: 400 });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/frameworks/${result.id}?added=1` } });
}

export default function Frameworks() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof frameworkSchema>>({ id: "framework", lastResult });
  const all = [fields.code, fields.track, fields.version, fields.title, fields.titleCy, fields.validFrom, fields.validTo, fields.statements];
  const translate = ((key: string) => frameworkErrorText(t, key)) as unknown as TFunction;
  const errors = summaryItems(translate, all, form.errors);
  const fieldError = (field: { errors?: string[] }) => (field.errors?.length ? field.errors.map((e) => frameworkErrorText(t, e)).join(". ") : undefined);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("frameworks.title")}</h1>
        <p className="govuk-body">{t("frameworks.intro")}</p>
        <Table
          caption={t("frameworks.caption")}
          rows={page.frameworks}
          rowKey={(f) => f.id}
          columns={[
            { key: "title", header: t("frameworks.name"), cell: (f) => <Link className="govuk-link" to={`${f.id}`}>{f.title}</Link> },
            { key: "track", header: t("windows.track"), cell: (f) => t(`track.${f.track}`) },
            { key: "version", header: t("frameworks.version"), cell: (f) => `${f.code} ${f.version}` },
            { key: "valid", header: t("frameworks.valid"), cell: (f) => (f.to ? t("frameworks.validRange", { from: f.from, to: f.to }) : t("frameworks.validFrom", { from: f.from })) },
          ]}
        />
        <h2 className="govuk-heading-m">{t("frameworks.addHeading")}</h2>
        <Form method="post" {...getFormProps(form)} noValidate className="govuk-!-width-two-thirds">
          <Field {...getInputProps(fields.code, { type: "text" })} key={fields.code.key} id={fields.code.id} name={fields.code.name} label={t("frameworks.code")} hint={t("frameworks.codeHint")} error={fieldError(fields.code)} />
          <Radios id={fields.track.id} name={fields.track.name} legend={t("windows.track")} error={fieldError(fields.track)} defaultValue={fields.track.initialValue as string | undefined} inline options={TRACKS.map((tr) => ({ value: tr, label: t(`track.${tr}`) }))} />
          <Field {...getInputProps(fields.version, { type: "text" })} key={fields.version.key} id={fields.version.id} name={fields.version.name} label={t("frameworks.version")} className="govuk-input--width-10" error={fieldError(fields.version)} />
          <Field {...getInputProps(fields.title, { type: "text" })} key={fields.title.key} id={fields.title.id} name={fields.title.name} label={t("frameworks.titleEn")} error={fieldError(fields.title)} />
          <Field {...getInputProps(fields.titleCy, { type: "text" })} key={fields.titleCy.key} id={fields.titleCy.id} name={fields.titleCy.name} label={t("frameworks.titleCy")} lang="cy" error={fieldError(fields.titleCy)} />
          <Field {...getInputProps(fields.validFrom, { type: "date" })} key={fields.validFrom.key} id={fields.validFrom.id} name={fields.validFrom.name} label={t("frameworks.validFromLabel")} error={fieldError(fields.validFrom)} />
          <Field {...getInputProps(fields.validTo, { type: "date" })} key={fields.validTo.key} id={fields.validTo.id} name={fields.validTo.name} label={t("frameworks.validToLabel")} hint={t("frameworks.validToHint")} error={fieldError(fields.validTo)} />
          <Textarea {...getTextareaProps(fields.statements)} key={fields.statements.key} id={fields.statements.id} name={fields.statements.name} label={t("frameworks.statements")} hint={t("frameworks.statementsHint")} rows={10} error={fieldError(fields.statements)} />
          <Button>{t("frameworks.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
