import { describe, expect, it } from "vitest";
import { formatNumber, numberFormat } from "../../app/utils/number-format";

describe("numbers in the reader's language", () => {
  it("formats with the options given, in English and Welsh", () => {
    expect(formatNumber(1234.567, "en-GB", { maximumFractionDigits: 1 })).toBe("1,234.6");
    expect(formatNumber(0.905, "cy", { style: "percent", maximumFractionDigits: 0 })).toBe("91%");
    expect(formatNumber(1250, "en-GB", { style: "currency", currency: "GBP" })).toBe("£1,250.00");
  });

  it("builds each formatter once and reuses it, but keeps options apart", () => {
    const oneDecimal = numberFormat("en-GB", { maximumFractionDigits: 1 });
    expect(numberFormat("en-GB", { maximumFractionDigits: 1 })).toBe(oneDecimal);
    expect(numberFormat("en-GB", { maximumFractionDigits: 2 })).not.toBe(oneDecimal);
    expect(numberFormat("cy", { maximumFractionDigits: 1 })).not.toBe(oneDecimal);
  });

  it("still formats correctly once it has stopped keeping new formatters", () => {
    const kept = new Set<Intl.NumberFormat>();
    for (let n = 0; n < 300; n++) kept.add(numberFormat("en-GB", { minimumIntegerDigits: (n % 20) + 1, maximumFractionDigits: Math.floor(n / 20) }));
    expect(kept.size).toBe(300);
    const beyondTheBound = { minimumIntegerDigits: 21, maximumFractionDigits: 20 };
    expect(numberFormat("en-GB", beyondTheBound)).not.toBe(numberFormat("en-GB", beyondTheBound));
    expect(formatNumber(3.14159, "en-GB", { maximumFractionDigits: 3, minimumFractionDigits: 3 })).toBe("3.142");
  });
});
