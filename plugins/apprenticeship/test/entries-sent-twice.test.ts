// The levy ledger's entries, an apprentice's off-the-job hours, tripartite reviews and new intakes have no
// key of their own to meet on, so each form carries a one-time token: the same form sent twice (a double
// click, a resend, the back button) records once and answers both sends as saved (a new intake's second
// send lands on the intake its first opened); a new drawing of the page records again. Levy entered twice
// would double the money in, a payment twice would halve what is left under the apprentice's cap, hours
// twice would overstate them, a review twice would list a meeting held once twice, and an intake twice
// would open a second cohort that applicants could apply to.
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import * as apprenticePage from "../routes/apprentices.$personId";
import * as funding from "../routes/funding";
import * as home from "../routes/index";
import * as intakesPage from "../routes/intakes";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake } from "../server/intakes.server";
import { apprentices, weekOf } from "../server/progress.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const today = londonToday();
const CAP = DEFAULT_SETTINGS.fundingBandCap * 100;
const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** The token the page was drawn with, and that its rendered form carries. */
async function drawnToken(page: { loader: Parameters<typeof run>[0]; default: ComponentType }, account: "ld" | "practitioner", path: string, params: Record<string, string> = {}) {
  const { data } = await run(page.loader, await requestAs(account, path), params);
  const formToken = (data as { formToken: string }).formToken;
  const sent = postForms(await renderedAfterPost(page.default, data, null), `http://localhost${path}`).flatMap((f) => f.fields);
  expect(sent).toContainEqual(["formToken", formToken]);
  return formToken;
}

describe("an entry on the levy ledger", () => {
  const path = `/programmes/${PLUGIN_ID}/funding`;
  const drawn = () => drawnToken(funding, "ld", path);
  const send = async (fields: Record<string, string>) => run(funding.action, await requestAs("ld", path, post(fields)));
  const levy = (pounds: string) => ({ kind: "levy", occurredOn: today, amount: pounds });
  const payment = (personId: number, pence: number) => ({ kind: "payment", occurredOn: today, amount: (pence / 100).toFixed(2), person: String(personId) });
  const entriesOf = (kind: "levy" | "top_up" | "payment", pence: number) => apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", kind).where("amount_pence", "=", pence).execute();
  const paidFor = async (personId: number) => Number((await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.sum<number>("amount_pence").as("paid")).where("kind", "=", "payment").where("person_id", "=", personId).executeTakeFirstOrThrow()).paid ?? 0);
  const expectSaved = (answer: { status: number; headers: Headers }) => {
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`${path}?saved=1`);
  };

  it("records levy and its top-up once when the same form is sent twice, one after the other, and answers both as saved", async () => {
    const formToken = await drawn();
    const levyEvents = async () => db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.ledger.levy").execute();
    const eventsBefore = (await levyEvents()).length;
    for (let again = 0; again < 2; again++) expectSaved(await send({ ...levy("1,234.56"), formToken }));
    expect([(await entriesOf("levy", 123_456)).length, (await entriesOf("top_up", 12_346)).length]).toEqual([1, 1]);
    expect(await levyEvents()).toHaveLength(eventsBefore + 1);
  });

  it("records a payment once when the same form is sent twice at the same moment", async () => {
    const [apprentice] = await apprentices();
    const formToken = await drawn();
    const answers = await Promise.all([send({ ...payment(apprentice.personId, 12_301), formToken }), send({ ...payment(apprentice.personId, 12_301), formToken })]);
    answers.forEach(expectSaved);
    expect(await entriesOf("payment", 12_301)).toHaveLength(1);
  });

  it("answers a payment of all that was left under the cap as saved when sent again, not as over the cap", async () => {
    const [, apprentice] = await apprentices();
    const left = CAP - (await paidFor(apprentice.personId));
    expect(left).toBeGreaterThan(0);
    // Money enough in the account, so only the cap could refuse it.
    expectSaved(await send({ ...levy((left / 100).toFixed(2)), formToken: await drawn() }));
    const formToken = await drawn();
    for (let again = 0; again < 2; again++) expectSaved(await send({ ...payment(apprentice.personId, left), formToken }));
    expect(await paidFor(apprentice.personId)).toBe(CAP);
  });

  it("records another from a new drawing of the page, the same levy entered again on purpose", async () => {
    expectSaved(await send({ ...levy("2,345.67"), formToken: await drawn() }));
    expectSaved(await send({ ...levy("2,345.67"), formToken: await drawn() }));
    expect(await entriesOf("levy", 234_567)).toHaveLength(2);
  });

  it("keeps no token of a form the account refused, so the corrected form records", async () => {
    const [, , apprentice] = await apprentices();
    const left = CAP - (await paidFor(apprentice.personId));
    const formToken = await drawn();
    const refused = await send({ ...payment(apprentice.personId, left + 1), formToken });
    expect(refused.status).toBe(400);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ amount: ["funding.errors.overCap"] });
    expectSaved(await send({ ...payment(apprentice.personId, 12_303), formToken }));
    expect(await entriesOf("payment", 12_303)).toHaveLength(1);
  });

  it("takes a form without a token as before tokens", async () => {
    expectSaved(await send(levy("3,456.78")));
    expect(await entriesOf("levy", 345_678)).toHaveLength(1);
  });
});

