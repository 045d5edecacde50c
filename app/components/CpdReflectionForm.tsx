import { getFormProps, getTextareaProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { firstError } from "../utils/forms";
import { Button } from "./Button";
import { Radios } from "./Radios";
import { Textarea } from "./Textarea";

export type CpdReflectionFields = {
  learning: string;
  practiceImpact: string;
  peerReflection: string;
};

type Fields = { [K in keyof CpdReflectionFields]: FieldMetadata<string, CpdReflectionFields, string[]> };

/** The fields of the form, in page order, for the error summary. */
export const reflectionFieldOrder = (fields: Fields) => [fields.learning, fields.practiceImpact, fields.peerReflection];

/**
 * The person's reflection on an entry a programme wrote: what Social Work England asks of a piece of CPD
 * beyond the record that the learning happened, worded as on the person's own entries.
 */
export function CpdReflectionForm({ form, fields, submitLabel }: { form: FormMetadata<CpdReflectionFields, string[]>; fields: Fields; submitLabel: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="reflect" />
      <Textarea {...getTextareaProps(fields.learning, { ariaAttributes: false })} key={fields.learning.key} id={fields.learning.id} name={fields.learning.name} label={t("cpd.form.learning")} hint={t("cpd.form.learningHint")} error={firstError(t, fields.learning)} />
      <Textarea {...getTextareaProps(fields.practiceImpact, { ariaAttributes: false })} key={fields.practiceImpact.key} id={fields.practiceImpact.id} name={fields.practiceImpact.name} label={t("cpd.form.practiceImpact")} hint={t("cpd.form.practiceImpactHint")} error={firstError(t, fields.practiceImpact)} />
      <Radios
        id={fields.peerReflection.id}
        name={fields.peerReflection.name}
        legend={t("cpd.form.peerReflection")}
        hint={t("cpd.form.peerReflectionHint")}
        error={firstError(t, fields.peerReflection)}
        defaultValue={fields.peerReflection.initialValue as string | undefined}
        inline
        options={[
          { value: "yes", label: t("cpd.yes") },
          { value: "no", label: t("cpd.no") },
        ]}
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
