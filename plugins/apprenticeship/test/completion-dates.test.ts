// Completion's dates are of things that have happened, in order: the gateway, then the degree, then
// registration. A registration typed a year ahead finished the apprentice at once: they left the current
// list, their hours were refused and their reviews stopped falling overdue. A registration before the
// degree, or a degree before the gateway, was taken as typed. Each is refused at its own field.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { describeLondonToday } from "../../../tests/support/london-today";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { completionSchema } from "../forms";
import * as page from "../routes/apprentices.$personId";
import { apprenticeshipDb } from "../server/db.server";
import { apprenticeCounts, apprentices } from "../server/progress.server";
import { sendCompletion } from "./completion-form";

describeLondonToday(completionSchema, "gatewayOn", "completion.errors.gatewayFuture");
describeLondonToday(completionSchema, "degreeOn", "completion.errors.degreeFuture");

beforeAll(seedDemo);

type Refused = { reply: { error: Record<string, string[]>; initialValue: Record<string, string> } };
const day = (offset: number) => addDaysToDate(londonToday(), offset);

/** A current demo apprentice, their page's path and params, and a way to post completion to it. */
async function currentApprentice() {
  const [apprentice] = (await apprentices()).filter((a) => !a.completion?.registered_on);
  const path = `/programmes/apprenticeship/apprentices/${apprentice.personId}`;
  const params = { personId: String(apprentice.personId) };
  const post = (fields: Record<string, string>, query = "") => sendCompletion(apprentice.personId, fields, { query });
  return { apprentice, path, params, post };
}

const completionOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).executeTakeFirst();

describe("completion dates in the future", () => {
  it("are refused at their fields, store nothing, and leave the apprentice current", async () => {
    const { apprentice, post } = await currentApprentice();
    const before = { completion: await completionOf(apprentice.personId), counts: await apprenticeCounts() };
    const tomorrow = day(1);
    const refused = await post({ gatewayOn: tomorrow, degreeOutcome: "upper_second", degreeOn: tomorrow, registeredOn: tomorrow, registrationNumber: "SW123456" });
    expect(refused.status).toBe(400);
    expect((refused.data as Refused).reply.error).toEqual({ gatewayOn: ["completion.errors.gatewayFuture"], degreeOn: ["completion.errors.degreeFuture"], registeredOn: ["completion.errors.registeredFuture"] });
    expect(await completionOf(apprentice.personId)).toEqual(before.completion);
    expect(await apprenticeCounts()).toEqual(before.counts);
    expect((await apprentices([apprentice.personId]))[0].completion?.registered_on ?? null).toBeNull();
  });

  it("takes today", async () => {
    const { apprentice, post } = await currentApprentice();
    const today = day(0);
    expect((await post({ gatewayOn: today, degreeOutcome: "pass", degreeOn: today })).status).toBe(303);
    expect(await completionOf(apprentice.personId)).toMatchObject({ gateway_on: today, degree_on: today, registered_on: null });
  });
});

describe("completion dates out of order", () => {
  it("refuses a degree before the gateway and a registration before the degree, each at its field", async () => {
    const { apprentice, post } = await currentApprentice();
    const before = await completionOf(apprentice.personId);
    const refused = await post({ gatewayOn: day(-60), degreeOutcome: "upper_second", degreeOn: day(-90), registeredOn: day(-120), registrationNumber: "SW123456" });
    expect(refused.status).toBe(400);
    expect((refused.data as Refused).reply.error).toEqual({ degreeOn: ["completion.errors.degreeBeforeGateway"], registeredOn: ["completion.errors.registeredBeforeDegree"] });
    expect(await completionOf(apprentice.personId)).toEqual(before);
    // The same day for each is in order.
    expect((await post({ gatewayOn: day(-30), degreeOutcome: "upper_second", degreeOn: day(-30), registeredOn: day(-30), registrationNumber: "SW123456" })).status).toBe(303);
    expect(await completionOf(apprentice.personId)).toMatchObject({ gateway_on: day(-30), degree_on: day(-30), registered_on: day(-30) });
  });

  it("says so beside each field and in the error summary, in English and Welsh, with the dates typed kept", async () => {
    const { path, params, post } = await currentApprentice();
    const typed = { gatewayOn: day(-60), degreeOutcome: "upper_second", degreeOn: day(-90), registeredOn: day(2), registrationNumber: "SW123456" };
    for (const [query, locale, messages] of [
      ["", "en-GB", { degreeOn: "The date of the degree outcome must be the same as or after the gateway date", registeredOn: "The date registered with Social Work England must not be in the future" }],
      ["?lng=cy", "cy", { degreeOn: "Rhaid i ddyddiad canlyniad y radd fod yr un fath â dyddiad y porth asesu neu ar ei ôl", registeredOn: "Ni all y dyddiad cofrestru gyda Social Work England fod yn y dyfodol" }],
    ] as const) {
      const refused = await post(typed, query);
      const html = await renderedAfterPost(page.default, (await run(page.loader, await requestAs("ld", `${path}${query}`), params)).data, refused.data, locale);
      expect(errorSummaryTargets(html), locale).toEqual(["completion-degreeOn", "completion-registeredOn"]);
      for (const [field, message] of Object.entries(messages)) {
        const beside = new RegExp(`<p id="completion-${field}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html)?.[1] ?? "";
        expect(decodeHtml(beside.replace(/<[^>]+>/g, "")), `${locale} ${field}`).toContain(message);
        expect(html, `${locale} ${field}`).toMatch(new RegExp(`<input[^>]*id="completion-${field}"[^>]*value="${typed[field as keyof typeof typed]}"`));
      }
    }
  });
});

describe("registration just after midnight in summer", () => {
  afterEach(() => vi.useRealTimers());

  it("takes London's today and refuses tomorrow", () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    const completion = (registeredOn: string) => completionSchema.safeParse({ gatewayOn: "2026-05-01", degreeOutcome: "pass", degreeOn: "2026-06-01", registeredOn, registrationNumber: "SW123456" });
    expect(completion("2026-07-02").success).toBe(true);
    expect(completion("2026-07-03").error?.issues.map((i) => [i.path[0], i.message])).toEqual([["registeredOn", "completion.errors.registeredFuture"]]);
  });
});
