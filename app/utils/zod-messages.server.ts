// Zod's own messages are English sentences, shown as they are in an error summary, on Welsh pages too.
// Every schema here words its refusals with a translation key; this covers the one refusal schemas do
// not word: a field sent more than once (a hand-made request), which conform reads as a list where the
// schema expects one value.
import { z } from "zod";

/** Zod's one error map for the process: called where every action reads its form (form-data.server.ts). */
export function wordZodRefusalsAsKeys() {
  z.setErrorMap((issue, context) => {
    if (issue.code === z.ZodIssueCode.invalid_type && issue.received === z.ZodParsedType.array) return { message: "forms.errors.oneAnswer" };
    return { message: context.defaultError };
  });
}
