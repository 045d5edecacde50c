// The Welsh wording: CPD is "DPP" (datblygiad proffesiynol parhaus) here as everywhere else in the portal.
import { describe, expect, it } from "vitest";
import { fixedT } from "../../../app/utils/i18n.server";
import cy from "../locales/cy.json";

const strings = (node: unknown): string[] => (typeof node === "string" ? [node] : node && typeof node === "object" ? Object.values(node).flatMap(strings) : []);

describe("the Welsh for CPD", () => {
  it("says DPP on the course page and when completion is recorded, and never the English CPD", () => {
    const t = fixedT("cy", "research-in-practice");
    expect(t("home.hours")).toBe("Oriau DPP");
    expect(t("course.hours", { hours: "3.5" })).toBe("Oriau DPP: 3.5");
    expect(t("run.completed", { count: 2 })).toBe("Cwblhau wedi'i gofnodi. Dysgwyr: 2. Mae eu horiau DPP wedi'u hychwanegu.");
    expect(strings(cy).filter((s) => /\bCPD\b/.test(s))).toEqual([]);
  });
});
