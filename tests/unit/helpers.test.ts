import { describe, expect, it } from "vitest";
import { addDaysToDate, formatDate, isIsoDate, wholeYearsSince } from "../../app/utils/dates";
import { toCsv } from "../../app/utils/csv.server";
import { isSameOriginRequest } from "../../app/utils/origin.server";
import { safeRedirect } from "../../app/services/sign-in.server";
import { orderByDependencies } from "../../db/migrate";
import { pluginRouteTable } from "../../plugins/sdk/mount-routes.js";
import type { ProgrammePlugin } from "../../plugins/sdk";
import path from "node:path";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe("dates", () => {
  it("counts whole years since a date, not rounding up before the anniversary", () => {
    expect(wholeYearsSince("2023-11-24", new Date("2026-11-23T10:00:00Z"))).toBe(2);
    expect(wholeYearsSince("2023-11-23", new Date("2026-11-23T10:00:00Z"))).toBe(3);
    expect(wholeYearsSince(null, new Date())).toBeNull();
  });

  it("counts the anniversary on London's day: 23:30 UTC on 1 July is 2 July there", () => {
    expect(wholeYearsSince("2023-07-02", new Date("2026-07-01T23:30:00Z"))).toBe(3);
    expect(wholeYearsSince("2023-07-03", new Date("2026-07-01T23:30:00Z"))).toBe(2);
    expect(wholeYearsSince("2024-02-29", new Date("2027-02-28T12:00:00Z"))).toBe(2);
    expect(wholeYearsSince("2024-02-29", new Date("2027-03-01T12:00:00Z"))).toBe(3);
  });

  it("adds days to a date across month and year ends", () => {
    expect(addDaysToDate("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDaysToDate("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("formats dates in the reader's language", () => {
    expect(formatDate("2026-03-01", "en-GB")).toBe("1 March 2026");
    expect(formatDate("2026-03-01", "cy")).toBe("1 Mawrth 2026");
  });

  it("takes real dates from 1900 to 2199 only, so a date worked out from one keeps four digits", () => {
    expect(["1900-01-01", "2026-02-28", "2028-02-29", "2199-12-31"].filter(isIsoDate)).toHaveLength(4);
    expect(["1899-12-31", "2200-01-01", "9999-12-31", "2026-02-30", "2027-02-29", "2026-2-3", "0000-00-00"].filter(isIsoDate)).toEqual([]);
  });
});

describe("CSV", () => {
  it("escapes formulas and quotes commas", () => {
    expect(toCsv(["a", "b"], [["=1+1", "x,y"], ["@SUM(A1)", "-2+3+cmd|' /C calc'!A0"]])).toBe('a,b\r\n\'=1+1,"x,y"\r\n\'@SUM(A1),\'-2+3+cmd|\' /C calc\'!A0\r\n');
  });

  it("leaves a plain signed number as a number, in text or not", () => {
    expect(toCsv(["change", "n", "share"], [["+0.62", -3, "-12.5%"], ["-0.25", 4.5, "+Sum"]])).toBe("change,n,share\r\n+0.62,-3,-12.5%\r\n-0.25,4.5,'+Sum\r\n");
  });
});

describe("the cross-site check", () => {
  it("accepts our own origin and refuses others", () => {
    expect(isSameOriginRequest(headers({ Origin: "http://portal.example" }), "portal.example")).toBe(true);
    expect(isSameOriginRequest(headers({ Origin: "http://evil.example" }), "portal.example")).toBe(false);
    expect(isSameOriginRequest(headers({ Origin: "null" }), "portal.example")).toBe(false);
    expect(isSameOriginRequest(headers({}), "portal.example")).toBe(false);
    expect(isSameOriginRequest(headers({ Origin: "https://sso.example" }), "portal.example", ["https://sso.example"])).toBe(true);
  });
});

describe("redirects after sign-in", () => {
  it.each([["/team?page=2", "/team?page=2"], ["//evil.example", "/me"], ["https://evil.example", "/me"], ["/\\evil.example", "/me"], [null, "/me"]])("%s goes to %s", (target, expected) => {
    expect(safeRedirect(target, "/me")).toBe(expected);
  });
});

describe("plugin ordering", () => {
  const plugin = (id: string, dependsOn?: string[]) => ({ id, dependsOn }) as ProgrammePlugin;
  it("puts dependencies first", () => {
    expect(orderByDependencies([plugin("b", ["a"]), plugin("c", ["b"]), plugin("a")]).map((p) => p.id)).toEqual(["a", "b", "c"]);
  });
  it("refuses a circle or a missing dependency", () => {
    expect(() => orderByDependencies([plugin("a", ["b"]), plugin("b", ["a"])])).toThrow(/circle/);
    expect(() => orderByDependencies([plugin("a", ["zzz"])])).toThrow(/not installed/);
  });
});

describe("plugin route mounting", () => {
  it("turns flat route file names into paths under the plugin", () => {
    const dir = path.resolve(__dirname, "../fixtures/plugins/example");
    expect(pluginRouteTable({ id: "example", dir })).toEqual([
      { id: "plugin.example.index", path: "programmes/example", file: "../tests/fixtures/plugins/example/routes/index.tsx", index: false },
    ]);
  });
});

describe("TRUST_PROXY", () => {
  it("becomes the hop count, flag or address list express expects", async () => {
    const { env } = await import("../../app/utils/env.server");
    const read = (value: string | undefined) => {
      if (value === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = value;
      return env.trustProxy;
    };
    try {
      expect(read("1")).toBe(1);
      expect(read("true")).toBe(true);
      expect(read("loopback, 10.0.0.0/8")).toBe("loopback, 10.0.0.0/8");
      expect(read(undefined)).toBeUndefined();
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });
});

describe("PATHWAYS_WORKERS", () => {
  it("is one process unless set, a whole number from 1 to 64 when set, and anything else is refused by name", async () => {
    const { env } = await import("../../app/utils/env.server");
    const read = (value: string | undefined) => {
      if (value === undefined) delete process.env.PATHWAYS_WORKERS;
      else process.env.PATHWAYS_WORKERS = value;
      return env.workers;
    };
    try {
      expect(read(undefined)).toBe(1);
      expect(read(" 2 ")).toBe(2);
      expect(read("64")).toBe(64);
      for (const wrong of ["0", "65", "1.5", "-2", "two", "2e1"]) expect(() => read(wrong)).toThrow(`PATHWAYS_WORKERS must be a whole number from 1 to 64, not "${wrong}".`);
    } finally {
      delete process.env.PATHWAYS_WORKERS;
    }
  });
});

describe("free text from forms", () => {
  it("reports a blank answer with the field's own message, never zod's English 'Required'", async () => {
    const { parseWithZod } = await import("@conform-to/zod");
    const { z } = await import("zod");
    const { optionalText, requiredText } = await import("../../app/utils/form-text");
    const schema = z.object({ name: requiredText("name.required", 10, "name.tooLong"), note: optionalText(5, "note.tooLong") });
    const parse = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return parseWithZod(form, { schema }).reply();
    };
    expect(parse({ name: "   ", note: "  " }).error).toEqual({ name: ["name.required"] });
    expect(parse({ name: "\u0007" }).error).toEqual({ name: ["name.required"] });
    expect(parse({ name: "x".repeat(11), note: "toolong" }).error).toEqual({ name: ["name.tooLong"], note: ["note.tooLong"] });
    const ok = parseWithZod((() => { const f = new FormData(); f.set("name", "  Ann  "); f.set("note", " "); return f; })(), { schema });
    expect(ok.status === "success" && ok.value).toEqual({ name: "Ann", note: undefined });
  });
});