describe("off-the-job hours", () => {
  const path = `/programmes/${PLUGIN_ID}`;
  const drawn = () => drawnToken(home, "practitioner", path);
  const send = async (fields: Record<string, string>) => run(home.action, await requestAs("practitioner", path, post(fields)));
  const hours = (activity: string, weekOfDay = today) => ({ weekOf: weekOfDay, hours: "3", activity });
  const logged = async (activity: string) => apprenticeshipDb().selectFrom("apprenticeship_otj").select("id").where("person_id", "=", await personIdOf("practitioner")).where("activity", "=", activity).execute();
  const expectLogged = (answer: { status: number; headers: Headers }) => {
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`${path}?saved=logged`);
  };

  beforeAll(async () => {
    // The demo practitioner made an apprentice, on an intake that started four weeks ago.
    const startsOn = weekOf(addDaysToDate(today, -28));
    const id = await createIntake({ name: "Sent twice intake", university: "University of the Midlands", places: 4, criteria: "Values, experience and potential.", startsOn, opensOn: addDaysToDate(startsOn, -60), closesOn: addDaysToDate(startsOn, -30) }, SYSTEM);
    const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    await apprenticeshipDb()
      .insertInto("enrolments")
      .values({ cohort_id, person_id: await personIdOf("practitioner"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp })
      .execute();
  });

  it("are logged once when the same form is sent twice, one after the other, and both are answered as logged", async () => {
    const formToken = await drawn();
    for (let again = 0; again < 2; again++) expectLogged(await send({ ...hours("Sent twice"), formToken }));
    const rows = await logged("Sent twice");
    expect(rows).toHaveLength(1);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.otj.logged").where("subject_id", "=", String(rows[0].id)).execute()).toHaveLength(1);
  });

  it("are logged once when the same form is sent twice at the same moment", async () => {
    const formToken = await drawn();
    (await Promise.all([send({ ...hours("Sent at once"), formToken }), send({ ...hours("Sent at once"), formToken })])).forEach(expectLogged);
    expect(await logged("Sent at once")).toHaveLength(1);
  });

  it("are logged again from a new drawing of the page, the same week's hours written twice on purpose", async () => {
    expectLogged(await send({ ...hours("Written twice"), formToken: await drawn() }));
    expectLogged(await send({ ...hours("Written twice"), formToken: await drawn() }));
    expect(await logged("Written twice")).toHaveLength(2);
  });

  it("keep no token of a form refused at its fields, so the corrected form logs", async () => {
    const formToken = await drawn();
    expect((await send({ ...hours("Corrected"), hours: "", formToken })).status).toBe(400);
    expect((await send({ ...hours("Corrected", addDaysToDate(today, -70)), formToken })).status).toBe(400);
    expectLogged(await send({ ...hours("Corrected"), formToken }));
    expect(await logged("Corrected")).toHaveLength(1);
  });

  it("are taken from a form without a token as before tokens", async () => {
    expectLogged(await send(hours("No token")));
    expect(await logged("No token")).toHaveLength(1);
  });
});

describe("a tripartite review", () => {
  let path = "";
  let params: Record<string, string> = {};
  const drawn = () => drawnToken(apprenticePage, "ld", path, params);
  const send = async (fields: Record<string, string>) => run(apprenticePage.action, await requestAs("ld", path, post(fields)), params);
  const review = (actions: string) => ({ intent: "review", heldOn: today, outcome: "some_concerns", actions });
  const reviewsWith = (actions: string) => apprenticeshipDb().selectFrom("apprenticeship_reviews").select("id").where("person_id", "=", Number(params.personId)).where("actions", "=", actions).execute();
  const expectSaved = (answer: { status: number; headers: Headers }) => {
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`${path}?saved=review`);
  };

  beforeAll(async () => {
    const [apprentice] = await apprentices();
    path = `/programmes/${PLUGIN_ID}/apprentices/${apprentice.personId}`;
    params = { personId: String(apprentice.personId) };
  });

  it("is recorded and audited once when the same form is sent twice, one after the other, and both are answered as saved", async () => {
    const recorded = async () => db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.review.recorded").where("person_id", "=", Number(params.personId)).execute();
    const eventsBefore = (await recorded()).length;
    const formToken = await drawn();
    for (let again = 0; again < 2; again++) expectSaved(await send({ ...review("Reviewed twice"), formToken }));
    expect(await reviewsWith("Reviewed twice")).toHaveLength(1);
    expect(await recorded()).toHaveLength(eventsBefore + 1);
  });

  it("is recorded once when the same form is sent twice at the same moment", async () => {
    const formToken = await drawn();
    (await Promise.all([send({ ...review("Reviewed at once"), formToken }), send({ ...review("Reviewed at once"), formToken })])).forEach(expectSaved);
    expect(await reviewsWith("Reviewed at once")).toHaveLength(1);
  });

  it("is recorded again from a new drawing of the page, two reviews with the same words", async () => {
    expectSaved(await send({ ...review("Reviewed again"), formToken: await drawn() }));
    expectSaved(await send({ ...review("Reviewed again"), formToken: await drawn() }));
    expect(await reviewsWith("Reviewed again")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its fields, so the corrected form records", async () => {
    const formToken = await drawn();
    expect((await send({ ...review("Corrected review"), outcome: "", formToken })).status).toBe(400);
    expectSaved(await send({ ...review("Corrected review"), formToken }));
    expect(await reviewsWith("Corrected review")).toHaveLength(1);
  });

  it("is taken from a form without a token as before tokens", async () => {
    expectSaved(await send(review("Review without a token")));
    expect(await reviewsWith("Review without a token")).toHaveLength(1);
  });
});

