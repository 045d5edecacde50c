// The self-study confirmation page lists the oldest 500 entries waiting. With more waiting, it counts
// them all (not the entries listed), says only the oldest are listed and that confirming them all confirms
// those, and after "confirm them all" says how many it did not list, which stay waiting and are listed next,
// apart from any logged after the page was opened.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as confirmPage from "../routes/cohorts.$cohortId.learning";
import { leadershipDb } from "../server/progress.server";
import { fullCohort, peopleNamed } from "./support";

const WAITING = 503;
let cohortId: number;
let path: string;
let place: number;

beforeAll(async () => {
  await seedDemo();
  const people = await peopleNamed("CONFMORE", 1);
  const cohort = await fullCohort("More waiting than listed", -400, people, []);
  cohortId = cohort.cohortId;
  path = `/programmes/leadership/cohorts/${cohortId}/learning`;
  place = cohort.places.get(people[0])!;
  const stamp = new Date().toISOString();
  // A day each, oldest first, so the three past the first 500 are the newest days.
  const rows = Array.from({ length: WAITING }, (_, i) => ({ enrolment_id: place, occurred_on: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), activity: `Reading ${i + 1}`, minutes: 30, reflection: null, confirmed_by: null, confirmed_at: null, created_at: stamp }));
  for (let i = 0; i < rows.length; i += 100) await leadershipDb().insertInto("leadership_guided_learning").values(rows.slice(i, i + 100)).execute();
});

const params = () => ({ cohortId: String(cohortId) });
const waitingIds = async () => (await leadershipDb().selectFrom("leadership_guided_learning").select("id").where("enrolment_id", "=", place).where("confirmed_at", "is", null).orderBy("occurred_on").execute()).map((r) => r.id);

async function opened(locale: "en-GB" | "cy" = "en-GB") {
  const loaded = await run(confirmPage.loader, await requestAs("ld", path), params());
  const html = decodeHtml(await renderedAfterPost(confirmPage.default, loaded.data, null, locale));
  const [form] = postForms(html, `http://localhost${path}`);
  return { data: loaded.data as { total: number; entries: { id: number }[] }, html, fields: form.fields };
}

describe("confirming self-study with more waiting than the page lists", () => {
  it("counts every entry waiting and says only the oldest 500 are listed, in English and Welsh", async () => {
    const page = await opened();
    expect(page.data.entries).toHaveLength(500);
    expect(page.html).toContain("Entries waiting: 503");
    expect(page.html).toContain("Only the oldest 500 of the 503 entries waiting are listed here. Confirming them all confirms the entries listed, not the rest");
    // The hint is the fieldset's description, so a screen reader hears it with the legend.
    expect(page.html).toContain('aria-describedby="entry-hint"');
    const welsh = (await opened("cy")).html;
    expect(welsh).toContain("Cofnodion yn aros: 503");
    expect(welsh).toContain("Cofnodion a restrwyd: 500 o 503.");
  });

  it("confirms those listed with 'confirm them all', and says how many it did not list apart from one logged since", async () => {
    const page = await opened();
    const before = await waitingIds();
    const [since] = await leadershipDb()
      .insertInto("leadership_guided_learning")
      .values({ enrolment_id: place, occurred_on: "2024-12-31", activity: "Logged after the page was opened", minutes: 30, reflection: null, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() })
      .returning("id")
      .execute();

    const all = await run(confirmPage.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams([...page.fields, ["intent", "all"]]) }), params());

    expect(all.data).toEqual({ confirmed: 500, arrived: 1, notListed: 3 });
    expect(await waitingIds()).toEqual([since.id, ...before.slice(500)]);
    const after = await opened();
    expect(after.data.total).toBe(4);
    expect(after.html).not.toContain("Only the oldest");
    const html = decodeHtml(await renderedAfterPost(confirmPage.default, after.data, all.data));
    expect(html).toContain("1 more entry was logged after you opened this page");
    expect(html).toContain("3 more entries were waiting that this page did not list, as it lists the oldest 500. They have not been confirmed");
    const welsh = decodeHtml(await renderedAfterPost(confirmPage.default, after.data, all.data, "cy"));
    expect(welsh).toContain("Cofnodion eraill a oedd yn aros ond nad oedd y dudalen hon yn eu rhestru, gan ei bod yn rhestru'r 500 hynaf: 3.");
  });
});
