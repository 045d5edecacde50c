// The language of the request being answered, for the error responses a route throws (404, 403, 405,
// 409, 413, 503). A page shows those through its translated ErrorBoundary, but a download, a form post
// without a page or a GET to a POST-only address sends the thrown body to the browser as it is, so the
// body must be in the person's language too. The helpers that throw them (http.server.ts) take no
// request, and the plugins call them bare, so the request's translator is kept here: the HTTP layer gives
// every request a scope (scripts/http-app.ts) and finding the request's locale (i18n.server.ts
// localeOf, which every guard does first) fills it in. Outside a request (scripts, tests calling a
// loader directly) nothing is kept and the bodies are in English.
import { AsyncLocalStorage } from "node:async_hooks";
import type { TFunction } from "i18next";

interface RequestLanguage {
  t?: TFunction;
}

// One store for the server build and the HTTP app that wraps it: they are separate module copies.
const STORE_KEY = Symbol.for("pathways.requestLanguage");
const scope: AsyncLocalStorage<RequestLanguage> = ((globalThis as Record<symbol, unknown>)[STORE_KEY] ??= new AsyncLocalStorage<RequestLanguage>()) as AsyncLocalStorage<RequestLanguage>;

/** Runs one request's work with room for its language. */
export function withRequestLanguage<T>(work: () => T): T {
  return scope.run({}, work);
}

/** Keeps the translator (core namespace) of the request being answered, when there is a request scope. */
export function rememberRequestTranslator(t: TFunction) {
  const language = scope.getStore();
  if (language) language.t = t;
}

/** The plain-text body of an error response of `kind` (a key under `errors.` in common.json). */
export function errorBody(kind: ErrorKind, t: TFunction | undefined = scope.getStore()?.t): string {
  if (!t) return englishErrorBody(kind);
  return `${t(`errors.${kind}.title`)}. ${t(`errors.${kind}.body`)}`;
}

export type ErrorKind = "notFound" | "forbidden" | "conflict" | "methodNotAllowed" | "tooLarge" | "storageUnavailable";

/** The body outside any request's language: scripts and logs read these. */
export function englishErrorBody(kind: ErrorKind): string {
  return ENGLISH[kind];
}

const ENGLISH: Record<ErrorKind, string> = {
  notFound: "Not found",
  forbidden: "Forbidden",
  conflict: "Conflict",
  methodNotAllowed: "Method not allowed",
  tooLarge: "Payload too large",
  storageUnavailable: "The portal cannot save changes at the moment. Nothing was saved.",
};
