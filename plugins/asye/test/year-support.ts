// What the ASYE year tests share: forms posted to the year's pages, and a new worker or year to post them about.
import { expect } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { db } from "../../../app/utils/db.server";
import { isoDate } from "../../../app/utils/dates";
import { personIdOf, requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import asye from "../plugin";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";

export type Errors = { reply: { error: Record<string, string[]> } };
export const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
export const today = () => isoDate(new Date());
export const yearRoute = () => import("../routes/years.$yearId");
export const startRoute = () => import("../routes/years.new");
export const ctx = () => pluginContext(asye, "en-GB");
export const employeeNumber = async (id: number) => (await db().selectFrom("people").select("employee_number").where("id", "=", id).executeTakeFirstOrThrow()).employee_number;

/** A new ASYE social worker in the demo manager's line, so a test can start a year without using up the seeded ones. */
export async function newAsyeWorker(employeeNumber: string) {
  const manager = await db().selectFrom("people").select(["id", "team_id"]).where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const names = { employee_number: employeeNumber, given_name: "Morgan", family_name: `Test ${employeeNumber}`, email: `${employeeNumber.toLowerCase()}@demo.test`, team_id: manager.team_id };
  const [row] = await db().insertInto("people").values(newPerson(names, { career_stage: "asye_social_worker", line_manager_id: manager.id })).returning("id").execute();
  return row.id;
}

/** Starts a year through the page for the first ASYE social worker still waiting, with the given assessor. */
export async function startYearFor(assessorId: number, daysAgo = 400, personId?: number) {
  const { action } = await startRoute();
  const waiting = personId ? { id: personId } : await asyeDb().selectFrom("people").select("id").where("career_stage", "=", "asye_social_worker").where("id", "not in", (qb) => qb.selectFrom("asye_years").select("person_id")).orderBy("id").executeTakeFirstOrThrow();
  const path = `/programmes/asye/years/new?person=${waiting.id}`;
  const started = await run(action, await requestAs("ld", path, form({ startsOn: plusDays(today(), -daysAgo), assessor: await employeeNumber(assessorId), supervisor: await employeeNumber(await personIdOf("manager")) })));
  expect(started.status).toBe(303);
  const yearId = Number(started.headers.get("Location")!.match(/years\/(\d+)/)![1]);
  return { personId: waiting.id, yearId, path: `/programmes/asye/years/${yearId}`, params: { yearId: String(yearId) } };
}

/** Records the year's final (12-month) review through the page, as the worker's manager, so the assessor can recommend once the year has ended. */
export async function recordFinalReview(year: { path: string; params: { yearId: string } }) {
  const { action } = await yearRoute();
  const review = { intent: "review", month: "12", heldOn: today(), outcome: "on_track", note: "The year is complete; every capability is evidenced." };
  const answer = await run(action, await requestAs("manager", year.path, form(review)), year.params);
  expect(answer.status).toBe(303);
}

/** A year started `daysAgo` (past its end by default) for a new worker, with its final review recorded: ready for the assessor's recommendation. */
export async function endedYear(assessorId: number, employee: string, daysAgo = 400) {
  const year = await startYearFor(assessorId, daysAgo, await newAsyeWorker(employee));
  await recordFinalReview(year);
  return year;
}

/**
 * The decision form's fields as the page posts them: with the hidden stamp of the recommendation it shows,
 * read from the year page rendered for whoever decides, so a test decides on what the panel was shown.
 */
export async function asDecidedOnThePage<T extends Record<string, string>>(year: { path: string; params: { yearId: string } }, fields: T, as: DemoAccount = "ld") {
  const { loader, default: Page } = await yearRoute();
  const page = await run(loader, await requestAs(as, year.path), year.params);
  const html = await renderedAfterPost(Page, page.data, null);
  const decision = postForms(html, `http://localhost${year.path}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "decision"));
  expect(decision, "the page offers the decision form").toBeDefined();
  return { ...fields, recommendedAt: decision!.fields.find(([name]) => name === "recommendedAt")![1] };
}
