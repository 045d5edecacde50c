// i18n settings shared by the server and the browser.
export const SUPPORTED_LOCALES = ["en-GB", "cy"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en-GB";
export const DEFAULT_NAMESPACE = "common";

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: DEFAULT_NAMESPACE,
  // A plugin's translator finds the cohort engine's shared wording in `common`.
  fallbackNS: DEFAULT_NAMESPACE,
  // React escapes output already.
  interpolation: { escapeValue: false },
  // Only the exact locale: there are no "en" or script-only resources, and resolving those codes on
  // every t() call (Intl.getCanonicalLocales) was a large share of a page's time in the benchmark.
  load: "currentOnly" as const,
};
