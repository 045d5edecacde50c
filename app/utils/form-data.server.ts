// Reading a submitted form without letting its size or shape hurt the server. The body is counted as it
// streams and refused past a limit, chunked bodies too, so no form costs more memory than its limit; a
// body that cannot be read as a form reads as an empty one, so the route's own validation says what is
// missing instead of a 500. The platform's parser reads the counted body: Remix's streaming multipart
// parser would bound each part the same way, but took 6 to 8 seconds to reach the 20 MB limit of an
// upload where this takes under half a second.
import { errorBody } from "./request-language.server";
import { BodyTooLargeError, declaredLength, discardBody, withBodyLimit } from "./request-body.server";
import { wordZodRefusalsAsKeys } from "./zod-messages.server";

// Every action reads its form here, so every schema it then checks words a repeated field in the page's
// language. (A bare `import` for its effect would be dropped: the package is marked free of side effects.)
wordZodRefusalsAsKeys();

/** Ample for anything typed into a form, and for the 2 MB files some routes still read as forms. */
export const FORM_MAX_BYTES = 4 * 1024 * 1024;

export type FormReading = { kind: "form"; form: FormData } | { kind: "tooLarge" };

/** The form, or "too large" as soon as the body passes `maxBytes`. */
export async function readLimitedForm(request: Request, maxBytes: number): Promise<FormReading> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > maxBytes) {
    discardBody(request.body);
    return { kind: "tooLarge" };
  }
  const counted = withBodyLimit(request, maxBytes);
  try {
    return { kind: "form", form: withoutFormLibraryControls(await counted.request.formData()) };
  } catch (error) {
    // Whatever the parser left unread must still be read, or the answer waits behind it.
    counted.discardRest();
    return isCausedByTooLarge(error) ? { kind: "tooLarge" } : { kind: "form", form: new FormData() };
  }
}

/**
 * The submitted form, or an empty one when the body cannot be read as a form (wrong content type,
 * broken multipart). A body past FORM_MAX_BYTES is answered 413, with the page saying it was too large.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const reading = await readLimitedForm(request, FORM_MAX_BYTES);
  if (reading.kind === "tooLarge") {
    throw new Response(errorBody("tooLarge"), { status: 413, statusText: "Payload Too Large", headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return reading.form;
}

/**
 * Conform (the form library) reads these two names itself and JSON-parses them, throwing on anything it
 * did not write, so a hand-made request sending them answered 500 on every form, sign-in included. No page
 * uses conform's intents or state, so nothing a page sends is lost by dropping them.
 */
const FORM_LIBRARY_CONTROLS = ["__intent__", "__state__"];

function withoutFormLibraryControls(form: FormData): FormData {
  for (const name of FORM_LIBRARY_CONTROLS) form.delete(name);
  return form;
}

/** The platform's parser wraps the stream's error in its own. */
function isCausedByTooLarge(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof BodyTooLargeError) return true;
  }
  return false;
}
