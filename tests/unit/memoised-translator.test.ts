import { describe, expect, it } from "vitest";
import { memoisedTranslator } from "../../app/services/readiness.server";

describe("readiness's memoised translator", () => {
  it("gives each person's values their own sentence where the sentence has placeholders", () => {
    const t = memoisedTranslator("en-GB", "common");
    expect(t("readiness.registration.expired", { date: "2026-01-31" })).toBe("The registration expired on 31 January 2026. Renew it with Social Work England, then tell HR so the staff record shows it.");
    expect(t("readiness.registration.expired", { date: "2026-02-28" })).toBe("The registration expired on 28 February 2026. Renew it with Social Work England, then tell HR so the staff record shows it.");
  });

  it("reads a sentence with no placeholder the same whatever values come with it, in either language", () => {
    for (const [locale, expected] of [["en-GB", "Registration with Social Work England"], ["cy", "Cofrestru gyda Social Work England"]] as const) {
      const t = memoisedTranslator(locale, "common");
      const first = t("readiness.registration.label", { date: "2026-01-31" });
      expect(first).toBe(expected);
      expect(t("readiness.registration.label", { date: "2027-03-01" })).toBe(first);
      expect(t("readiness.registration.label", undefined)).toBe(first);
    }
  });
});
