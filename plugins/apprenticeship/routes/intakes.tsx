import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { intakeSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { createIntake, intakePage } from "../server/intakes.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** L&D open intakes: the application window, the university partner, the start, the funded places and the criteria. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const { intakes, page, pageCount } = await intakePage(askedPage(new URL(request.url).searchParams));
  return {
    title: t("apprenticeship:intakes.title"),
    page,
    pageCount,
    intakes: intakes.map((i) => ({ id: i.id, name: i.name, university: i.university, startsOn: formatDate(i.starts_on, locale), window: t("apprenticeship:intakes.window", { opens: formatDate(i.enrolment_opens_on, locale), closes: formatDate(i.enrolment_closes_on, locale) }), places: i.capacity })),
    // The new intake form's one-time token: the same form sent twice (a second click, a resend) opens one intake.
    formToken: newFormToken(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: intakeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = await createIntake(submission.value, actor, formTokenOf(form));
  // Sent again, the form lands on the intake its first send opened; on the list when it kept none or it is gone.
  const location = id === null ? `/programmes/${PLUGIN_ID}/intakes` : `/programmes/${PLUGIN_ID}/intakes/${id}`;
  return new Response(null, { status: 303, headers: { Location: location } });
}

export default function Intakes() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof intakeSchema>>({ id: "intake", lastResult });
  const errors = summaryItems(t, [fields.name, fields.university, fields.startsOn, fields.opensOn, fields.closesOn, fields.places, fields.criteria], form.errors);
  const text = (field: typeof fields.name, label: string, extra: Record<string, unknown> = {}) => (
    <Field {...getInputProps(field, { type: "text" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} {...extra} />
  );
  const day = (field: typeof fields.startsOn, label: string) => <Field {...getInputProps(field, { type: "date" })} key={field.key} id={field.id} name={field.name} label={label} error={firstError(t, field)} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("intakes.title")}</h1>
        {page.intakes.length === 0 ? (
          <p className="govuk-body">{t("intakes.none")}</p>
        ) : (
          <Table
            caption={t("intakes.caption")}
            rows={page.intakes}
            rowKey={(i) => i.id}
            columns={[
              { key: "name", header: t("intakes.name"), cell: (i) => <Link className="govuk-link" to={`${i.id}`}>{i.name}</Link> },
              { key: "university", header: t("intakes.university"), cell: (i) => i.university },
              { key: "window", header: t("intakes.windowHeader"), cell: (i) => i.window },
              { key: "starts", header: t("intakes.startsOn"), cell: (i) => i.startsOn },
              { key: "places", header: t("intakes.places"), numeric: true, cell: (i) => i.places },
            ]}
          />
        )}
        <Pagination page={page.page} pageCount={page.pageCount} search={search} />
        <h2 className="govuk-heading-m">{t("intakes.addHeading")}</h2>
        <Form method="post" {...getFormProps(form)} noValidate className="govuk-!-width-two-thirds">
          <FormToken value={page.formToken} />
          {text(fields.name, t("intakes.name"))}
          {text(fields.university, t("intakes.university"))}
          {day(fields.opensOn, t("intakes.opensOn"))}
          {day(fields.closesOn, t("intakes.closesOn"))}
          {day(fields.startsOn, t("intakes.startsOn"))}
          {text(fields.places, t("intakes.places"), { inputMode: "numeric", className: "govuk-input--width-4" })}
          <Textarea {...getTextareaProps(fields.criteria)} key={fields.criteria.key} id={fields.criteria.id} name={fields.criteria.name} label={t("intakes.criteria")} hint={t("intakes.criteriaHint")} error={firstError(t, fields.criteria)} />
          <Button>{t("intakes.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
