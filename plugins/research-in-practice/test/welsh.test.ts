// The Welsh wording: CPD is "DPP" (datblygiad proffesiynol parhaus) here as everywhere else in the portal.
import { describe, expect, it } from "vitest";
import { fixedT } from "../../../app/utils/i18n.server";
import cy from "../locales/cy.json";
import en from "../locales/en-GB.json";

/** Every string under `node`, by its key path. */
const leaves = (node: unknown, path = ""): [string, string][] =>
  typeof node === "string" ? [[path, node]] : node && typeof node === "object" ? Object.entries(node).flatMap(([key, value]) => leaves(value, path ? `${path}.${key}` : key)) : [];

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

describe("the Welsh for a run", () => {
  it("calls a run a cyflwyniad, never a cwrs, in every string whose English speaks of a run and not a course", () => {
    const welsh = new Map(leaves(cy));
    const aboutARun = leaves(en).filter(([key, english]) => (key.startsWith("run.") || key.startsWith("sync.problems.")) && /\brun\b/i.test(english) && !/\bcourse\b/i.test(english));
    expect(aboutARun.length).toBeGreaterThan(4);
    expect(aboutARun.filter(([key]) => /\bcwrs\b/i.test(welsh.get(key) ?? "")).map(([key]) => key)).toEqual([]);
    expect(aboutARun.filter(([key]) => !/cyflwyniad/i.test(welsh.get(key) ?? "")).map(([key]) => key)).toEqual([]);
  });
});
