// The language of the request being answered, for the error responses a route throws (404, 403, 405,
// 409, 413, 503). A page shows those through its translated ErrorBoundary, but a download, a form post
// without a page or a GET to a POST-only address sends the thrown body to the browser as it is, so the
// body must be in the person's language too. The helpers that throw them (http.server.ts) take no
// request, and the plugins call them bare, so the request's translator is kept here: the HTTP layer gives
// every request a scope (scripts/http-app.ts) and finding the request's locale (i18n.server.ts
// localeOf, which every guard does first) fills it in. Outside a request (scripts, tests calling a
// loader directly) nothing is kept and the bodies are in English.
//
// How a request's locale is found lives here too, so the HTTP layer can word the refusals it sends
// before the build sees the request (the cross-site check) in the same language a page would be in,
// without loading the build's i18n (i18n.server.ts, which brings in every plugin).
import { AsyncLocalStorage } from "node:async_hooks";
import { createCookie } from "@remix-run/node";
import { createInstance, type i18n, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import enCommon from "../locales/en-GB/common.json";
import cyCommon from "../locales/cy/common.json";
import { env } from "./env.server";
import { DEFAULT_LOCALE, DEFAULT_NAMESPACE, SUPPORTED_LOCALES, i18nConfig, isSupportedLocale, type Locale } from "./i18n";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: env.secureCookies,
  maxAge: 60 * 60 * 24 * 365,
});

// remix-i18next detects the locale: ?lng=, then the cookie, then Accept-Language.
const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    searchParamKey: "lng",
  },
});

/** The locale a request asks for, or English. */
export async function requestedLocale(request: Request): Promise<Locale> {
  const found = await detector.getLocale(request);
  return isSupportedLocale(found) ? found : DEFAULT_LOCALE;
}

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

/** An error body the HTTP layer sends itself, before the build sees the request: the core wording alone. */
export function coreErrorBody(kind: ErrorKind, locale: Locale): string {
  return errorBody(kind, coreTranslator(locale));
}

let coreOnly: i18n | undefined;

// The build's translator (i18n.server.ts) is in another module copy and carries every plugin's wording;
// the HTTP layer needs only the core's, so it keeps one small instance of its own, made when first used.
function coreTranslator(locale: Locale): TFunction {
  if (!coreOnly) {
    coreOnly = createInstance();
    void coreOnly.init({ ...i18nConfig, resources: { "en-GB": { [DEFAULT_NAMESPACE]: enCommon }, cy: { [DEFAULT_NAMESPACE]: cyCommon } }, initImmediate: false });
  }
  return coreOnly.getFixedT(locale, DEFAULT_NAMESPACE);
}

export type ErrorKind = "notFound" | "forbidden" | "conflict" | "methodNotAllowed" | "tooLarge" | "storageUnavailable" | "crossSite";

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
  crossSite: "Forbidden: this request did not come from a Pathways page.",
};
