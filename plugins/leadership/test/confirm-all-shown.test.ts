// "Confirm them all" confirms the self-study entries the page listed, not whatever waits when it is
// pressed: an entry logged after the page was shown counts towards the learner's 40 hours, so it stays
// waiting until someone has seen it, and the answer says how many arrived so. A withdrawn learner's
// entries count towards nothing, so they are neither listed nor confirmed.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as confirmPage from "../routes/cohorts.$cohortId.learning";
import { leadershipDb } from "../server/progress.server";
import { fullCohort, peopleNamed } from "./support";

let cohortId: number;
let path: string;
/** Places by learner: two still enrolled, one withdrawn after logging hours. */
let places: { first: number; second: number; withdrawn: number };

beforeAll(async () => {
  await seedDemo();
  const people = await peopleNamed("CONFALL", 3);
  const cohort = await fullCohort("Confirm them all, as listed", -10, people, []);
  cohortId = cohort.cohortId;
  path = `/programmes/leadership/cohorts/${cohortId}/learning`;
  places = { first: cohort.places.get(people[0])!, second: cohort.places.get(people[1])!, withdrawn: cohort.places.get(people[2])! };
});

const params = () => ({ cohortId: String(cohortId) });

async function logFor(enrolmentId: number, activity: string) {
  const [row] = await leadershipDb()
    .insertInto("leadership_guided_learning")
    .values({ enrolment_id: enrolmentId, occurred_on: "2026-10-01", activity, minutes: 120, reflection: null, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  return row.id;
}

const confirmedAt = async (id: number) => (await leadershipDb().selectFrom("leadership_guided_learning").select("confirmed_at").where("id", "=", id).executeTakeFirstOrThrow()).confirmed_at;

/** The page as L&D open it, and its form's fields as a browser would send them. */
async function opened() {
  const loaded = await run(confirmPage.loader, await requestAs("ld", path), params());
  const [form] = postForms(decodeHtml(await renderedAfterPost(confirmPage.default, loaded.data, null)), `http://localhost${path}`);
  return { entries: (loaded.data as { entries: { id: number }[] }).entries.map((e) => e.id), fields: form.fields };
}

describe("confirming self-study", () => {
  it("lists no entry of a withdrawn learner, and does not confirm one chosen anyway", async () => {
    const kept = await logFor(places.first, "Reading before the withdrawal");
    const theirs = await logFor(places.withdrawn, "Shadowing before the withdrawal");
    await db().updateTable("enrolments").set({ status: "withdrawn" }).where("id", "=", places.withdrawn).execute();

    expect((await opened()).entries).toEqual([kept]);
    const chosen = await run(confirmPage.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams([["intent", "selected"], ["entry", String(theirs)]]) }), params());
    expect(chosen.data).toEqual({ confirmed: 0 });
    expect(await confirmedAt(theirs)).toBeNull();
    expect(await run(confirmPage.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams([["intent", "selected"], ["entry", String(kept)]]) }), params())).toMatchObject({ data: { confirmed: 1 } });
  });

  it("with 'confirm them all', confirms only the entries the page listed, and says how many were logged since", async () => {
    const listed = [await logFor(places.first, "Reading: listed"), await logFor(places.second, "Portfolio: listed")];
    const page = await opened();
    expect(page.entries).toEqual(listed);
    const since = await logFor(places.second, "Reflective log: logged after the page was shown");

    const all = await run(confirmPage.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams([...page.fields, ["intent", "all"]]) }), params());

    expect(all.data).toEqual({ confirmed: 2, arrived: 1 });
    expect(page.fields.filter(([name]) => name === "listed").map(([, id]) => Number(id))).toEqual(listed);
    for (const id of listed) expect(await confirmedAt(id)).not.toBeNull();
    expect(await confirmedAt(since)).toBeNull();
    const events = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "leadership.guided_learning.confirmed").where("subject_id", "in", [...listed, since].map(String)).execute();
    expect(events.map((e) => Number(e.subject_id)).sort()).toEqual([...listed].sort());
    const after = await run(confirmPage.loader, await requestAs("ld", path), params());
    expect((await opened()).entries).toEqual([since]);
    expect(decodeHtml(await renderedAfterPost(confirmPage.default, after.data, all.data))).toContain("1 more entry was logged after you opened this page. It has not been confirmed");
    expect(decodeHtml(await renderedAfterPost(confirmPage.default, after.data, all.data, "cy"))).toContain("Cofnodion eraill a gofnodwyd ar ôl i chi agor y dudalen hon: 1.");
  });
});
