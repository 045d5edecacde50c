// PostgreSQL refuses text containing NUL, and no field has a use for control characters: user text is
// cleaned before it reaches a query. Tab and line ends stay (a reason may run over lines); the C1 controls
// (U+0080 to U+009F) go too, which only a terminal acts on and no keyboard types.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL_CHARACTERS, "");
}
