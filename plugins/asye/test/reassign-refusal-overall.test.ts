// L&D's change of a running year's assessor or supervisor, refused for the people named, carries besides
// the errors at their fields one error for the form as a whole, as the start form does. It said "still
// doing their own ASYE" when the only refusal was that someone is not a qualified social worker; it now
// says what the fields say. The page shows the refusal at the fields (the overall error stands for the
// form when no field carries one), so the overall error is read from the change itself as well.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { reassign } from "../server/reassign.server";
import { yearById } from "../server/years.server";
import { employeeNumber, endedYear, form, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;
type Roles = { shownAssessor: number; shownSupervisor: number };

/** Someone in the demo manager's team at this stage, by id. */
async function personAt(stage: string, number: string) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const names = { employee_number: number, given_name: "Casey", family_name: `Stage ${number}`, email: `${number.toLowerCase()}@example.test`, team_id };
  const [row] = await db().insertInto("people").values(newPerson(names, { career_stage: stage, role_category: stage })).returning("id").execute();
  return row.id;
}

/** The reassign form as the year's page offers it to L&D, with these two people typed in by employee number. */
async function reassignForm(year: Year, assessorId: number, supervisorId: number) {
  const { loader } = await yearRoute();
  const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
  return { intent: "reassign", assessor: await employeeNumber(assessorId), supervisor: await employeeNumber(supervisorId), shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
}

const NOT_QUALIFIED = "The assessor must be a qualified social worker: a social worker, or at a later stage of the career pathway";

describe("changing a running year's assessor to someone not qualified", () => {
  it("is refused at the field, in the summary and overall for the reason its fields give, changing nothing", async () => {
    const assessor = await personIdOf("practitioner");
    const supervisor = await personIdOf("manager");
    const year = await endedYear(assessor, "E-RE-OVERALL-1");
    const apprentice = await personAt("apprentice", "E-RE-OVERALL-APPR");

    // Through the page: refused at the assessor's field, nothing changed, nothing audited.
    const { action, loader, default: Page } = await yearRoute();
    const answer = await run(action, await requestAs("ld", year.path, form(await reassignForm(year, apprentice, supervisor))), year.params);
    expect(answer.status).toBe(400);
    expect((answer.data as Errors).reply.error).toEqual({ assessor: ["start.errors.assessorNotQualified"] });
    expect((await yearById(year.yearId))!.year).toMatchObject({ assessor_id: assessor, supervisor_id: supervisor });
    expect(await db().selectFrom("audit_events").select("id").where("person_id", "=", year.personId).where("action", "=", "asye.year.reassigned").execute()).toEqual([]);
    const page = await run(loader, await requestAs("ld", year.path), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data));
    expect(html).toMatch(new RegExp(`govuk-error-summary__list">[\\s\\S]*${NOT_QUALIFIED}`));
    expect(html).toContain(`<p id="reassign-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${NOT_QUALIFIED}</p>`);

    // The change itself: "not qualified" overall when that is all there is, the worker and someone in their ASYE first.
    const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    const picture = (await yearById(year.yearId))!;
    const change = (assessorId: number, supervisorId: number) => reassign(picture, { assessorId, supervisorId, shownAssessorId: assessor, shownSupervisorId: supervisor }, actor);
    expect(await change(apprentice, supervisor)).toEqual({ ok: false, error: "reassign.errors.notQualified", fieldErrors: { assessor: ["start.errors.assessorNotQualified"] } });
    expect(await change(assessor, apprentice)).toEqual({ ok: false, error: "reassign.errors.notQualified", fieldErrors: { supervisor: ["start.errors.supervisorNotQualified"] } });
    expect(await change(await personIdOf("asye"), apprentice)).toMatchObject({ ok: false, error: "reassign.errors.inAsye" });
    expect(await change(year.personId, apprentice)).toMatchObject({ ok: false, error: "reassign.errors.self" });
    expect((await yearById(year.yearId))!.year).toMatchObject({ assessor_id: assessor, supervisor_id: supervisor });

    expect(fixedT("en-GB")("asye:reassign.errors.notQualified")).toBe("The assessor and the supervisor must be qualified social workers: social workers, or at a later stage of the career pathway");
    expect(fixedT("cy")("asye:reassign.errors.notQualified")).toMatch(/^Rhaid i'r aseswr a'r goruchwyliwr fod yn weithwyr cymdeithasol cymwysedig/);
  });
});
