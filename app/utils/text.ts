// PostgreSQL refuses text containing NUL, and no field has a use for control characters: user text is
// cleaned before it reaches a query. Tab and line ends stay (a reason may run over lines); the C1 controls
// (U+0080 to U+009F) go too, which only a terminal acts on and no keyboard types.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}

// What a one-line value cannot hold: line ends, and the other characters some programs break a line at
// (vertical tab, form feed, next line, the Unicode line and paragraph separators), which removing as
// control characters would run two words together; and tabs.
const LINE_BREAK = /[\n\r\u000B\u000C\u0085\u2028\u2029]/;

/**
 * Why a value meant for one line (a name, a job title, a team) is not, read before its control characters
 * are removed: a line break in it (a quoted CSV cell keeps one), or a tab. Pages, CSVs and the audit would show
 * either; removing them would run two words into one, so the caller refuses the value instead.
 */
export function notOneLine(value: string): "lineBreak" | "tab" | undefined {
  if (LINE_BREAK.test(value)) return "lineBreak";
  if (value.includes("\t")) return "tab";
  return undefined;
}

// What a page would show as nothing, or that would break its line: controls, format characters (a byte
// order mark, a zero-width space, direction marks), line and paragraph separators, a lone surrogate.
const UNSEEN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

const codeOf = (character: string) => `[U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`;

/**
 * Text from an uploaded file as a message may quote it: trimmed, each unseen character shown by its code
 * ("[U+200B]") so the reader can tell why it did not match, and cut to `max` characters with an ellipsis.
 */
export function quotedFromFile(value: string, max = 60): string {
  let quoted = "";
  let length = 0;
  for (const character of value.trim()) {
    const shown = UNSEEN.test(character) ? codeOf(character) : character;
    const width = UNSEEN.test(character) ? shown.length : 1;
    if (length + width > max) return `${quoted}…`;
    quoted += shown;
    length += width;
  }
  return quoted;
}
