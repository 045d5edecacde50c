import { describe, expect, it } from "vitest";
import { changeText } from "../../app/services/metrics/metrics-view.server";
import { fixedT } from "../../app/utils/i18n.server";

const change = (amount: number, locale: "en-GB" | "cy" = "en-GB") => changeText({ change: amount, unit: "percent", higherIsBetter: true }, locale, fixedT(locale));

describe("a metric's change since the quarter before", () => {
  it("words percentage points by the amount shown", () => {
    expect(change(1)).toBe("Up 1 percentage point (better)");
    expect(change(-1.04)).toBe("Down 1 percentage point (worse)");
    expect(change(1.5)).toBe("Up 1.5 percentage points (better)");
    expect(change(33.4)).toBe("Up 33.4 percentage points (better)");
    expect(change(0.96)).toBe("Up 1 percentage point (better)");
  });

  it("keeps Welsh's one form for any amount", () => {
    expect(change(1, "cy")).toContain("1 pwynt canran");
    expect(change(2, "cy")).toContain("2 pwynt canran");
  });
});
