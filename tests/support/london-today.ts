// "Not in the future" means after London's today: from midnight to 1am in summer, UTC's date is still
// yesterday, and an entry dated today was refused. Each programme checks its own forms with this.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ZodTypeAny } from "zod";

/** Checks that `schema` takes London's today in `field` just after midnight in summer, and refuses tomorrow. */
export function describeLondonToday(schema: ZodTypeAny, field: string, futureMessage: string) {
  const errorsFor = (date: string) => {
    const outcome = schema.safeParse({ [field]: date });
    return outcome.success ? [] : outcome.error.issues.filter((i) => i.path[0] === field).map((i) => i.message);
  };

  describe(`${field}, a date that may not be in the future`, () => {
    afterEach(() => vi.useRealTimers());

    it("takes London's today just after midnight in summer time, and refuses tomorrow", () => {
      // 23:30 UTC on 1 July is 00:30 on 2 July in London.
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
      expect(errorsFor("2026-07-02")).toEqual([]);
      expect(errorsFor("2026-07-03")).toEqual([futureMessage]);
    });
  });
}
