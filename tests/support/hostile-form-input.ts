// What a hostile user sends to a form, as fast-check arbitraries: the page's own fields kept, dropped,
// repeated or set to hostile values, unexpected names added, in one of the encodings a client can send.
import fc from "fast-check";
import type { PageForm } from "./html-forms";

const LONG_ASCII = "a".repeat(100_000);
const LONG_UNICODE = "Ŵ👩🏽‍⚕️\u202E".repeat(20_000).slice(0, 100_000);

export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", " ", " \t\r\n ", "\u0000", "a\u0000b", "\u0007\u001b[2J", "\u202Eevil\u202C", "👩🏽‍⚕️🏳️‍🌈", "ﷺ", "\uFEFF", "\uD800", "<script>alert(1)</script>", "' or 1=1 --", "%00", "../../etc/passwd", "__proto__", "null", "undefined", "true", "on", "[]", "{}") },
  { weight: 3, arbitrary: fc.constantFrom("-1", "0", "-0", "1e9", "1e309", "-1e309", "NaN", "Infinity", "9007199254740993", "99999999999999999999", "0x1F", "1,5", "1.5", " 7 ", "٣", "１２", "+3") },
  { weight: 2, arbitrary: fc.constantFrom("2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "2026-2-3", "30/02/2026", "2026-02-28T25:61", "yesterday", "2025-W53-8", "-2026-01-01") },
  // Long values are rarer: every page that refuses one shows it back, which is slow to render.
  { weight: 1, arbitrary: fc.constantFrom(LONG_ASCII, LONG_UNICODE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

const unexpectedName = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "id", "intent", "_action", "personId", "role", "isAdmin", "x[]", "", "a.b", "\u0000", "__intent__", "__state__"), fc.string({ maxLength: 12 }));

export type FieldChange = { kind: "keep" } | { kind: "drop" } | { kind: "set"; value: string } | { kind: "repeat"; values: string[] };

const fieldChange: fc.Arbitrary<FieldChange> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: "keep" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "drop" as const }) },
  { weight: 4, arbitrary: hostileValue.map((value) => ({ kind: "set" as const, value })) },
  { weight: 1, arbitrary: fc.array(hostileValue, { minLength: 2, maxLength: 3 }).map((values) => ({ kind: "repeat" as const, values })) },
);

export type Encoding = "form" | "multipart" | "json" | "text" | "brokenMultipart" | "none";

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("form" as const) },
  { weight: 3, arbitrary: fc.constant("multipart" as const) },
  { weight: 1, arbitrary: fc.constantFrom("json" as const, "text" as const, "brokenMultipart" as const, "none" as const) },
);

const NOT_AN_ID = ["abc", "-1", "0", "1e9", "1.5", "99999999999999999999", "%00", "%F0%9F%98%80", "%20", "..%2F..", "NaN"];

export interface Input {
  formIndex: number;
  buttonIndex: number;
  changes: FieldChange[];
  extras: [string, string][];
  encoding: Encoding;
  params: Record<string, string>;
}

/** Inputs for a route whose page offers `forms`; its ids are real `realParams` five times in six. */
export function inputs(forms: PageForm[], realParams: Record<string, string>): fc.Arbitrary<Input> {
  const widest = Math.max(1, ...forms.map((f) => f.fields.length));
  const params = Object.fromEntries(
    Object.entries(realParams).map(([name, real]) => [name, fc.oneof({ weight: 5, arbitrary: fc.constant(real) }, { weight: 1, arbitrary: fc.constantFrom(...NOT_AN_ID) })]),
  );
  return fc.record({
    formIndex: fc.nat(),
    buttonIndex: fc.nat(),
    changes: fc.array(fieldChange, { minLength: widest, maxLength: widest }),
    extras: fc.array(fc.tuple(unexpectedName, hostileValue), { maxLength: 2 }),
    encoding,
    params: fc.record(params),
  });
}

/** The chosen form's fields as the input changes them, then the pressed button, then unexpected names. */
export function entriesOf(form: PageForm | undefined, input: Input): [string, string][] {
  const entries: [string, string][] = [];
  (form?.fields ?? []).forEach(([name, value], index) => {
    const change = input.changes[index] ?? { kind: "keep" };
    if (change.kind === "keep") entries.push([name, value]);
    else if (change.kind === "set") entries.push([name, change.value]);
    else if (change.kind === "repeat") for (const v of change.values) entries.push([name, v]);
  });
  const buttons = form?.buttons ?? [];
  if (buttons.length > 0) entries.push(buttons[input.buttonIndex % buttons.length]);
  return [...entries, ...input.extras];
}

/** The entries as a request body in the given encoding; fields named in `fileFields` go as files. */
export function bodyOf(entries: [string, string][], how: Encoding, fileFields: Set<string>): { body?: BodyInit; type?: string } {
  switch (how) {
    case "form":
      return { body: new URLSearchParams(entries).toString(), type: "application/x-www-form-urlencoded" };
    case "multipart": {
      const form = new FormData();
      for (const [name, value] of entries) {
        if (fileFields.has(name)) form.append(name, new File([value], "upload.csv", { type: "text/csv" }));
        else form.append(name, value);
      }
      return { body: form };
    }
    case "json":
      return { body: JSON.stringify(Object.fromEntries(entries)), type: "application/json" };
    case "text":
      return { body: entries.map(([n, v]) => `${n}=${v}`).join("\n"), type: "text/plain" };
    case "brokenMultipart":
      return { body: `--zz\r\nContent-Disposition: form-data; name="${entries[0]?.[0] ?? "x"}"\r\n\r\nno end`, type: "multipart/form-data; boundary=zz" };
    case "none":
      return {};
  }
}
