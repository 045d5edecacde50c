// The panel moderates the assessor's recommendation, so the year's assessor does not record the panel's
// decision on it, even when they are L&D and the recommendation on the year is their predecessor's: the
// page offers them no decision form, and a decision they post is refused in the error summary. Another
// member of L&D decides.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, employeeNumber, endedYear, form, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Roles = { shownAssessor: number; shownSupervisor: number };

describe("the decision on a year whose assessor is L&D", () => {
  it("is refused to the assessor and recorded by another member of L&D", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-ASSESSOR-DECIDES-1");
    const { loader, action, default: Page } = await yearRoute();
    const recommendation = { intent: "recommendation", recommendation: "pass", note: "Every capability is evidenced." };
    expect((await run(action, await requestAs("practitioner", year.path, form(recommendation)), year.params)).status).toBe(303);
    // The panel's fields as L&D were shown them, before one of L&D took the year's assessing over.
    const decision = await asDecidedOnThePage(year, { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel." });
    const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
    const ld = await personIdOf("ld");
    // An assessor is a qualified social worker: this L&D officer is a practice educator with no career stage.
    await db().updateTable("people").set({ qualification_date: "2012-07-01" }).where("id", "=", ld).execute();
    const reassign = { intent: "reassign", assessor: await employeeNumber(ld), supervisor: await employeeNumber(await personIdOf("manager")), shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
    expect((await run(action, await requestAs("ld", year.path, form(reassign)), year.params)).status).toBe(303);

    const page = await run(loader, await requestAs("ld", year.path), year.params);
    expect((page.data as { canDecide: boolean }).canDecide).toBe(false);
    const refused = await run(action, await requestAs("ld", year.path, form(decision)), year.params);
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).reply.error).toEqual({ "": ["decision.errors.assessor"] });
    expect((await yearById(year.yearId))!.year.decision).toBeNull();
    const html = decodeHtml(await renderedAfterPost(Page, page.data, refused.data));
    expect(html).toMatch(/govuk-error-summary__list">[\s\S]*You are this year's assessor, so the panel's decision on it must be recorded by someone else/);
    expect(fixedT("cy")("asye:decision.errors.assessor")).toBe("Chi yw aseswr y flwyddyn hon, felly rhaid i rywun arall gofnodi penderfyniad y panel arni");

    const byAnother = await asDecidedOnThePage(year, { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel." }, "admin");
    expect((await run(action, await requestAs("admin", year.path, form(byAnother)), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.year).toMatchObject({ decision: "pass", decided_by: await personIdOf("admin") });
  });
});
