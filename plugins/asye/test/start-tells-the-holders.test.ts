// L&D starting a year tell its assessor and its supervisor (with a link to the year), as a reassignment tells
// whoever is newly given a role, and the worker, in English and Welsh: once each, one notice for someone who
// is both, and nobody again when the start is sent twice.
import { beforeAll, describe, expect, it } from "vitest";
import { openNotices } from "../../../app/services/notices.server";
import { formatValues } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { startYear } from "../server/changes.server";
import { plusDays } from "../server/schedule";
import { employeeNumber, form, newAsyeWorker, startRoute, startYearFor, today } from "./year-support";

beforeAll(seedDemo);

/** The person's ASYE notices as /me words them, newest first. */
async function noticesOf(personId: number, locale: Locale) {
  const notices = (await openNotices(personId)).filter((n) => n.source === "asye");
  return notices.map((n) => ({ text: fixedT(locale, n.source)(n.key, formatValues(n.values, locale)), href: n.href }));
}

const nameOf = async (id: number) => {
  const p = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", id).executeTakeFirstOrThrow();
  return `${p.given_name} ${p.family_name}`;
};

describe("starting a year", () => {
  it("tells the assessor and the supervisor, once each, in English and Welsh, with the worker told as before", async () => {
    const assessor = await personIdOf("serviceManager");
    const supervisor = await personIdOf("manager");
    const before = { assessor: (await noticesOf(assessor, "en-GB")).length, supervisor: (await noticesOf(supervisor, "en-GB")).length };
    const personId = await newAsyeWorker("E-START-TELL-1");
    const worker = await nameOf(personId);
    const year = await startYearFor(assessor, 100, personId);

    const assessorTold = await noticesOf(assessor, "en-GB");
    expect(assessorTold).toHaveLength(before.assessor + 1);
    expect(assessorTold[0]).toEqual({ text: `You are now the assessor of ${worker}'s ASYE year.`, href: year.path });
    expect((await noticesOf(assessor, "cy"))[0].text).toBe(`Chi bellach yw aseswr blwyddyn ASYE ${worker}.`);
    const supervisorTold = await noticesOf(supervisor, "en-GB");
    expect(supervisorTold).toHaveLength(before.supervisor + 1);
    expect(supervisorTold[0]).toEqual({ text: `You are now the supervisor of ${worker}'s ASYE year.`, href: year.path });
    expect((await noticesOf(supervisor, "cy"))[0].text).toBe(`Chi bellach yw goruchwyliwr blwyddyn ASYE ${worker}.`);
    expect((await noticesOf(personId, "en-GB")).map((n) => n.href)).toEqual(["/programmes/asye"]);

    // The start sent again shows the year already started, and a start that lost the race to it stores
    // nothing: neither tells anybody twice.
    const { action } = await startRoute();
    const again = form({ startsOn: plusDays(today(), -100), assessor: await employeeNumber(assessor), supervisor: await employeeNumber(supervisor) });
    const shown = await run(action, await requestAs("ld", `/programmes/asye/years/new?person=${personId}`, again));
    expect(shown.headers.get("Location")).toMatch(new RegExp(`^${year.path}\\?`));
    const ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
    expect(await startYear({ personId, startsOn: plusDays(today(), -100), assessorId: assessor, supervisorId: supervisor }, ld)).toEqual({ ok: false, error: "start.errors.already" });
    expect(await noticesOf(assessor, "en-GB")).toHaveLength(before.assessor + 1);
    expect(await noticesOf(supervisor, "en-GB")).toHaveLength(before.supervisor + 1);
    expect(await noticesOf(personId, "en-GB")).toHaveLength(1);
  });

  it("tells someone who is both assessor and supervisor once", async () => {
    const both = await personIdOf("manager");
    const before = (await noticesOf(both, "en-GB")).length;
    const personId = await newAsyeWorker("E-START-TELL-2");
    const worker = await nameOf(personId);
    const year = await startYearFor(both, 100, personId);
    const told = await noticesOf(both, "en-GB");
    expect(told).toHaveLength(before + 1);
    expect(told[0]).toEqual({ text: `You are now the assessor and the supervisor of ${worker}'s ASYE year.`, href: year.path });
    expect((await noticesOf(both, "cy"))[0].text).toBe(`Chi bellach yw aseswr a goruchwyliwr blwyddyn ASYE ${worker}.`);
  });
});
