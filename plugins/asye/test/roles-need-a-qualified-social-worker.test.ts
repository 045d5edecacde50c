// An ASYE year is assessed and supervised by qualified social workers (REFERENCE.md sections 4 and 9): the
// start form and L&D's change of a running year refuse, beside the field and in the error summary, a social
// work apprentice, a social care officer, a personal adviser and someone with no career stage and no
// qualification recorded, and take an independent reviewing officer, a senior practitioner, or a qualified
// practice educator in L&D (a role the career pathway has no stage for).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { employeeNumber, endedYear, form, newAsyeWorker, startRoute, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Roles = { shownAssessor: number; shownSupervisor: number };

/** Someone in the demo manager's team at this stage (none: a role that names no stage), by employee number. */
async function personAt(stage: string | null, number: string, role = stage ?? "business_support", qualified: string | null = null) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const names = { employee_number: number, given_name: "Casey", family_name: `Stage ${number}`, email: `${number.toLowerCase()}@example.test`, team_id };
  await db().insertInto("people").values(newPerson(names, { career_stage: stage, role_category: role, qualification_date: qualified })).execute();
  return number;
}

async function start(worker: number, assessor: string, supervisor: string) {
  const { action } = await startRoute();
  const path = `/programmes/asye/years/new?person=${worker}`;
  return { path, answer: await run(action, await requestAs("ld", path, form({ startsOn: plusDays(today(), -10), assessor, supervisor }))) };
}

const NOT_QUALIFIED = {
  assessor: "The assessor must be a qualified social worker: a social worker, or at a later stage of the career pathway",
  supervisor: "The supervisor must be a qualified social worker: a social worker, or at a later stage of the career pathway",
};

describe("the start form", () => {
  it("refuses an apprentice assessor and a personal adviser supervisor, at their fields and in the summary, keeping the form", async () => {
    const worker = await newAsyeWorker("E-QUAL-1");
    const apprentice = await personAt("apprentice", "E-QUAL-APPR");
    const adviser = await personAt("personal_adviser", "E-QUAL-PA");
    const { path, answer } = await start(worker, apprentice, adviser);
    expect(answer.status).toBe(400);
    expect((answer.data as Errors["reply"]).error).toEqual({ assessor: ["start.errors.assessorNotQualified"], supervisor: ["start.errors.supervisorNotQualified"] });
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", worker).execute()).toEqual([]);

    const { loader, default: Page } = await startRoute();
    const page = await run(loader, await requestAs("ld", path));
    const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data));
    expect(html).toMatch(new RegExp(`govuk-error-summary__list">[\\s\\S]*${NOT_QUALIFIED.assessor}[\\s\\S]*${NOT_QUALIFIED.supervisor}`));
    expect(html).toContain(`<p id="start-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${NOT_QUALIFIED.assessor}</p>`);
    expect(html).toContain(`<p id="start-supervisor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${NOT_QUALIFIED.supervisor}</p>`);
    expect(html).toMatch(new RegExp(`value="${apprentice}"`));
    expect(fixedT("cy")("asye:start.errors.assessorNotQualified")).toMatch(/^Rhaid i'r aseswr fod yn weithiwr cymdeithasol cymwysedig/);
    expect(fixedT("cy")("asye:start.errors.supervisorNotQualified")).toMatch(/^Rhaid i'r goruchwyliwr fod yn weithiwr cymdeithasol cymwysedig/);
  });

  it("refuses a social care officer and someone with no career stage, and takes qualified people on and off the ladder", async () => {
    const worker = await newAsyeWorker("E-QUAL-2");
    const { answer } = await start(worker, await personAt("social_care_officer", "E-QUAL-SCO"), await personAt(null, "E-QUAL-NONE"));
    expect(answer.status).toBe(400);
    expect((answer.data as Errors["reply"]).error).toEqual({ assessor: ["start.errors.assessorNotQualified"], supervisor: ["start.errors.supervisorNotQualified"] });

    // Someone in their own ASYE is still told that, not only that they are not qualified.
    const inAsye = await start(worker, await employeeNumber(await personIdOf("asye")), await employeeNumber(await personIdOf("manager")));
    expect((inAsye.answer.data as Errors["reply"]).error).toEqual({ assessor: ["start.errors.assessorInAsye"] });

    // An independent reviewing officer (the side track) and a senior practitioner may.
    const onTheLadder = await start(worker, await personAt("iro", "E-QUAL-IRO", "independent_reviewing_officer"), await personAt("senior_practitioner", "E-QUAL-SP"));
    expect(onTheLadder.answer.status, JSON.stringify(onTheLadder.answer.data)).toBe(303);

    // So may a practice educator in L&D: no stage, but a qualification date recorded.
    const another = await newAsyeWorker("E-QUAL-6");
    const educator = await personAt(null, "E-QUAL-PE", "learning_development", "2012-07-01");
    const offTheLadder = await start(another, educator, await employeeNumber(await personIdOf("manager")));
    expect(offTheLadder.answer.status, JSON.stringify(offTheLadder.answer.data)).toBe(303);
  });
});

describe("changing a running year's assessor or supervisor", () => {
  it("refuses someone not qualified at the field and in the summary, keeps the form and changes nothing", async () => {
    const assessor = await personIdOf("practitioner");
    const year = await endedYear(assessor, "E-QUAL-5");
    const { loader, action, default: Page } = await yearRoute();
    const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
    const sco = await personAt("social_care_officer", "E-QUAL-SCO-2");
    const fields = { intent: "reassign", assessor: sco, supervisor: await employeeNumber(await personIdOf("manager")), shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
    const refused = await run(action, await requestAs("ld", year.path, form(fields)), year.params);
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).reply.error).toEqual({ assessor: ["start.errors.assessorNotQualified"] });
    expect((await yearById(year.yearId))!.year.assessor_id).toBe(assessor);

    const page = await run(loader, await requestAs("ld", year.path), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, refused.data));
    expect(html).toMatch(new RegExp(`govuk-error-summary__list">[\\s\\S]*${NOT_QUALIFIED.assessor}`));
    expect(html).toContain(`<p id="reassign-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${NOT_QUALIFIED.assessor}</p>`);
    expect(html).toMatch(new RegExp(`value="${sco}"`));

    // A supervisor with no stage is refused the same way.
    const noStage = await run(action, await requestAs("ld", year.path, form({ ...fields, assessor: await employeeNumber(assessor), supervisor: await personAt(null, "E-QUAL-NONE-2") })), year.params);
    expect((noStage.data as Errors).reply.error).toEqual({ supervisor: ["start.errors.supervisorNotQualified"] });

    // A senior practitioner may take it over.
    const senior = await personAt("senior_practitioner", "E-QUAL-SP-2");
    expect((await run(action, await requestAs("ld", year.path, form({ ...fields, assessor: senior })), year.params)).status).toBe(303);
    const seniorId = (await db().selectFrom("people").select("id").where("employee_number", "=", senior).executeTakeFirstOrThrow()).id;
    expect((await yearById(year.yearId))!.year.assessor_id).toBe(seniorId);
  });
});
