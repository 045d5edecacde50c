// Every page exists in both languages: the core namespace has the same keys and placeholders in each.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EARLIEST_YEAR, LATEST_YEAR } from "../../app/utils/dates";
import { missingPluralForms, translationKeys, withoutPluralSuffix } from "../support/plural-keys";

const dir = path.resolve(__dirname, "../../app/locales");
const load = (locale: string) => JSON.parse(fs.readFileSync(path.join(dir, locale, "common.json"), "utf8"));

const flatten = (value: unknown, prefix = ""): Record<string, string> =>
  Array.isArray(value)
    ? Object.assign({}, ...value.map((v, i) => flatten(v, `${prefix}[${i}]`)))
    : value && typeof value === "object"
      ? Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)))
      : { [prefix]: String(value) };

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe("core translations", () => {
  const en = flatten(load("en-GB"));
  const cy = flatten(load("cy"));

  it("have the same keys in en-GB and cy", () => {
    expect(translationKeys(Object.keys(cy))).toEqual(translationKeys(Object.keys(en)));
  });

  it("give every plural form a language asks for, where a key is split by count", () => {
    expect(missingPluralForms(Object.keys(en), "en-GB")).toEqual([]);
    expect(missingPluralForms(Object.keys(cy), "cy")).toEqual([]);
  });

  it("leave no Welsh string empty or untranslated", () => {
    // Words that are spelt the same in Welsh, and the service's name. Placeholders alone are not words.
    const sameInBoth = ["layout.serviceName", "import.problem", "audit.system"];
    const same = Object.keys(en).filter((k) => en[k] === (cy[k] ?? cy[withoutPluralSuffix(k)]) && /[a-z]{4,}/.test(en[k].replace(/\{\{[^}]*\}\}/g, "")) && !sameInBoth.includes(k) && !k.startsWith("import.columns.role_category"));
    expect(Object.values(cy).filter((v) => v.trim() === "")).toEqual([]);
    expect(same).toEqual([]);
  });

  it("keep every placeholder, in every plural form", () => {
    const forms = (strings: Record<string, string>, key: string) => Object.keys(strings).filter((k) => withoutPluralSuffix(k) === withoutPluralSuffix(key));
    for (const key of Object.keys(en)) {
      for (const form of [...forms(en, key), ...forms(cy, key)]) expect([form, placeholders(en[form] ?? cy[form])]).toEqual([form, placeholders(en[key])]);
    }
  });

  it("cover every key the code asks for", () => {
    const sources = ["app"].flatMap((d) => fs.readdirSync(path.resolve(__dirname, "../..", d), { recursive: true }).map(String).filter((f) => /\.(tsx?|ts)$/.test(f)).map((f) => fs.readFileSync(path.resolve(__dirname, "../..", d, f), "utf8")));
    const literal = new Set(sources.flatMap((s) => [...s.matchAll(/\bt\(\s*"([a-zA-Z]+\.[a-zA-Z.]+)"/g)].map((m) => m[1])));
    const missing = [...literal].filter((k) => !(k in en) && !(`${k}_other` in en) && !Object.keys(en).some((e) => e.startsWith(`${k}.`) || e.startsWith(`${k}[`)));
    expect(missing).toEqual([]);
  });
});

describe("the message for a date that is not real", () => {
  // isIsoDate takes only these years, so a date in 2200 is "not real": the message must say why.
  const localeFiles = [path.join(dir, "en-GB", "common.json"), path.join(dir, "cy", "common.json"), ...fs.readdirSync(path.resolve(__dirname, "../../plugins")).flatMap((plugin) => ["en-GB", "cy"].map((locale) => path.resolve(__dirname, "../../plugins", plugin, "locales", `${locale}.json`)))].filter((file) => fs.existsSync(file));
  const realDateMessages = localeFiles.flatMap((file) => Object.values(flatten(JSON.parse(fs.readFileSync(file, "utf8")))).filter((text) => /real date|dyddiad go iawn/i.test(text)));

  it("names the years a date may be in, in every namespace and language", () => {
    expect(realDateMessages.length).toBeGreaterThanOrEqual(14);
    expect(realDateMessages.filter((text) => !text.includes(String(EARLIEST_YEAR)) || !text.includes(String(LATEST_YEAR)))).toEqual([]);
  });
});
