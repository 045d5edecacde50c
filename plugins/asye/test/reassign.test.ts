// L&D change a running year's assessor and supervisor on its page (the assessor left): the new assessor
// recommends, the old one no longer reaches the year, a recommendation already made stays, and every
// change is audited; refusals are shown beside the fields and in the error summary, a stale page gets 409.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { yearById } from "../server/years.server";
import { employeeNumber, endedYear, form, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;
type Roles = { assessor: string; supervisor: string; shownAssessor: number; shownSupervisor: number };

/** The reassign form's fields as the year's page offers them to L&D, with the two given numbers typed in. */
async function reassignForm(year: Year, assessor: string, supervisor: string) {
  const { loader } = await yearRoute();
  const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
  return { intent: "reassign", assessor, supervisor, shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
}

const post = async (as: "ld" | "manager" | "practitioner" | "serviceManager", year: Year, fields: Record<string, string>) => run((await yearRoute()).action, await requestAs(as, year.path, form(fields)), year.params);

describe("changing a running year's assessor", () => {
  it("lets the new assessor recommend and refuses the old one, keeping the recommendation made", async () => {
    const oldAssessor = await personIdOf("practitioner");
    const newAssessor = await personIdOf("serviceManager");
    const supervisor = await personIdOf("manager");
    const year = await endedYear(oldAssessor, "E-REASSIGN-1");
    expect((await post("practitioner", year, { intent: "recommendation", recommendation: "extend", note: "Two written reports still to assess." })).status).toBe(303);

    // The page offers L&D the two as they stand.
    const { loader } = await yearRoute();
    const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
    expect(roles).toEqual({ assessor: await employeeNumber(oldAssessor), supervisor: await employeeNumber(supervisor), shownAssessor: oldAssessor, shownSupervisor: supervisor });

    const saved = await post("ld", year, await reassignForm(year, (await employeeNumber(newAssessor)).toLowerCase(), await employeeNumber(supervisor)));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${year.path}?saved=reassign`);
    const after = (await yearById(year.yearId))!.year;
    expect(after).toMatchObject({ assessor_id: newAssessor, supervisor_id: supervisor, recommendation: "extend", recommended_by: oldAssessor });
    const audit = await db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("person_id", "=", year.personId).where("action", "=", "asye.year.reassigned").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before_json!)).toEqual({ assessorId: oldAssessor, supervisorId: supervisor });
    expect(JSON.parse(audit[0].after_json!)).toEqual({ assessorId: newAssessor, supervisorId: supervisor });

    // The old assessor no longer reaches the year; the new one replaces the recommendation.
    const recommendation = { intent: "recommendation", recommendation: "pass", note: "All evidence is in." };
    expect((await post("practitioner", year, recommendation)).status).toBe(404);
    expect((await post("serviceManager", year, recommendation)).status).toBe(303);
    expect((await yearById(year.yearId))!.year).toMatchObject({ recommendation: "pass", recommended_by: newAssessor });
  });

  it("is L&D's only, refuses unknown people and the worker at their fields, and a stale page with 409", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-REASSIGN-2");
    const manager = await employeeNumber(await personIdOf("manager"));
    const serviceManager = await employeeNumber(await personIdOf("serviceManager"));
    const fields = await reassignForm(year, serviceManager, manager);
    expect((await post("manager", year, fields)).status).toBe(403);

    const empty = await post("ld", year, { ...fields, supervisor: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as Errors).reply.error).toEqual({ supervisor: ["start.errors.supervisor"] });
    const unknown = await post("ld", year, { ...fields, assessor: "NOBODY-1" });
    expect(unknown.status).toBe(400);
    expect((unknown.data as Errors).reply.error).toEqual({ assessor: ["start.errors.unknownPerson"] });
    const worker = await employeeNumber(year.personId);
    const self = await post("ld", year, { ...fields, assessor: worker, supervisor: worker });
    expect(self.status).toBe(400);
    expect((self.data as Errors).reply.error).toEqual({ assessor: ["start.errors.selfAssessor"], supervisor: ["start.errors.selfSupervisor"] });
    const { loader, default: Page } = await yearRoute();
    const page = await run(loader, await requestAs("ld", year.path), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, self.data));
    expect(html).toMatch(/govuk-error-summary__list">[\s\S]*The assessor must be someone other than the social worker whose year this is/);
    // Beside the field too.
    expect(html).toContain('<p id="reassign-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The assessor must be someone other than the social worker whose year this is</p>');

    // A colleague changes the supervisor first: the form from before is refused, not laid over theirs.
    expect((await post("ld", year, { ...fields, assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: serviceManager })).status).toBe(303);
    const stale = await post("ld", year, fields);
    expect(stale.status).toBe(409);
    expect((stale.data as Errors).reply.error).toEqual({ "": ["reassign.errors.changed"] });
    expect((await yearById(year.yearId))!.year).toMatchObject({ assessor_id: await personIdOf("practitioner"), supervisor_id: await personIdOf("serviceManager") });
  });
});
