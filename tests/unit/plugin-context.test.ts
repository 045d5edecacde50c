import { describe, expect, it, vi } from "vitest";
import { findInstalledPlugin } from "../../app/plugins.server";
import { pluginContext } from "../../app/services/plugin-context.server";
import { serverI18n } from "../../app/utils/i18n.server";

const asye = () => findInstalledPlugin("asye")!;

describe("a plugin context's translator", () => {
  it("gives each set of values its own sentence, in the plugin's namespace and the reader's language", () => {
    const t = pluginContext(asye(), "en-GB").t;
    expect(t("readiness.evidenceMissing", { kind: "Direct observations", missing: 2 })).toBe("Direct observations (2 more)");
    expect(t("readiness.evidenceMissing", { kind: "Direct observations", missing: 3 })).toBe("Direct observations (3 more)");
    expect(t("readiness.evidenceMissing", { kind: "Reflective logs", missing: 2 })).toBe("Reflective logs (2 more)");
    expect(t("readiness.overdueReview", { month: 3 })).toBe("the 3-month review is overdue");
    const welsh = pluginContext(asye(), "cy").t("readiness.overdueReview", { month: 3 });
    expect(welsh).not.toBe("the 3-month review is overdue");
    expect(welsh).toContain("3");
  });

  it("asks i18next once for a sentence it has already said, and again for new values", () => {
    const asked = vi.spyOn(serverI18n(), "t");
    try {
      const t = pluginContext(asye(), "en-GB").t;
      for (let i = 0; i < 3; i += 1) expect(t("readiness.overdueReview", { month: 6 })).toBe("the 6-month review is overdue");
      expect(asked).toHaveBeenCalledTimes(1);
      expect(t("readiness.overdueReview", { month: 9 })).toBe("the 9-month review is overdue");
      expect(asked).toHaveBeenCalledTimes(2);
    } finally {
      asked.mockRestore();
    }
  });
});