describe("a new intake", () => {
  const path = `/programmes/${PLUGIN_ID}/intakes`;
  const drawn = () => drawnToken(intakesPage, "ld", path);
  const send = async (fields: Record<string, string>) => run(intakesPage.action, await requestAs("ld", path, post(fields)));
  const startsOn = addDaysToDate(today, 200);
  const intake = (name: string) => ({ name, university: "University of the Midlands", opensOn: addDaysToDate(today, 30), closesOn: addDaysToDate(today, 90), startsOn, places: "12", criteria: "Values, experience and potential." });
  const intakesNamed = (name: string) =>
    apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", name).orderBy("i.id").execute();
  const opened = (answer: { status: number; headers: Headers }) => {
    expect(answer.status).toBe(303);
    return answer.headers.get("Location");
  };

  it("is opened and audited once when the same form is sent twice, and both sends land on the intake it opened", async () => {
    const created = async () => db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.intake.created").execute();
    const eventsBefore = (await created()).length;
    // Another intake of the same name, opened before by another drawing of the page: not the one this form opens.
    opened(await send({ ...intake("Opened twice"), formToken: await drawn() }));
    const formToken = await drawn();
    const first = opened(await send({ ...intake("Opened twice"), formToken }));
    const second = opened(await send({ ...intake("Opened twice"), formToken }));
    const rows = await intakesNamed("Opened twice");
    expect(rows).toHaveLength(2);
    expect([first, second]).toEqual([`${path}/${rows[1].id}`, `${path}/${rows[1].id}`]);
    expect(await created()).toHaveLength(eventsBefore + 2);
  });

  it("is opened once when the same form is sent twice at the same moment, and both sends land on it", async () => {
    const formToken = await drawn();
    const both = (await Promise.all([send({ ...intake("Opened at once"), formToken }), send({ ...intake("Opened at once"), formToken })])).map(opened);
    const rows = await intakesNamed("Opened at once");
    expect(rows).toHaveLength(1);
    expect(both).toEqual([`${path}/${rows[0].id}`, `${path}/${rows[0].id}`]);
  });

  it("sent again, lands on the list when its first send kept no id or the intake it opened is gone", async () => {
    // A token claimed before core migration 0028 kept ids.
    const keptNone = await drawn();
    opened(await send({ ...intake("Kept no id"), formToken: keptNone }));
    await db().updateTable("submitted_forms").set({ made_id: null }).where("token", "=", keptNone).execute();
    expect(opened(await send({ ...intake("Kept no id"), formToken: keptNone }))).toBe(path);
    expect(await intakesNamed("Kept no id")).toHaveLength(1);

    const gone = await drawn();
    opened(await send({ ...intake("Gone since"), formToken: gone }));
    const [removed] = await intakesNamed("Gone since");
    await apprenticeshipDb().deleteFrom("apprenticeship_intakes").where("id", "=", removed.id).execute();
    expect(opened(await send({ ...intake("Gone since"), formToken: gone }))).toBe(path);
    expect(await intakesNamed("Gone since")).toHaveLength(0);
  });

  it("is opened again from a new drawing of the page, two intakes of the same name on purpose", async () => {
    opened(await send({ ...intake("Opened again"), formToken: await drawn() }));
    opened(await send({ ...intake("Opened again"), formToken: await drawn() }));
    expect(await intakesNamed("Opened again")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its fields, so the corrected form opens it", async () => {
    const formToken = await drawn();
    expect((await send({ ...intake("Corrected intake"), places: "0", formToken })).status).toBe(400);
    const location = opened(await send({ ...intake("Corrected intake"), formToken }));
    expect(location).toBe(`${path}/${(await intakesNamed("Corrected intake"))[0].id}`);
  });

  it("is taken from a form without a token as before tokens", async () => {
    opened(await send(intake("Intake without a token")));
    expect(await intakesNamed("Intake without a token")).toHaveLength(1);
  });
});
