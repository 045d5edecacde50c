// How this plugin's forms show a failed post: the error summary's items in the order the fields appear,
// and each field's own message beside it.
import type { ErrorItem } from "../../app/components/ErrorSummary";
import type { FieldErrors } from "./forms";

type Translate = (key: string) => string;

const rank = (order: string[], field: string) => (order.includes(field) ? order.indexOf(field) : order.length);

/** The error summary's items, in the order the fields appear; "form" is an error of the whole form, with no field to link to. */
export function errorItems(t: Translate, errors: FieldErrors | undefined, order: string[]): ErrorItem[] {
  if (!errors) return [];
  return Object.entries(errors)
    .sort(([a], [b]) => rank(order, a) - rank(order, b))
    .map(([field, key]) => ({ fieldId: field === "form" ? undefined : field, message: t(key) }));
}

/** A field's error in words, or undefined where the field is fine. */
export function fieldError(t: Translate, errors: FieldErrors | undefined) {
  return (field: string) => (errors?.[field] ? t(errors[field]) : undefined);
}
