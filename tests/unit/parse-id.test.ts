// Ids from a route, a query string or a form: one bound for all of them, the largest a 32-bit integer id
// column holds. PostgreSQL refuses to compare such a column with a larger number (an error, so a 500), and a
// nine-digit limit turned away real ids from 1,000,000,000 up.
import { describe, expect, it } from "vitest";
import { isStorableId, LARGEST_ID, parseId } from "../../app/utils/http.server";

describe("parseId", () => {
  it("reads every id an integer column can hold, up to the largest", () => {
    for (const [sent, id] of [["1", 1], ["7", 7], ["42", 42], ["007", 7], ["999999999", 999_999_999], ["1000000000", 1_000_000_000], ["1234567890", 1_234_567_890], ["2147483647", 2_147_483_647]] as const) {
      expect(parseId(sent), sent).toBe(id);
    }
    expect(LARGEST_ID).toBe(2_147_483_647);
  });

  it("refuses a number past the largest id, and anything that is not a positive whole number", () => {
    for (const sent of ["2147483648", "9999999999", "99999999999", "99999999999999999999", "0", "00", "-1", "+3", "1e3", "1.5", "1,5", " 7", "7 ", "0x1F", "NaN", "Infinity", "abc", "", "١٢"]) {
      expect(parseId(sent), JSON.stringify(sent)).toBeUndefined();
    }
    expect(parseId(null)).toBeUndefined();
    expect(parseId(undefined)).toBeUndefined();
  });
});

describe("isStorableId", () => {
  it("holds for the whole numbers from 1 to the largest id, and nothing else", () => {
    for (const n of [1, 1_234_567_890, LARGEST_ID]) expect(isStorableId(n), String(n)).toBe(true);
    for (const n of [0, -1, 1.5, LARGEST_ID + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(isStorableId(n), String(n)).toBe(false);
  });
});
