// Nobody still in their own ASYE assesses or supervises another's year: the start form and L&D's change of
// a running year refuse someone in a year not yet passed or failed, or at the ASYE stage waiting for theirs,
// beside the field and in the error summary, keeping what was typed. Someone whose year passed may.
import { beforeAll, describe, expect, it } from "vitest";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { employeeNumber, endedYear, form, newAsyeWorker, startRoute, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Roles = { shownAssessor: number; shownSupervisor: number };

/** Someone whose seeded year was passed: a social worker now, who may assess. */
async function passedWorker() {
  const row = await asyeDb().selectFrom("asye_years").select("person_id").where("decision", "=", "pass").orderBy("id").executeTakeFirstOrThrow();
  return row.person_id;
}

async function start(worker: number, assessor: string, supervisor: string) {
  const { action } = await startRoute();
  const path = `/programmes/asye/years/new?person=${worker}`;
  return { path, answer: await run(action, await requestAs("ld", path, form({ startsOn: plusDays(today(), -10), assessor, supervisor }))) };
}

describe("the start form", () => {
  it("refuses an assessor in a running year and a supervisor waiting for theirs, at their fields and in the summary, keeping the form", async () => {
    const worker = await newAsyeWorker("E-INASYE-1");
    const inAYear = await employeeNumber(await personIdOf("asye"));
    const waiting = await employeeNumber(await newAsyeWorker("E-INASYE-WAIT"));
    const { path, answer } = await start(worker, inAYear, waiting);
    expect(answer.status).toBe(400);
    expect((answer.data as Errors["reply"]).error).toEqual({ assessor: ["start.errors.assessorInAsye"], supervisor: ["start.errors.supervisorInAsye"] });
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", worker).execute()).toEqual([]);

    const { loader, default: Page } = await startRoute();
    const page = await run(loader, await requestAs("ld", path));
    const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data));
    expect(html).toMatch(/govuk-error-summary__list">[\s\S]*The assessor cannot be someone still doing their own ASYE[\s\S]*The supervisor cannot be someone still doing their own ASYE/);
    expect(html).toContain('<p id="start-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The assessor cannot be someone still doing their own ASYE</p>');
    expect(html).toMatch(new RegExp(`name="assessor"[^>]*value="${inAYear}"|value="${inAYear}"[^>]*name="assessor"`));
    expect(fixedT("cy")("asye:start.errors.assessorInAsye")).toBe("Ni all yr aseswr fod yn rhywun sy'n dal i wneud ei ASYE ei hun");
    expect(fixedT("cy")("asye:start.errors.supervisorInAsye")).toBe("Ni all y goruchwyliwr fod yn rhywun sy'n dal i wneud ei ASYE ei hun");
  });

  it("takes someone whose own year passed", async () => {
    const worker = await newAsyeWorker("E-INASYE-2");
    const { answer } = await start(worker, await employeeNumber(await passedWorker()), await employeeNumber(await personIdOf("manager")));
    expect(answer.status, JSON.stringify(answer.data)).toBe(303);
  });
});

describe("changing a running year's assessor or supervisor", () => {
  it("refuses someone still in their own ASYE at the field, keeps the form and changes nothing", async () => {
    const assessor = await personIdOf("practitioner");
    const year = await endedYear(assessor, "E-INASYE-3");
    const { loader, action, default: Page } = await yearRoute();
    const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
    const inAYear = await employeeNumber(await personIdOf("asye"));
    const fields = { intent: "reassign", assessor: inAYear, supervisor: await employeeNumber(await personIdOf("manager")), shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
    const refused = await run(action, await requestAs("ld", year.path, form(fields)), year.params);
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).reply.error).toEqual({ assessor: ["start.errors.assessorInAsye"] });
    expect((await yearById(year.yearId))!.year.assessor_id).toBe(assessor);

    const page = await run(loader, await requestAs("ld", year.path), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, refused.data));
    expect(html).toMatch(/govuk-error-summary__list">[\s\S]*The assessor cannot be someone still doing their own ASYE/);
    expect(html).toContain('<p id="reassign-assessor-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> The assessor cannot be someone still doing their own ASYE</p>');
    expect(html).toMatch(new RegExp(`value="${inAYear}"`));

    // Someone whose year passed may take it over.
    const passed = await passedWorker();
    expect((await run(action, await requestAs("ld", year.path, form({ ...fields, assessor: await employeeNumber(passed) })), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.year.assessor_id).toBe(passed);
  });
});
