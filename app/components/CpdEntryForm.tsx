import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { firstError } from "../utils/forms";
import { Button } from "./Button";
import { Field } from "./Field";
import { CpdReflectionFields } from "./CpdReflectionFields";

export type CpdEntryFields = {
  title: string;
  occurredOn: string;
  hours: string;
  learning: string;
  practiceImpact: string;
  peerReflection: string;
};

type Fields = { [K in keyof CpdEntryFields]: FieldMetadata<string, CpdEntryFields, string[]> };

/** The fields of the form, in page order, for the error summary. */
export const cpdFieldOrder = (fields: Fields) => [fields.title, fields.occurredOn, fields.hours, fields.learning, fields.practiceImpact, fields.peerReflection];

/**
 * What Social Work England asks of a CPD record, as one form for adding and for changing an entry.
 * The server checks everything; the browser's own checks are off so every error reads the same way.
 */
export function CpdEntryForm({ form, fields, today, submitLabel, children }: { form: FormMetadata<CpdEntryFields, string[]>; fields: Fields; today: string; submitLabel: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      {children}
      <Field {...getInputProps(fields.title, { type: "text", ariaAttributes: false })} key={fields.title.key} id={fields.title.id} name={fields.title.name} label={t("cpd.form.title")} hint={t("cpd.form.titleHint")} error={firstError(t, fields.title)} />
      <Field {...getInputProps(fields.occurredOn, { type: "date", ariaAttributes: false })} key={fields.occurredOn.key} id={fields.occurredOn.id} name={fields.occurredOn.name} label={t("cpd.form.date")} hint={t("cpd.form.dateHint")} max={today} error={firstError(t, fields.occurredOn)} className="govuk-input--width-10" />
      <Field {...getInputProps(fields.hours, { type: "text", ariaAttributes: false })} key={fields.hours.key} id={fields.hours.id} name={fields.hours.name} label={t("cpd.form.hours")} hint={t("cpd.form.hoursHint")} inputMode="decimal" spellCheck={false} error={firstError(t, fields.hours)} className="govuk-input--width-4" />
      <CpdReflectionFields learning={fields.learning} practiceImpact={fields.practiceImpact} peerReflection={fields.peerReflection} />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
