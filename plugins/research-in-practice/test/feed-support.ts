// The catalogue feed as the sync tests serve it (through msw: a test file calls useOutsideWorld), and what
// the plugin holds of it.
import { http, HttpResponse } from "msw";
import { outsideWorld } from "../../../tests/support/msw";
import { statementsSeenWhile } from "../../../tests/support/watch-statements";
import { ripDb } from "../server/db.server";
import { syncCatalogue, type FeedConfig } from "../server/sync.server";

export const FEED = "https://feed.rip.test/catalogue";
export const waits: number[] = [];
/**
 * The sync tests date their feed's changes years ahead, to be newer than anything the seed holds, so the
 * check for a provider's clock running ahead (`FUTURE_ALLOWANCE_MS`) and the cursor's cap read a clock past
 * them all; the runs' dates still count from the real today.
 */
const FEED_CLOCK = new Date("2100-01-01T00:00:00Z");
export const config: FeedConfig = { url: FEED, token: "secret", timeoutMs: 300, maxRetries: 2, sleep: async (ms) => void waits.push(ms), lastModifiedClock: () => FEED_CLOCK };
export const sync = () => syncCatalogue(ripDb(), config, () => undefined);

/**
 * The statements `work` ran, in order. Watched through `observeQueries`, which sees a transaction's statements
 * too: the sync writes the catalogue in one, where the query tap (`withQueriesThrough`) sees nothing.
 */
export const statementsOf = (work: () => Promise<unknown>) => statementsSeenWhile(work);

export const course = (id: string, modified: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Course ${id}`,
  format: "workshop",
  summary: "A test course.",
  objectives: ["First objective", "Second objective"],
  runs: [{ id: `${id}-run`, startsOn: "2027-03-01", endsOn: "2027-03-01", venue: "Online", capacity: 10, managerApproval: false }],
  cpdHours: 3,
  kss: ["kss-practitioner:6"],
  pcf: ["Knowledge"],
  lastModified: modified,
  ...extra,
});

/** Serves `pages` in order, checking the bearer token; answers what each request asked for. */
export function serve(pages: unknown[][]) {
  const asked: { page: string | null; since: string | null; auth: string | null }[] = [];
  outsideWorld.use(
    http.get(FEED, ({ request }) => {
      const url = new URL(request.url);
      asked.push({ page: url.searchParams.get("page"), since: url.searchParams.get("since"), auth: request.headers.get("Authorization") });
      const n = Number(url.searchParams.get("page"));
      return HttpResponse.json({ items: pages[n - 1] ?? [], page: n, nextPage: n < pages.length ? n + 1 : null });
    }),
  );
  return asked;
}

export async function snapshot() {
  const [courses, runs, cursor] = await Promise.all([
    ripDb().selectFrom("research_in_practice_courses").selectAll().orderBy("id").execute(),
    ripDb().selectFrom("research_in_practice_runs").selectAll().orderBy("id").execute(),
    ripDb().selectFrom("research_in_practice_sync").selectAll().execute(),
  ]);
  return { courses, runs, cursor };
}
