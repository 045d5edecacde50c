// Withdrawing a learner from a Research in Practice run, refused, in real Chromium, in English and Welsh,
// with axe finding nothing: a learner a colleague withdrew while the page was open, and L&D's own place
// named by a hand-made request (the page offers no button for it).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { expectRefusal, openPage, sendInstead } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf } from "../../../tests/support/fixtures";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { ripDb } from "../server/db.server";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let ld: number;

beforeAll(async () => {
  ld = await personIdOf("ld");
});

const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

/** The first place held on a run, not L&D's: the run's page offers a button to withdraw it. */
const aPlaceOnARun = () =>
  ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .select(["e.id", "e.cohort_id", "r.id as run"])
    .where("e.status", "=", "enrolled")
    .where("e.person_id", "!=", ld)
    .orderBy("e.id")
    .executeTakeFirstOrThrow();

const statusOf = async (enrolmentId: number) => (await db().selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow()).status;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("refuses withdrawing a learner a colleague withdrew meanwhile, passing axe", async () => {
    const place = await aPlaceOnARun();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/research-in-practice/runs/${place.run}`);
    expect((await withdraw(place.id, null, { userId: null, personId: await personIdOf("admin") })).ok).toBe(true);
    await expectRefusal(page, `main button[form=withdraw-${place.id}]`, textOf(locale).run.errors.notWithdrawable);
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await context.close();
  });

  it("refuses L&D withdrawing their own place by a hand-made request, passing axe", async () => {
    const place = await aPlaceOnARun();
    await db().deleteFrom("enrolments").where("cohort_id", "=", place.cohort_id).where("person_id", "=", ld).execute();
    const [own] = await db().insertInto("enrolments").values({ cohort_id: place.cohort_id, person_id: ld, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: ld, override_reason: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).returning("id").execute();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/research-in-practice/runs/${place.run}`);
    expect(await page.locator(`main button[form=withdraw-${own.id}]`).count()).toBe(0);
    await sendInstead(page, `form#withdraw-${place.id} input[name=learner]`, String(own.id));
    await expectRefusal(page, `main button[form=withdraw-${place.id}]`, textOf(locale).run.errors.ownWithdrawal);
    expect([await statusOf(own.id), await statusOf(place.id)]).toEqual(["enrolled", "enrolled"]);
    await context.close();
  });
});
