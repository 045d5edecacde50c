// Downloading personal data in real Chromium, in both languages and without JavaScript: your own from /me,
// and anyone's by an admin from their page (a subject access request). Each is a zip of JSON and CSV files.
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import { personIdOf } from "../support/fixtures";
import { unzipAsText } from "../support/personal-data-download";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();

async function downloadZip(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  const chunks = await (await download.createReadStream()).toArray();
  return { name: download.suggestedFilename(), files: unzipAsText(new Uint8Array(Buffer.concat(chunks))) };
}

const employeeNumberOf = async (personId: number) => (await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow()).employee_number;

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("gives a practitioner their own data from /me", async () => {
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale, false);
    await page.goto(`${suite.url}/me`);
    const employee = await employeeNumberOf(await personIdOf("practitioner"));
    const { name, files } = await downloadZip(page, "form[action='/me/export'] button");
    expect(name).toBe(`pathways-personal-data-${employee}.zip`);
    expect(JSON.parse(files["personal-data.json"]).person.employee_number).toBe(employee);
    expect(files["README.txt"]).toContain(locale === "cy" ? "rhif cyflogai" : "employee number");
    expect(Object.keys(files).filter((f) => f.startsWith("csv/programmes/")).length).toBeGreaterThan(0);
    await context.close();
  });

  it("gives an admin anyone's data from their page, for a subject access request", async () => {
    const { context, page } = await suite.signedIn("admin@demo.test", locale, false);
    const asye = await personIdOf("asye");
    await page.goto(`${suite.url}/team/${asye}`);
    const { files } = await downloadZip(page, `form[action='/team/${asye}/export'] button`);
    expect(JSON.parse(files["personal-data.json"]).person.id).toBe(asye);
    await context.close();
  });
});
