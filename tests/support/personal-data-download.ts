// The subject access download, taken through the real action and opened: each file of the zip as text.
import { strFromU8, unzipSync } from "fflate";
import { expect } from "vitest";
import * as exportMine from "../../app/routes/me.export";
import { requestAs, type DemoAccount } from "./fixtures";
import { run } from "./route";

/** Every file of a zip, by its path in the zip, as UTF-8 text. */
export function unzipAsText(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** Posts to a download action as an account, expects a zip, and answers the response with its files as text. */
export async function downloadPersonalData(account: DemoAccount, path = "/me/export", handler: typeof exportMine.action = exportMine.action, params: Record<string, string> = {}) {
  const outcome = await run(handler, await requestAs(account, path, { method: "POST" }), params);
  expect(outcome.status).toBe(200);
  expect(outcome.headers.get("Content-Type")).toBe("application/zip");
  return { outcome, files: unzipAsText(outcome.data as Uint8Array) };
}
