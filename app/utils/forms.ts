// Conform keeps a submission's errors as i18n keys; these helpers turn them into what the page shows.
import type { TFunction } from "i18next";
import type { ErrorItem } from "../components/ErrorSummary";

interface FieldLike {
  id: string;
  errors?: string[];
  /** Conform's errors of the field and of its parts, by name ("stages[1]"). */
  allErrors?: Record<string, string[]>;
}

/**
 * The field's own errors or, failing those, the first of its parts': a list refused for its second item
 * keeps the error under "stages[1]", and would otherwise show nowhere.
 */
function errorsOf(field: FieldLike): string[] {
  if (field.errors?.length) return field.errors;
  return Object.values(field.allErrors ?? {}).find((errors) => errors.length > 0) ?? [];
}

/** Every field error and form error, in field order, for the error summary. */
export function summaryItems(t: TFunction, fields: FieldLike[], formErrors: string[] | undefined): ErrorItem[] {
  const items: ErrorItem[] = fields.flatMap((f) => errorsOf(f).slice(0, 1).map((key) => ({ fieldId: f.id, message: t(key) })));
  for (const key of formErrors ?? []) items.push({ message: t(key) });
  return items;
}

export function firstError(t: TFunction, field: FieldLike): string | undefined {
  const key = errorsOf(field)[0];
  return key ? t(key) : undefined;
}

