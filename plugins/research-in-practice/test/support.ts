// Helpers the Research in Practice tests share.
import { requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";

/** A POST of form fields, as a browser sends one. */
export const form = (fields: Record<string, string> | [string, string][]) => ({ method: "POST", body: new URLSearchParams(fields) });

/** The errors a form's reply carries, field by field. */
export type Errors = { error: Record<string, string[]> };

/** The person booking a run of a course on the course page, as the browser posts it; answers the action's response. */
export async function book(who: DemoAccount, courseId: string, runId: string) {
  const course = await import("../routes/courses.$courseId");
  return run(course.action, await requestAs(who, `/programmes/research-in-practice/courses/${courseId}`, form({ run: runId })), { courseId });
}
