// Text from an uploaded file: whether a value is on one line, and how a message quotes a name back.
import { describe, expect, it } from "vitest";
import { notOneLine, quotedFromFile } from "../../app/utils/text";

describe("notOneLine", () => {
  it("names a line break of any kind, those control characters' removal would take out included", () => {
    for (const end of ["\n", "\r\n", "\r", "\u000B", "\u000C", "\u0085", "\u2028", "\u2029"]) expect(notOneLine(`Ann${end}Lee`), JSON.stringify(end)).toBe("lineBreak");
  });

  it("names a tab", () => {
    expect(notOneLine("Ann\tLee")).toBe("tab");
  });

  it("takes Welsh letters, accents, dashes and a no-break space as typed", () => {
    expect(notOneLine("Siân Ŵyn ap Llŷr – Café\u00a0Team ✓")).toBeUndefined();
  });
});

describe("quotedFromFile", () => {
  it("trims, and shows each unseen character by its code", () => {
    expect(quotedFromFile("  team\u200b\u0007\ufeffx\u202e\u2028y  ")).toBe("team[U+200B][U+0007][U+FEFF]x[U+202E][U+2028]y");
  });

  it("cuts a long name with an ellipsis, never inside a code or a character", () => {
    expect(quotedFromFile("a".repeat(60))).toBe("a".repeat(60));
    expect(quotedFromFile("a".repeat(61))).toBe(`${"a".repeat(60)}…`);
    expect(quotedFromFile(`${"a".repeat(55)}\u200bb`)).toBe(`${"a".repeat(55)}…`);
    expect(quotedFromFile("😀".repeat(70))).toBe(`${"😀".repeat(60)}…`);
  });
});
