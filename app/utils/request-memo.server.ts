// Reads that many parts of one request repeat (a plugin's settings, which plugins are on, the session,
// a plugin's picture of the same people) are made once a request: a /team page read the settings ten
// times and the plugin switches five, three parts of it read the same apprentices and ASYE years, and
// /me worked out NAAS readiness and briefing standing twice, each statement a round trip on PostgreSQL
// (the benchmark's statement timing, docs/performance.md). Nothing outlives its request (the memo is
// emptied when the response closes), so another process's change is seen by the next request. Only GET
// and HEAD requests have a memo (scripts/http-app.ts), and no GET changes anything, so nothing read can
// go stale within one; a change to settings or plugin switches also forgets them, for callers that hold
// a memo around a change. Outside a request (tests calling a loader, scripts) every read goes to the
// database.
import { AsyncLocalStorage } from "node:async_hooks";

type Memo = Map<string, Promise<unknown>>;

// One store for the server build and the HTTP app that wraps it: they are separate module copies.
const STORE_KEY = Symbol.for("pathways.requestMemo");
const scope: AsyncLocalStorage<Memo> = ((globalThis as Record<symbol, unknown>)[STORE_KEY] ??= new AsyncLocalStorage<Memo>()) as AsyncLocalStorage<Memo>;

/**
 * Runs a request's work with its own memo, emptied when `whenFinished` calls back (the response
 * closing). Async work a request starts can outlive it and keeps its context, and so the memo, reachable:
 * under load that held every locality's readiness read by /admin/reports, about 40 MB more heap than
 * without the memo (the benchmark's resident memory).
 */
export function withRequestMemo<T>(work: () => T, whenFinished?: (forget: () => void) => void): T {
  const memo: Memo = new Map();
  whenFinished?.(() => memo.clear());
  return scope.run(memo, work);
}

/** The value `read` gives, read once in this request; a failed read is not kept. */
export function readOncePerRequest<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return read();
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = read();
    memo.set(key, value);
    value.catch(() => memo.delete(key));
  }
  return value;
}

/**
 * A memo key part for a set of people: the same people asked for in another order (a list sorted by
 * name, an inbox by line) share one read.
 */
export function peopleKey(personIds: readonly number[]): string {
  return [...personIds].sort((a, b) => a - b).join(",");
}

/** Forgets this request's reads whose keys start with `prefix`, after a change to what they read. */
export function forgetInRequest(prefix: string) {
  const memo = scope.getStore();
  if (!memo) return;
  for (const key of memo.keys()) if (key.startsWith(prefix)) memo.delete(key);
}
