// The properties every answer to a fuzzed action must hold (listed in ../fuzz-actions.test.ts), judged
// from what was sent and what came back.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { errorSummaryTargets, firstHeading, hasElementWithId, hasErrorSummary, titles } from "../../support/html-forms";
import type { ActionCase } from "./actions";

const root = path.resolve(__dirname, "../../..");

const COMMON = JSON.parse(fs.readFileSync(path.join(root, "app/locales/en-GB/common.json"), "utf8")) as { errors: Record<string, { title: string }> };
const ERROR_PAGE_TITLES: Record<number, string> = {
  403: COMMON.errors.forbidden.title,
  404: COMMON.errors.notFound.title,
  405: COMMON.errors.methodNotAllowed.title,
  409: COMMON.errors.conflict.title,
  413: COMMON.errors.tooLarge.title,
};

export interface Sent {
  url: string;
  status: number;
  html: string;
  location: string | null;
  changed: Record<string, number>;
  serverErrors: string[];
  /** The page's own form, with only what a person can type changed: a refusal must then name a field. */
  typedOnly: boolean;
  /** Sent to a real record with no unexpected names: the user is one the action is for, so never a 403. */
  asTheUserItIsFor: boolean;
}

function describeSent(sent: Sent) {
  return `${sent.status} from ${sent.url.slice(0, 300)} (heading "${firstHeading(sent.html).slice(0, 80)}", error summary links ${JSON.stringify(errorSummaryTargets(sent.html))}, changed ${JSON.stringify(sent.changed)})`;
}

/**
 * The page says what was wrong: an error summary; and when the request is one a person could send
 * from the page (only typed fields changed), links in it to the fields, each leading to an element on
 * the page. A request with its hidden fields, names, encoding or ids tampered with has no typed field
 * to point at, so the summary's message is enough.
 */
function namesWhatWasWrong(sent: Sent) {
  if (!hasErrorSummary(sent.html)) return false;
  if (!sent.typedOnly) return true;
  const targets = errorSummaryTargets(sent.html);
  return targets.length > 0 && targets.every((id) => hasElementWithId(sent.html, id));
}

export function judge(sent: Sent, action: ActionCase, resource: boolean) {
  const what = describeSent(sent);
  expect(sent.status, what).toBeLessThan(500);
  expect(sent.serverErrors.map((e) => e.slice(0, 2000)), `the server logged an error: ${what}`).toEqual([]);
  if (sent.asTheUserItIsFor) expect(sent.status, `the action is for this user, so it must run: ${what}`).not.toBe(403);
  if (!resource && (sent.status === 400 || sent.status === 422)) expect(namesWhatWasWrong(sent), `a refusal must say what was wrong, by field where one was typed: ${what}`).toBe(true);
  if (!resource && sent.html) {
    // GOV.UK: a page showing a refused form starts its one title with "Error:", heard first on reload.
    const [title, ...more] = titles(sent.html);
    expect(more, `a page has one <title>: ${what}`).toEqual([]);
    if (hasErrorSummary(sent.html)) expect(title, `a refused form's page title must start "Error:": ${what}`).toMatch(/^Error: \S/);
    else expect(title, `only a refused form's page title starts "Error:": ${what}`).not.toMatch(/^Error:/);
  }
  if (!resource && ERROR_PAGE_TITLES[sent.status]) {
    const pageOrField = firstHeading(sent.html) === ERROR_PAGE_TITLES[sent.status] || namesWhatWasWrong(sent);
    expect(pageOrField, `a ${sent.status} must be its error page or say what was wrong: ${what}`).toBe(true);
  }
  if (sent.status >= 300 && sent.status < 400 && action.who !== "anonymous" && action.who !== "freshAdminSession") {
    expect(sent.location ?? "", `the session must still hold: ${what}`).not.toMatch(/^\/login/);
  }
  const rejected = sent.status >= 400 || hasErrorSummary(sent.html);
  if (rejected) {
    const allowed = new Set(action.rejectionWrites?.tables ?? []);
    const stored = Object.keys(sent.changed).filter((table) => !allowed.has(table));
    expect(stored, `a refusal must store nothing: ${what}`).toEqual([]);
  }
}
