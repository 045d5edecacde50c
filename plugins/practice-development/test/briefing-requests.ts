// Requests the briefing tests make again and again: a form post, a date some days ahead, the id a
// redirect names, a new briefing made through the real action, and what its edit page shows.
import { expect } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
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

/** The hidden fields a briefing's edit page sends back: the version and revision the page shows now. */
export async function shownOnEditPage(briefing: number) {
  const page = await run(editBriefing.loader, await requestAs("ld", `/programmes/practice-development/briefings/${briefing}/edit`), { briefingId: String(briefing) });
  const { version, revision } = page.data as { version: number; revision: number };
  return { shownVersion: String(version), shownRevision: String(revision) };
}
