// L&D changing a running year's assessor or supervisor tell whoever is newly given a role (with a link to
// the year) and the worker (who their assessor or supervisor now is), in English and Welsh, once a change:
// a form sent again, or one left unchanged, tells nobody.
import { beforeAll, describe, expect, it } from "vitest";
import { openNotices } from "../../../app/services/notices.server";
import { formatValues } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { employeeNumber, endedYear, form, yearRoute } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;
type Roles = { shownAssessor: number; shownSupervisor: number };

/** The person's ASYE notices as /me words them, newest first. */
async function noticesOf(personId: number, locale: Locale) {
  const notices = (await openNotices(personId)).filter((n) => n.source === "asye");
  return notices.map((n) => ({ text: fixedT(locale, n.source)(n.key, formatValues(n.values, locale)), href: n.href }));
}

const nameOf = async (id: number) => {
  const p = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", id).executeTakeFirstOrThrow();
  return `${p.given_name} ${p.family_name}`;
};

/** The reassign form as the page offers it to L&D now, with the people given typed in by employee number. */
async function reassignForm(year: Year, assessorId: number, supervisorId: number) {
  const { loader } = await yearRoute();
  const roles = ((await run(loader, await requestAs("ld", year.path), year.params)).data as { roles: Roles }).roles;
  return { intent: "reassign", assessor: await employeeNumber(assessorId), supervisor: await employeeNumber(supervisorId), shownAssessor: String(roles.shownAssessor), shownSupervisor: String(roles.shownSupervisor) };
}

const post = async (year: Year, fields: Record<string, string>) => run((await yearRoute()).action, await requestAs("ld", year.path, form(fields)), year.params);

describe("changing a running year's assessor or supervisor", () => {
  it("tells the new assessor and the worker, once, in English and Welsh, and nobody whose role did not change", async () => {
    const oldAssessor = await personIdOf("practitioner");
    const newAssessor = await personIdOf("serviceManager");
    const supervisor = await personIdOf("manager");
    const year = await endedYear(oldAssessor, "E-RA-TELL-1");
    const worker = await nameOf(year.personId);
    const before = { supervisor: (await noticesOf(supervisor, "en-GB")).length, oldAssessor: (await noticesOf(oldAssessor, "en-GB")).length, newAssessor: (await noticesOf(newAssessor, "en-GB")).length };

    const fields = await reassignForm(year, newAssessor, supervisor);
    expect((await post(year, fields)).status).toBe(303);

    const told = await noticesOf(newAssessor, "en-GB");
    expect(told).toHaveLength(before.newAssessor + 1);
    expect(told[0]).toEqual({ text: `You are now the assessor of ${worker}'s ASYE year.`, href: year.path });
    expect((await noticesOf(newAssessor, "cy"))[0].text).toBe(`Chi bellach yw aseswr blwyddyn ASYE ${worker}.`);
    const workerTold = await noticesOf(year.personId, "en-GB");
    expect(workerTold[0]).toEqual({ text: `Your ASYE assessor is now ${await nameOf(newAssessor)}.`, href: "/programmes/asye" });
    expect((await noticesOf(year.personId, "cy"))[0].text).toBe(`${await nameOf(newAssessor)} yw eich aseswr ASYE bellach.`);
    expect((await noticesOf(supervisor, "en-GB")).length).toBe(before.supervisor);
    expect((await noticesOf(oldAssessor, "en-GB")).length).toBe(before.oldAssessor);

    // The same form sent again is stale (409), and the page's form sent unchanged saves nothing: nobody is told twice.
    const workerCount = workerTold.length;
    expect((await post(year, fields)).status).toBe(409);
    expect((await post(year, await reassignForm(year, newAssessor, supervisor))).status).toBe(303);
    expect(await noticesOf(newAssessor, "en-GB")).toHaveLength(before.newAssessor + 1);
    expect(await noticesOf(year.personId, "en-GB")).toHaveLength(workerCount);
  });

  it("tells one person given both roles once, and the worker both names, in English and Welsh", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-RA-TELL-2");
    const worker = await nameOf(year.personId);
    const both = await personIdOf("serviceManager");
    const before = (await noticesOf(both, "en-GB")).length;
    expect((await post(year, await reassignForm(year, both, both))).status).toBe(303);
    const told = await noticesOf(both, "en-GB");
    expect(told).toHaveLength(before + 1);
    expect(told[0]).toEqual({ text: `You are now the assessor and the supervisor of ${worker}'s ASYE year.`, href: year.path });
    expect((await noticesOf(both, "cy"))[0].text).toBe(`Chi bellach yw aseswr a goruchwyliwr blwyddyn ASYE ${worker}.`);
    const name = await nameOf(both);
    expect((await noticesOf(year.personId, "en-GB"))[0].text).toBe(`Your ASYE assessor is now ${name} and your supervisor is now ${name}.`);
    expect((await noticesOf(year.personId, "cy"))[0].text).toBe(`Mae eich aseswr a'ch goruchwyliwr ASYE wedi newid: ${name} yw eich aseswr bellach, a'ch goruchwyliwr yw ${name}.`);
  });

  it("tells the new supervisor, with a link to the year, and the worker", async () => {
    const assessor = await personIdOf("practitioner");
    const year = await endedYear(assessor, "E-RA-TELL-3");
    const supervisor = await personIdOf("serviceManager");
    expect((await post(year, await reassignForm(year, assessor, supervisor))).status).toBe(303);
    expect((await noticesOf(supervisor, "en-GB"))[0]).toEqual({ text: `You are now the supervisor of ${await nameOf(year.personId)}'s ASYE year.`, href: year.path });
    expect((await noticesOf(supervisor, "cy"))[0].text).toBe(`Chi bellach yw goruchwyliwr blwyddyn ASYE ${await nameOf(year.personId)}.`);
    expect((await noticesOf(year.personId, "en-GB"))[0].text).toBe(`Your ASYE supervisor is now ${await nameOf(supervisor)}.`);
    expect((await noticesOf(year.personId, "cy"))[0].text).toBe(`${await nameOf(supervisor)} yw eich goruchwyliwr ASYE bellach.`);
  });
});
