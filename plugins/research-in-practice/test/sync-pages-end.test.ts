// The sync follows the feed's `nextPage` before applying anything, so a feed whose paging never ends would
// hold the job for ever. A page pointing back (or at itself), or past the most pages a sync reads, is
// malformed: the sync fails with the pages read before it, and applies nothing.
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { JobFailure } from "../../sdk";
import { outsideWorld, useOutsideWorld } from "../../../tests/support/msw";
import { seedDemo } from "../../../tests/support/fixtures";
import { MAX_PAGES } from "../feed";
import { course, FEED, snapshot, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

/** Past this many requests the feed answers 503: without the check, a looping feed ends the test as a server error, not a hang. */
const RUNAWAY = 50;

/** A feed whose page N answers `nextOf(N)` as its next page, with a new course on each; answers the pages asked for. */
function pagedAs(nextOf: (page: number) => number | null) {
  const asked: number[] = [];
  outsideWorld.use(
    http.get(FEED, ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get("page"));
      asked.push(page);
      if (asked.length > RUNAWAY) return new HttpResponse(null, { status: 503 });
      return HttpResponse.json({ items: [course(`loop-${page}-${asked.length}`, "2031-01-01T00:00:00Z")], page, nextPage: nextOf(page) });
    }),
  );
  return asked;
}

async function failureOf(asked: number[]) {
  const before = await snapshot();
  const error = await sync().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JobFailure);
  expect(await snapshot()).toEqual(before);
  return { summary: (error as JobFailure).summary, asked };
}

describe("a feed whose paging would never end", () => {
  it("fails on a page that points at itself, applying nothing", { timeout: 10_000 }, async () => {
    const { summary, asked } = await failureOf(pagedAs(() => 2));
    expect(summary).toMatchObject({ messageKey: "sync.errors.malformedPage", values: { page: 2, fetched: 1, count: 1 } });
    expect(asked).toEqual([1, 2]);
  });

  it("fails on a page that points back, applying nothing", { timeout: 10_000 }, async () => {
    const { summary, asked } = await failureOf(pagedAs((page) => (page < 3 ? page + 1 : 2)));
    expect(summary).toMatchObject({ messageKey: "sync.errors.malformedPage", values: { page: 3, fetched: 2, count: 2 } });
    expect(asked).toEqual([1, 2, 3]);
  });

  it("fails on a page that points past the most pages a sync reads, applying nothing", { timeout: 10_000 }, async () => {
    const { summary, asked } = await failureOf(pagedAs(() => MAX_PAGES + 1));
    expect(summary).toMatchObject({ messageKey: "sync.errors.malformedPage", values: { page: 1, fetched: 0, count: 0 } });
    expect(asked).toEqual([1]);
  });

  it("still reads a feed that pages forward to its end", { timeout: 10_000 }, async () => {
    const asked = pagedAs((page) => (page < 3 ? page + 1 : null));
    expect(await sync()).toMatchObject({ messageKey: "sync.done", values: { pages: 3, added: 3 } });
    expect(asked).toEqual([1, 2, 3]);
  });
});
