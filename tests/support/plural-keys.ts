// i18next words a count by Intl.PluralRules: `t("key", { count })` reads `key_one`, `key_other` and so on,
// and falls back to `key` itself when a language has no suffixed forms. English needs "1 week" and
// "2 weeks"; the Welsh wording with "o" reads right for any number, so one form serves every count. The
// translation tests therefore compare keys without the plural suffix, and check that a language which
// does split a key gives every form its rules can ask for.

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** `year.extension_one` and `year.extension` are the same translation, as far as both languages go. */
export const withoutPluralSuffix = (key: string) => key.replace(PLURAL_SUFFIX, "");

/** The keys a translation offers, one per translation however many plural forms it has. */
export const translationKeys = (keys: string[]) => [...new Set(keys.map(withoutPluralSuffix))].sort();

/** The forms a language's rules ask for that a split key does not give, as `key_category`. */
export function missingPluralForms(keys: string[], locale: string): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const split = new Set(keys.filter((k) => PLURAL_SUFFIX.test(k)).map(withoutPluralSuffix));
  return [...split].flatMap((base) => categories.map((category) => `${base}_${category}`)).filter((form) => !keys.includes(form));
}
