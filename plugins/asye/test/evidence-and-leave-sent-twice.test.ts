// Evidence and leave have no key of their own: evidence counts towards the year's checklist ("3 direct
// observations") and leave stretches the year, so a second send of the same form (a double click, a
// resend) must not store a second row. Each form carries the one-time token its page was drawn with; the
// same form sent again, even at the same moment, is answered as saved and adds nothing, while a new
// drawing of the page adds another.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof startYearFor>>;
type Intent = "evidence" | "leave";

/** The hidden fields (intent and token) of the evidence and leave forms, as one drawing of the year page for the manager posts them. */
async function drawnForms(year: Year): Promise<Record<Intent, Record<string, string>>> {
  const { loader, default: YearPage } = await yearRoute();
  const page = await run(loader, await requestAs("manager", year.path), year.params);
  const forms = postForms(await renderedAfterPost(YearPage, page.data, null), `http://localhost${year.path}`).map((f) => Object.fromEntries(f.fields));
  const formFor = (intent: Intent) => {
    const found = forms.find((f) => f.intent === intent);
    expect(found, `the page offers the ${intent} form`).toBeDefined();
    return found!;
  };
  return { evidence: formFor("evidence"), leave: formFor("leave") };
}

const drawnForm = async (year: Year, intent: Intent) => (await drawnForms(year))[intent];

const send = async (year: Year, fields: Record<string, string>) => run((await yearRoute()).action, await requestAs("manager", year.path, form(fields)), year.params);

const evidence = (title: string, occurredOn = today()) => ({ kind: "direct_observation", occurredOn, title });
const leave = (reason: string, startsOn = plusDays(today(), -20)) => ({ startsOn, endsOn: plusDays(startsOn, 4), reason });

const evidenceTitled = (year: Year, title: string) => asyeDb().selectFrom("asye_evidence").select("id").where("year_id", "=", year.yearId).where("title", "=", title).execute();
const leaveFor = (year: Year, reason: string) => asyeDb().selectFrom("asye_leave").select("id").where("year_id", "=", year.yearId).where("reason", "=", reason).execute();
const audited = async (year: Year, action: string) => (await db().selectFrom("audit_events").select("id").where("action", "=", action).where("subject_id", "=", String(year.yearId)).execute()).length;

const newYear = async (employee: string) => startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker(employee));

const expectSaved = (answer: Awaited<ReturnType<typeof send>>, intent: Intent, year: Year) => {
  expect(answer.status).toBe(303);
  expect(answer.headers.get("Location")).toBe(`${year.path}?saved=${intent}`);
};

describe("evidence on the year page", () => {
  it("is added once when the same form is sent twice, one after the other, and both are answered as saved", async () => {
    const year = await newYear("E-EVTWICE-1");
    const fields = { ...(await drawnForm(year, "evidence")), ...evidence("Home visit observed") };
    for (let sent = 0; sent < 2; sent++) expectSaved(await send(year, fields), "evidence", year);
    expect(await evidenceTitled(year, "Home visit observed")).toHaveLength(1);
    expect(await audited(year, "asye.evidence.added")).toBe(1);
  });

  it("is added once when the same form is sent twice at the same moment", async () => {
    const year = await newYear("E-EVTWICE-2");
    const fields = { ...(await drawnForm(year, "evidence")), ...evidence("Observed at once") };
    const answers = await Promise.all([send(year, fields), send(year, fields)]);
    for (const answer of answers) expectSaved(answer, "evidence", year);
    expect(await evidenceTitled(year, "Observed at once")).toHaveLength(1);
    expect(await audited(year, "asye.evidence.added")).toBe(1);
  });

  it("adds another from a new drawing of the page, the same evidence recorded again on purpose", async () => {
    const year = await newYear("E-EVTWICE-3");
    for (let drawn = 0; drawn < 2; drawn++) expectSaved(await send(year, { ...(await drawnForm(year, "evidence")), ...evidence("Second observation") }), "evidence", year);
    expect(await evidenceTitled(year, "Second observation")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its date, so the corrected form saves", async () => {
    const year = await newYear("E-EVTWICE-4");
    const drawn = await drawnForm(year, "evidence");
    expect((await send(year, { ...drawn, ...evidence("Corrected observation", plusDays(today(), -300)) })).status).toBe(400);
    expectSaved(await send(year, { ...drawn, ...evidence("Corrected observation") }), "evidence", year);
    expect(await evidenceTitled(year, "Corrected observation")).toHaveLength(1);
  });

  it("takes a form without a token as before tokens", async () => {
    const year = await newYear("E-EVTWICE-5");
    for (let sent = 0; sent < 2; sent++) expectSaved(await send(year, { intent: "evidence", ...evidence("Posted without a token") }), "evidence", year);
    expect(await evidenceTitled(year, "Posted without a token")).toHaveLength(2);
  });
});

describe("leave on the year page", () => {
  it("is recorded once when the same form is sent twice, one after the other, and both are answered as saved", async () => {
    const year = await newYear("E-LVTWICE-1");
    const fields = { ...(await drawnForm(year, "leave")), ...leave("Sickness sent twice") };
    for (let sent = 0; sent < 2; sent++) expectSaved(await send(year, fields), "leave", year);
    expect(await leaveFor(year, "Sickness sent twice")).toHaveLength(1);
    expect(await audited(year, "asye.leave.recorded")).toBe(1);
  });

  it("is recorded once when the same form is sent twice at the same moment", async () => {
    const year = await newYear("E-LVTWICE-2");
    const fields = { ...(await drawnForm(year, "leave")), ...leave("Sickness sent at once") };
    const answers = await Promise.all([send(year, fields), send(year, fields)]);
    for (const answer of answers) expectSaved(answer, "leave", year);
    expect(await leaveFor(year, "Sickness sent at once")).toHaveLength(1);
  });

  it("keeps no token of a form refused at its start, so the corrected form saves", async () => {
    const year = await newYear("E-LVTWICE-3");
    const drawn = await drawnForm(year, "leave");
    expect((await send(year, { ...drawn, ...leave("Corrected leave", plusDays(today(), -300)) })).status).toBe(400);
    expectSaved(await send(year, { ...drawn, ...leave("Corrected leave") }), "leave", year);
    expect(await leaveFor(year, "Corrected leave")).toHaveLength(1);
  });

  it("is saved from a page left open after evidence was added from it: each form has its own token", async () => {
    const year = await newYear("E-LVTWICE-4");
    // Both forms from one drawing of the page, as the back button shows it again after the evidence is saved.
    const drawn = await drawnForms(year);
    expect(drawn.evidence.formToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(drawn.leave.formToken).not.toBe(drawn.evidence.formToken);
    expectSaved(await send(year, { ...drawn.evidence, ...evidence("Before the leave") }), "evidence", year);
    expectSaved(await send(year, { ...drawn.leave, ...leave("After the evidence") }), "leave", year);
    expect([(await evidenceTitled(year, "Before the leave")).length, (await leaveFor(year, "After the evidence")).length]).toEqual([1, 1]);
  });
});
