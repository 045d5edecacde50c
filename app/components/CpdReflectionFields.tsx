import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { firstError } from "../utils/forms";
import { Radios } from "./Radios";
import { Textarea } from "./Textarea";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<string, any, string[]>;

/**
 * What Social Work England asks a piece of CPD to say beyond that it happened: what was learnt, how it
 * changes practice, and whether it was reflected on with a peer. On the person's own entries and on the
 * reflection they add to a programme's, worded the same.
 */
export function CpdReflectionFields({ learning, practiceImpact, peerReflection }: { learning: Field; practiceImpact: Field; peerReflection: Field }) {
  const { t } = useTranslation();
  return (
    <>
      <Textarea {...getTextareaProps(learning, { ariaAttributes: false })} key={learning.key} id={learning.id} name={learning.name} label={t("cpd.form.learning")} hint={t("cpd.form.learningHint")} error={firstError(t, learning)} />
      <Textarea {...getTextareaProps(practiceImpact, { ariaAttributes: false })} key={practiceImpact.key} id={practiceImpact.id} name={practiceImpact.name} label={t("cpd.form.practiceImpact")} hint={t("cpd.form.practiceImpactHint")} error={firstError(t, practiceImpact)} />
      <Radios
        id={peerReflection.id}
        name={peerReflection.name}
        legend={t("cpd.form.peerReflection")}
        hint={t("cpd.form.peerReflectionHint")}
        error={firstError(t, peerReflection)}
        defaultValue={peerReflection.initialValue as string | undefined}
        inline
        options={[
          { value: "yes", label: t("cpd.yes") },
          { value: "no", label: t("cpd.no") },
        ]}
      />
    </>
  );
}
