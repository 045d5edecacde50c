// The manager's endorsement is their consent to an attempt. After "not yet accredited", with nothing booked
// since, it is open again for the next one: the manager may endorse again or say what to work on first,
// and a person not endorsed asks again when ready. Each step is audited; nothing changes once a new
// assessment is booked.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as team from "../../../app/routes/team._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addWindow, candidate, form, startAfresh } from "./support";

beforeAll(seedDemo);

const personRoute = () => import("../routes/people.$personId");
const homeRoute = () => import("../routes/index");
const bookRoute = () => import("../routes/book");
const LOCALES = ["en-GB", "cy"] as const;

let alex: number;
let firstAudit: number;
let nextWindow: number;
const path = () => `/programmes/naas/people/${alex}?track=practitioner`;
const params = () => ({ personId: String(alex) });

/** Alex endorsed and booked on an assessment now past, then L&D record "not yet accredited" on the person page. */
beforeEach(async () => {
  alex = await personIdOf("practitioner");
  firstAudit = await startAfresh(alex);
  await db().deleteFrom("notices").where("person_id", "=", alex).execute();
  const sat = await addWindow({ knowledgeOn: "2026-11-01", practiceOn: "2026-11-08" });
  nextWindow = await addWindow({ knowledgeOn: "2099-09-01" });
  const now = new Date().toISOString();
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: alex, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: "Ready.", endorsed_by: await personIdOf("manager"), endorsed_at: now, window_id: sat, booked_at: now, outcome: null, outcome_on: null, outcome_by: null, updated_at: now })
    .execute();
  const { action } = await personRoute();
  expect((await run(action, await requestAs("ld", path(), form({ intent: "outcome", outcome: "not_yet_accredited", outcomeOn: "2026-11-20" })), params())).status).toBe(303);
});

async function managerPage(account: DemoAccount = "manager", locale: (typeof LOCALES)[number] = "en-GB") {
  const person = await personRoute();
  const data = (await run(person.loader, await requestAs(account, `${path()}&lng=${locale}`), params())).data as { canEndorse: boolean };
  return { data, html: decodeHtml(await renderedAfterPost(person.default, data, null, locale)) };
}

/** The manager's decision sent as their page's form sends it, without JavaScript: the hidden fields as drawn, the choice and note typed. */
async function decideOnPage(decision: "endorsed" | "not_yet", note: string) {
  const { html } = await managerPage();
  const endorseForm = postForms(html, `http://localhost${path()}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "endorse"));
  expect(endorseForm, "the page offers the decision").toBeDefined();
  const fields = [...endorseForm!.fields.filter(([name]) => name !== "decision" && name !== "note"), ["decision", decision], ["note", note]] as [string, string][];
  const { action } = await personRoute();
  return run(action, await requestAs("manager", path(), form(fields)), params());
}

async function homeHtml(locale: (typeof LOCALES)[number] = "en-GB") {
  const home = await homeRoute();
  const data = (await run(home.loader, await requestAs("practitioner", `/programmes/naas?lng=${locale}`))).data;
  return decodeHtml(await renderedAfterPost(home.default, data, null, locale));
}

const auditsSince = async () => (await db().selectFrom("audit_events").select("action").where("id", ">", firstAudit).where("person_id", "=", alex).orderBy("id").execute()).map((a) => a.action);

const naasNotices = async () => (await db().selectFrom("notices").select("message_key").where("person_id", "=", alex).where("source", "=", "naas").orderBy("id").execute()).map((n) => n.message_key);

describe("after not yet accredited, with nothing booked since", () => {
  it("the manager may decide again for the next attempt: not yet, audited and told, and booking waits for a new endorsement", async () => {
    for (const locale of LOCALES) {
      const { data, html } = await managerPage("manager", locale);
      expect(data.canEndorse).toBe(true);
      expect(html).toContain(fixedT(locale, "naas")("endorse.nextAttempt", { date: locale === "cy" ? "20 Tachwedd 2026" : "20 November 2026" }));
    }
    expect((await decideOnPage("not_yet", "Work on direct practice first.")).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "not_yet", endorsement_note: "Work on direct practice first.", outcome: "not_yet_accredited" });
    expect(await auditsSince()).toContain("naas.endorsement.not_yet");
    expect(await naasNotices()).toEqual(["notices.not_yet_accredited", "notices.not_yet"]);

    // The person is told their manager must endorse them again, is offered to ask, and cannot book.
    for (const locale of LOCALES) {
      const t = fixedT(locale, "naas");
      const html = await homeHtml(locale);
      expect(html).toContain(t("home.notYetAccreditedNotEndorsed"));
      expect(html).toContain(t("home.request"));
      expect(html).not.toContain(t("home.bookAgain"));
    }
    const { action: book } = await bookRoute();
    expect((await run(book, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: String(nextWindow) })))).status).not.toBe(303);
    expect((await candidate(alex, "practitioner"))!.outcome).toBe("not_yet_accredited");
  });

  it("the person asks again when ready: the request reaches the manager, who endorses them for another assessment", async () => {
    expect((await decideOnPage("not_yet", "Work on direct practice first.")).status).toBe(303);
    const home = await homeRoute();
    const asked = await run(home.action, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })));
    expect(asked.status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: null, endorsement_requested_at: expect.any(String), outcome: "not_yet_accredited" });
    expect((await auditsSince()).filter((a) => a === "naas.endorsement.requested")).toHaveLength(1);

    // Waiting: the page says so rather than offering to ask again; the manager's inbox has the request.
    const html = await homeHtml();
    expect(html).toMatch(/Asked on \d+ \w+ \d{4}; waiting for the manager\./);
    expect(html).not.toContain(fixedT("en-GB", "naas")("home.request"));
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; href: string }[] }).inbox;
    expect(inbox.find((i) => i.personId === alex)?.href).toBe(path());

    expect((await decideOnPage("endorsed", "Ready for another go.")).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: "Ready for another go." });
    expect(await auditsSince()).toEqual(expect.arrayContaining(["naas.endorsement.not_yet", "naas.endorsement.requested", "naas.endorsement.endorsed"]));
    expect(await homeHtml()).toContain(fixedT("en-GB", "naas")("home.bookAgain"));
    const { action: book } = await bookRoute();
    expect((await run(book, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: String(nextWindow) })))).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ window_id: nextWindow, outcome: null });

    // Booked again: the endorsement the booking stands on can no longer change.
    expect((await managerPage()).data.canEndorse).toBe(false);
    const { action } = await personRoute();
    const refused = await run(action, await requestAs("manager", path(), form({ intent: "endorse", decision: "not_yet", note: "No." })), params());
    expect(refused.status).toBe(409);
    expect((await candidate(alex, "practitioner"))!.endorsement).toBe("endorsed");
  });

  it("the readiness item follows the endorsement as it now stands", async () => {
    const { readinessItemsFor } = await import("../../../app/services/readiness.server");
    const endorsement = async () => (await readinessItemsFor([alex], "en-GB")).get(alex)!.find((i) => i.source === "naas" && i.requirementId === "endorsement")!.status;
    expect(await endorsement()).toBe("met");
    await decideOnPage("not_yet", "Work on direct practice first.");
    expect(await endorsement()).toBe("not_met");
    const home = await homeRoute();
    await run(home.action, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })));
    expect(await endorsement()).toBe("in_progress");
  });
});
