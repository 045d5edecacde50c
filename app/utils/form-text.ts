// Free text from forms, cleaned the same way everywhere: control characters removed and trimmed.
// Conform turns an empty value into "missing" at every stage of a zod pipe, so a blank answer ("  ")
// must carry the field's own message at each stage, or the reader sees zod's English "Required".
import { z } from "zod";
import { withoutControlCharacters } from "./text";

const tidy = (value: string) => withoutControlCharacters(value).trim();

/** Required text: a blank answer is reported with `required`; longer than `max` with `tooLong`. */
export function requiredText(required: string, max: number, tooLong: string) {
  return z.string({ required_error: required }).transform(tidy).pipe(z.string({ required_error: required }).min(1, required).max(max, tooLong));
}

/** Required text that must match a pattern once tidied. */
export function patternText(required: string, pattern: RegExp, message: string) {
  return z.string({ required_error: required }).transform(tidy).pipe(z.string({ required_error: required }).regex(pattern, message));
}

/** Optional text: blank becomes undefined; longer than `max` is reported with `tooLong`. */
export function optionalText(max: number, tooLong: string) {
  return z
    .string()
    .transform((value) => tidy(value) || undefined)
    .pipe(z.string().max(max, tooLong).optional())
    .optional();
}
