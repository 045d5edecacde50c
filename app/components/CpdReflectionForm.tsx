import { getFormProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "./Button";
import { CpdReflectionFields } from "./CpdReflectionFields";

export type ReflectionFormFields = {
  learning: string;
  practiceImpact: string;
  peerReflection: string;
};

type Fields = { [K in keyof ReflectionFormFields]: FieldMetadata<string, ReflectionFormFields, string[]> };

/** The fields of the form, in page order, for the error summary. */
export const reflectionFieldOrder = (fields: Fields) => [fields.learning, fields.practiceImpact, fields.peerReflection];

/**
 * The person's reflection on an entry a programme wrote: what Social Work England asks of a piece of CPD
 * beyond the record that the learning happened, worded as on the person's own entries.
 */
export function CpdReflectionForm({ form, fields, submitLabel, children }: { form: FormMetadata<ReflectionFormFields, string[]>; fields: Fields; submitLabel: string; children?: ReactNode }) {
  return (
    <Form method="post" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="reflect" />
      {children}
      <CpdReflectionFields learning={fields.learning} practiceImpact={fields.practiceImpact} peerReflection={fields.peerReflection} />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
