// Conform keeps a submission's errors as i18n keys; these helpers turn them into what the page shows.
import type { TFunction } from "i18next";
import type { ErrorItem } from "../components/ErrorSummary";

interface FieldLike {
  id: string;
  errors?: string[];
}

/** Every field error and form error, in field order, for the error summary. */
export function summaryItems(t: TFunction, fields: FieldLike[], formErrors: string[] | undefined): ErrorItem[] {
  const items: ErrorItem[] = fields.flatMap((f) => (f.errors ?? []).slice(0, 1).map((key) => ({ fieldId: f.id, message: t(key) })));
  for (const key of formErrors ?? []) items.push({ message: t(key) });
  return items;
}

export function firstError(t: TFunction, field: FieldLike): string | undefined {
  const key = field.errors?.[0];
  return key ? t(key) : undefined;
}

