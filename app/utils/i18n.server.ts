import { createInstance, type i18n, type TFunction } from "i18next";
import enCommon from "../locales/en-GB/common.json";
import cyCommon from "../locales/cy/common.json";
import { installedPlugins } from "../plugins.server";
import { rememberRequestTranslator, requestedLocale } from "./request-language.server";
import { DEFAULT_NAMESPACE, SUPPORTED_LOCALES, i18nConfig, type Locale } from "./i18n";

// How a request's locale is found is shared with the HTTP layer, which answers some requests itself.
export { localeCookie } from "./request-language.server";

const coreResources: Record<Locale, Record<string, unknown>> = { "en-GB": enCommon, cy: cyCommon };

/** Every namespace for one locale: `common` plus one per installed plugin, named by its id. */
export function resourcesFor(locale: Locale): Record<string, Record<string, unknown>> {
  const namespaces: Record<string, Record<string, unknown>> = { [DEFAULT_NAMESPACE]: coreResources[locale] };
  for (const plugin of installedPlugins()) namespaces[plugin.id] = plugin.locales[locale] ?? {};
  return namespaces;
}

export function allResources() {
  return Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, resourcesFor(l)]));
}

// Translation on the server uses one shared i18next instance, so a request does not build and
// initialise its own.
let shared: i18n | undefined;
let sharedPluginIds = "";

/** The server's i18next instance, rebuilt only when the set of installed plugins changes (tests add fixtures). */
export function serverI18n(): i18n {
  const pluginIds = installedPlugins().map((p) => p.id).join(",");
  if (!shared || sharedPluginIds !== pluginIds) {
    const instance = createInstance();
    void instance.init({ ...i18nConfig, resources: allResources(), initImmediate: false });
    rememberLanguageCodes(instance);
    shared = instance;
    sharedPluginIds = pluginIds;
  }
  return shared;
}

/**
 * i18next canonicalises the language code through Intl.getCanonicalLocales on every t() call, and a
 * page with a few hundred people makes thousands of calls: the profile put a third of /team's time
 * there. A code's canonical form never changes, so each is worked out once.
 */
function rememberLanguageCodes(instance: i18n) {
  const utils = instance.services.languageUtils as { formatLanguageCode: (code: string) => string };
  const canonical = utils.formatLanguageCode.bind(utils);
  const known = new Map<string, string>();
  utils.formatLanguageCode = (code: string) => {
    let formatted = known.get(code);
    if (formatted === undefined) {
      formatted = canonical(code);
      if (typeof code === "string" && known.size < 100) known.set(code, formatted);
    }
    return formatted;
  };
}

/** The request's locale; from here on, the error responses it is answered with are worded in it. */
export async function localeOf(request: Request): Promise<Locale> {
  const locale = await requestedLocale(request);
  rememberRequestTranslator(fixedT(locale));
  return locale;
}

export function fixedT(locale: Locale, namespace: string = DEFAULT_NAMESPACE): TFunction {
  return serverI18n().getFixedT(locale, namespace);
}

/** A translator for the request's locale, in `common` unless a plugin namespace is named. */
export async function translatorFor(request: Request, namespace: string = DEFAULT_NAMESPACE) {
  const locale = await localeOf(request);
  return { locale, t: fixedT(locale, namespace) };
}
