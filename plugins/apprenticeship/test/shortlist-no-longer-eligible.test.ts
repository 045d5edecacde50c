// "Add to shortlist" sent for an applicant no longer eligible (support withheld since the page was shown, an
// old page) did nothing and said nothing: the list came back as if it had worked. It is refused (409) with a
// message naming them, in English and Welsh, on the page as it now is, and nothing is written or audited.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as intakePage from "../routes/intakes.$intakeId";
import { apprenticeshipDb } from "../server/db.server";

beforeAll(seedDemo);

describe("shortlisting an applicant who is no longer eligible", () => {
  it("is refused with their name, in English and Welsh, and nothing is written", async () => {
    const application = await apprenticeshipDb()
      .selectFrom("apprenticeship_applications as a")
      .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
      .innerJoin("cohorts as c", "c.id", "i.cohort_id")
      .innerJoin("people as p", "p.id", "a.person_id")
      .select(["a.id", "a.intake_id", "a.person_id", "p.given_name", "p.family_name"])
      .where("c.name", "=", "Intake 2")
      .where("a.manager_support", "=", "given")
      .where("a.decision", "is", null)
      .where("a.shortlisted", "=", 0)
      .executeTakeFirstOrThrow();
    // The page showed the button; then the manager withheld their support.
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ manager_support: "withheld", manager_reason: "Not now" }).where("id", "=", application.id).execute();
    const name = `${application.given_name} ${application.family_name}`;
    const auditsBefore = await db().selectFrom("audit_events").select("id").execute();
    for (const locale of ["en-GB", "cy"] as const) {
      const path = `/programmes/${PLUGIN_ID}/intakes/${application.intake_id}?lng=${locale}`;
      const params = { intakeId: String(application.intake_id) };
      const posted = await run(intakePage.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams({ application: String(application.id), shortlist: "1" }) }), params);
      expect(posted, locale).toMatchObject({ status: 409, data: { ok: false, error: "intakes.errors.notEligible", values: { name } } });
      const shown = await run(intakePage.loader, await requestAs("ld", path), params);
      const html = decodeHtml(await renderedAfterPost(intakePage.default, shown.data, posted.data, locale));
      const message = fixedT(locale, PLUGIN_ID)("intakes.errors.notEligible", { name });
      expect(message, locale).toContain(name);
      expect(html, locale).toContain(message);
      expect(html, locale).toContain("govuk-error-summary");
    }
    expect(fixedT("cy", PLUGIN_ID)("intakes.errors.notEligible", { name })).not.toBe(fixedT("en-GB", PLUGIN_ID)("intakes.errors.notEligible", { name }));
    expect((await apprenticeshipDb().selectFrom("apprenticeship_applications").select("shortlisted").where("id", "=", application.id).executeTakeFirstOrThrow()).shortlisted).toBe(0);
    expect(await db().selectFrom("audit_events").select("id").execute()).toEqual(auditsBefore);
  });
});

describe("the settings page's transfer share", () => {
  it("is worded as the rolling twelve months the allowance runs over, not a year's funds, in both languages", () => {
    expect(fixedT("en-GB", PLUGIN_ID)("settings.fields.transferPercent")).toBe("Share of the funds paid in over the last 12 months that may be transferred (per cent)");
    expect(fixedT("cy", PLUGIN_ID)("settings.fields.transferPercent")).toBe("Cyfran o'r arian a dalwyd i mewn dros y 12 mis diwethaf y gellir ei throsglwyddo (y cant)");
  });
});
