// Requests the briefing tests make again and again: a form post, a date some days ahead, the id a
// redirect names, and a new briefing made through the real action.
import { expect } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as newBriefing from "../routes/briefings.new";

export const post = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return { method: "POST", body };
};
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
export const idFrom = (location: string | null) => Number(/\/(\d+)(\?|$)/.exec(location ?? "")?.[1]);

export async function createBriefing(fields: Record<string, string | string[]> = {}) {
  const outcome = await run(newBriefing.action, await requestAs("ld", "/programmes/practice-development/briefings/new", post({ title: "Test briefing", summary: "What to know", linkUrl: "https://intranet.example.org/b", delivery: "read", ...fields })));
  expect(outcome.status).toBe(302);
  return idFrom(outcome.headers.get("Location"));
}
