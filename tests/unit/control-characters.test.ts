// What user text loses before it reaches a query: control characters, C0 and C1, never letters (Welsh
// ones included), tabs or line ends.
import { describe, expect, it } from "vitest";
import { withoutControlCharacters } from "../../app/utils/text";

describe("withoutControlCharacters", () => {
  it("drops C0, DEL and C1 controls", () => {
    expect(withoutControlCharacters("A\u0000n\u001b[31mn\u007f\u0085e\u009b\u0080")).toBe("An[31mne");
  });

  it("keeps tabs, line ends, Welsh letters and other text as typed", () => {
    const text = "Siân Ŵyn\tŷ\r\nLlŷr – café ✓ \u00a0end";
    expect(withoutControlCharacters(text)).toBe(text);
  });
});
