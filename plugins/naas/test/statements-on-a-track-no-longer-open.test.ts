// A track someone began and is no longer eligible for (they moved out of a frontline role) stays on their
// home page with its statements, as the README says an ineligible person is told why. Each statement link
// opens the statement to read: their rating and evidence, kept, and why they cannot change them. Nothing
// on it may be changed, and a form sent from a page drawn before is refused as changed meanwhile.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import type { TrackView } from "../server/views.server";
import { form, openAs, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

let alex: number;
let first: number;
let role: string;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  [first] = await statementIds("kss-practitioner");
  auditBefore = await startAfresh(alex);
  role = (await db().selectFrom("people").select("role_category").where("id", "=", alex).executeTakeFirstOrThrow()).role_category;
});

afterEach(async () => {
  await db().updateTable("people").set({ role_category: role }).where("id", "=", alex).execute();
});

const statementPath = `/programmes/naas/statements/`;
const statementRoute = () => import("../routes/statements.$statementId");
const post = async (statementId: number, fields: Record<string, string>) =>
  run((await statementRoute()).action, await requestAs("practitioner", `${statementPath}${statementId}`, form(fields)), { statementId: String(statementId) });

/** Alex begins the practitioner track while eligible, then moves to a role that is not frontline. */
async function beginThenLeaveFrontline() {
  expect((await post(first, { intent: "rating", rating: "3" })).status).toBe(303);
  await db().updateTable("people").set({ role_category: "personal_adviser" }).where("id", "=", alex).execute();
}

describe("the statements of a track begun and no longer open", () => {
  it("are linked from the home page, and each link opens the statement to read, in either language", async () => {
    await beginThenLeaveFrontline();
    const home = await import("../routes/index");
    const data = (await run(home.loader, await requestAs("practitioner", "/programmes/naas"))).data as { tracks: TrackView[] };
    const practitioner = data.tracks.find((v) => v.track === "practitioner")!;
    expect([practitioner.eligible, practitioner.begun]).toEqual([false, true]);

    const html = await renderedAfterPost(home.default, data, null);
    // The page links relative to /programmes/naas; rendered here at /page, so only their tails are read.
    const hrefs = [...new Set([...html.matchAll(/href="[^"]*(statements\/\d+)"/g)].map((m) => `/programmes/naas/${m[1]}`))];
    expect(hrefs).toHaveLength(practitioner.total);
    for (const href of hrefs) expect(await openAs("practitioner", href)).toEqual({ status: 200, location: null });

    for (const locale of ["en-GB", "cy"] as const) {
      const page = await run((await statementRoute()).loader, await requestAs("practitioner", `${statementPath}${first}?lng=${locale}`), { statementId: String(first) });
      expect((page.data as { canChange: boolean }).canChange).toBe(false);
      const shown = await renderedAfterPost((await statementRoute()).default, page.data, null, locale);
      const t = fixedT(locale, "naas");
      expect(decodeHtml(shown)).toContain(t("statement.readOnly"));
      expect(decodeHtml(shown)).toContain(t("ratings.secure.name"));
      expect(postForms(shown, `http://localhost${statementPath}${first}`)).toEqual([]);
    }
  });

  it("change nothing when a rating or evidence is sent from a page drawn while the track was open", async () => {
    await beginThenLeaveFrontline();
    const sent: Record<string, string>[] = [{ intent: "rating", rating: "1" }, { intent: "evidence", occurredOn: "2024-05-01", kind: "observation", reflection: "Observed a visit." }];
    for (const fields of sent) {
      const refused = await post(first, fields);
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ error: "statement.errors.notEligible" });
      const html = decodeHtml(await renderedAfterPost((await statementRoute()).default, (await run((await statementRoute()).loader, await requestAs("practitioner", `${statementPath}${first}`), { statementId: String(first) })).data, refused.data));
      expect(html).toContain(fixedT("en-GB", "naas")("statement.errors.notEligible"));
    }
    expect((await naasDb().selectFrom("naas_ratings").select("self_rating").where("person_id", "=", alex).executeTakeFirstOrThrow()).self_rating).toBe(3);
    expect(await naasDb().selectFrom("naas_evidence").select("id").where("person_id", "=", alex).execute()).toEqual([]);
    expect((await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("id", ">", auditBefore).execute()).map((e) => e.action)).toEqual(["naas.rating.self"]);
  });

  it("give back the evidence that was typed, to copy, where the page drawn again has no evidence form", async () => {
    await beginThenLeaveFrontline();
    const reflection = "Led a <b>family</b> group conference\nand reflected on it with my supervisor.";
    const refused = await post(first, { intent: "evidence", occurredOn: "2024-05-01", kind: "observation", reflection });
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ unsaved: { occurredOn: "2024-05-01", kind: "observation", reflection } });
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await run((await statementRoute()).loader, await requestAs("practitioner", `${statementPath}${first}?lng=${locale}`), { statementId: String(first) });
      const html = await renderedAfterPost((await statementRoute()).default, page.data, refused.data, locale);
      const t = fixedT(locale, "naas");
      expect(decodeHtml(html)).toContain(t("statement.unsaved.heading"));
      expect(decodeHtml(html)).toContain(t("evidence.kinds.observation"));
      expect(decodeHtml(html)).toContain(reflection);
      expect(html).not.toContain("<b>family</b>");
      expect(postForms(html, `http://localhost${statementPath}${first}`)).toEqual([]);
    }
    expect(await naasDb().selectFrom("naas_evidence").select("id").where("person_id", "=", alex).execute()).toEqual([]);
  });

  it("give back nothing for a refused rating, which the page still shows as saved", async () => {
    await beginThenLeaveFrontline();
    expect((await post(first, { intent: "rating", rating: "1" })).data).toMatchObject({ unsaved: null });
  });

  it("stay closed on a track never begun and not open", async () => {
    await db().updateTable("people").set({ role_category: "personal_adviser" }).where("id", "=", alex).execute();
    expect((await openAs("practitioner", `${statementPath}${first}`)).status).toBe(404);
  });
});
