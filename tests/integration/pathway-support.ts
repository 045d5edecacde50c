// Shared by the career pathway's tests: sending forms as the demo accounts, and asking to progress
// through /me/pathway's real action, then reading the request it made.
import * as myPathway from "../../app/routes/me.pathway";
import { db } from "../../app/utils/db.server";
import { requestAs, type DemoAccount } from "../support/fixtures";
import { run } from "../support/route";

const form = (values: Record<string, string | string[]>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body;
};
export const post = async (account: DemoAccount, path: string, values: Record<string, string | string[]>) => requestAs(account, path, { method: "POST", body: form(values) });
export const get = (account: DemoAccount, path: string) => requestAs(account, path);

export async function clearRequests(personId: number) {
  await db().deleteFrom("progression_requests").where("person_id", "=", personId).execute();
}

export async function ask(account: DemoAccount, toStage: string, statement = "I have led complex cases for three years.") {
  return run(myPathway.action, await post(account, "/me/pathway", { toStage, statement }));
}

export async function latestRequest(personId: number) {
  return db().selectFrom("progression_requests").selectAll().where("person_id", "=", personId).orderBy("id", "desc").executeTakeFirstOrThrow();
}
