// The briefings a finding's learning action can name, with more briefings than the form lists, through the
// real loader on a migrated, seeded database, and the page as rendered. The form lists the first 500 by
// title, says so when there are more, and offers a search of its own (a GET form, without JavaScript) that
// finds the rest; the briefing the address names (`?briefing=`) is offered and chosen wherever it falls.
// Before, the list silently stopped at the first 500 and a briefing sorting after them could not be named.
import { beforeAll, describe, expect, it } from "vitest";
import { decodeHtml } from "../../../tests/support/html-forms";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { BRIEFINGS_OFFERED } from "../server/briefings/briefings.server";
import { pdDb } from "../server/db.server";
import { addFinding, BASE, createAudit, seedWithSampleTeams } from "./audit-requests";
import { renderedAt } from "./rendered-at";

type Page = { briefings: { value: string; label: string }[]; briefingsListed: { listed: number; total: number }; chosenBriefing: string };

let audit = 0;
let finding = 0;
let last = 0;
let total = 0;

const address = (query = "") => `${BASE}/audits/${audit}/findings/${finding}${query}`;
async function pageAt(query = "") {
  const outcome = await run(findingPage.loader, await requestAs("ld", address(query)), { auditId: String(audit), findingId: String(finding) });
  expect(outcome.status).toBe(200);
  const data = outcome.data as Page;
  return { data, html: decodeHtml(await renderedAt(findingPage.default, data, address(query))) };
}
const offered = (data: Page) => data.briefings.map((b) => b.value);
const selected = (page: string) => /<select[^>]*name="briefing"[\s\S]*?<\/select>/.exec(page)?.[0].match(/<option (?:selected="" value="(\d+)"|value="(\d+)" selected="")/)?.slice(1).find(Boolean);

beforeAll(async () => {
  await seedWithSampleTeams();
  audit = await createAudit({ title: "Audit naming one briefing among hundreds" });
  finding = await addFinding(audit);
  // Briefings straight into the table, many at once, and one that sorts after all of them by title.
  const now = new Date().toISOString();
  const row = (title: string) => ({ title, summary: "S", version: 1, counts_from_version: 1, link_url: "https://intranet.example.org/b", document_url: null, delivery: "read" as const, in_induction: 0, created_at: now, updated_at: now, updated_by: null });
  await pdDb().insertInto("practice_development_briefings").values(Array.from({ length: BRIEFINGS_OFFERED + 5 }, (_, i) => row(`000 Filler ${String(i).padStart(4, "0")}`))).execute();
  [{ id: last }] = await pdDb().insertInto("practice_development_briefings").values(row("zzz Kestrel briefing")).returning("id").execute();
  total = Number((await pdDb().selectFrom("practice_development_briefings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
});

describe("the briefings a finding's learning action can name", () => {
  it("lists the first 500 by title, says there are more, and offers a search for the others", async () => {
    const { data, html } = await pageAt();
    expect(data.briefings).toHaveLength(BRIEFINGS_OFFERED);
    expect(offered(data)).not.toContain(String(last));
    expect(data.briefingsListed).toEqual({ listed: BRIEFINGS_OFFERED, total });
    expect(html).toContain(`Only the first 500 of ${total} briefings are listed, by title. To find another, search for words in its title.`);
    expect(html).toMatch(/<form method="get"[^>]*id="briefing-search"[^>]*role="search"/);
    expect(html).toMatch(/<input[^>]*name="findBriefing"/);
  });

  it("finds a briefing beyond the first 500 by words in its title, keeping the page's other searches", async () => {
    const { data, html } = await pageAt("?findBriefing=Kestrel&find=cohort&q=supervision");
    expect(offered(data)).toEqual([String(last)]);
    expect(data.briefingsListed).toEqual({ listed: 1, total: 1 });
    // Each search carries the others on, so one does not undo another.
    const search = /<form[^>]*id="briefing-search"[\s\S]*?<\/form>/.exec(html)![0];
    expect(search).toContain('name="find" value="cohort"');
    expect(search).toContain('name="q" value="supervision"');
    const courses = /<form[^>]*id="course-search"[\s\S]*?<\/form>/.exec(html)![0];
    expect(courses).toContain('name="findBriefing" value="Kestrel"');
  });

  it("offers and chooses the briefing the address names, though it is beyond the first 500", async () => {
    const { data, html } = await pageAt(`?briefing=${last}`);
    expect(offered(data)).toContain(String(last));
    expect(data.chosenBriefing).toBe(String(last));
    expect(selected(html)).toBe(String(last));
    const search = /<form[^>]*id="briefing-search"[\s\S]*?<\/form>/.exec(html)![0];
    expect(search).toContain(`name="briefing" value="${last}"`);
  });
});
