// /admin/plugins: the page names a programme it switched by its title, in the reader's language; a switch
// for no installed programme, or asking neither on nor off, is refused with 400 and a clear error; and a
// switch to what the programme already is (a second click, a page read before a colleague switched it)
// changes nothing, records nothing in the audit trail, and says it already was.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as plugins from "../../app/routes/admin.plugins";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { isRefusal } from "../../app/utils/refused-form";
import { requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml } from "../support/html-forms";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const PROGRAMME = "research-in-practice";

beforeAll(seedDemo);
afterEach(() => setPluginEnabled(PROGRAMME, true, SYSTEM_ACTOR));

async function send(values: Record<string, string>, lng: Locale = "en-GB") {
  return run(plugins.action, await requestAs("admin", `/admin/plugins?lng=${lng}`, { method: "POST", body: new URLSearchParams(values) }));
}

/** The page as drawn after the post: its loader's data and the action's answer, in the reader's language. */
async function pageAfter(answer: unknown, lng: Locale = "en-GB") {
  const loaded = (await run(plugins.loader, await requestAs("admin", `/admin/plugins?lng=${lng}`))).data;
  return decodeHtml(await renderedAfterPost(plugins.default, loaded, answer, lng));
}

async function switchEvents() {
  return db().selectFrom("audit_events").select(["action", "subject_id"]).where("subject_type", "=", "programme").orderBy("id").execute();
}

const enabledNow = async (id: string) => (await db().selectFrom("programmes").select("enabled").where("id", "=", id).executeTakeFirst())?.enabled;

describe("a programme switched from /admin/plugins", () => {
  it("is named by its title, in English and in Welsh, never by its id", async () => {
    const off = await send({ plugin: PROGRAMME, enabled: "0" });
    expect(off.data).toEqual({ ok: true, plugin: PROGRAMME, enabled: false, changed: true });
    const english = await pageAfter(off.data);
    expect(english).toContain("Research in Practice courses is now switched off.");
    expect(english).not.toMatch(/research-in-practice is/);

    const on = await send({ plugin: PROGRAMME, enabled: "1" }, "cy");
    const welsh = await pageAfter(on.data, "cy");
    expect(welsh).toMatch(/Mae'r rhaglen [^<]+ bellach wedi'i throi ymlaen\./);
    expect(welsh).not.toContain(`rhaglen ${PROGRAMME}`);
  });

  it("already as asked changes nothing, records nothing, and says so", async () => {
    const before = await switchEvents();
    const again = await send({ plugin: PROGRAMME, enabled: "1" });
    expect(again.status).toBe(200);
    expect(again.data).toEqual({ ok: true, plugin: PROGRAMME, enabled: true, changed: false });
    expect(await switchEvents()).toEqual(before);
    expect(await pageAfter(again.data)).toContain("Research in Practice courses was already switched on, so nothing changed.");

    // Switched off, then the same page's button pressed again: one change, one event.
    expect((await send({ plugin: PROGRAMME, enabled: "0" })).data).toMatchObject({ changed: true });
    const twice = await send({ plugin: PROGRAMME, enabled: "0" }, "cy");
    expect(twice.data).toMatchObject({ ok: true, changed: false });
    expect(await pageAfter(twice.data, "cy")).toMatch(/Roedd y rhaglen [^<]+ eisoes wedi'i diffodd, felly nid oes dim wedi newid\./);
    expect((await switchEvents()).slice(before.length)).toEqual([{ action: "programme.disabled", subject_id: PROGRAMME }]);
  });

  it("switched twice at once records one change", async () => {
    const before = await switchEvents();
    const answers = await Promise.all([setPluginEnabled(PROGRAMME, false, SYSTEM_ACTOR), setPluginEnabled(PROGRAMME, false, SYSTEM_ACTOR)]);
    expect(answers.sort()).toEqual([false, true]);
    expect((await switchEvents()).slice(before.length)).toEqual([{ action: "programme.disabled", subject_id: PROGRAMME }]);
    expect(await enabledNow(PROGRAMME)).toBe(0);
  });
});

describe("a switch /admin/plugins cannot make", () => {
  it.each([
    ["a programme that is not installed", { plugin: "not-installed", enabled: "0" }, "plugins.unknown", "That programme is not installed, so nothing was switched on or off."],
    ["no programme at all", { enabled: "1" }, "plugins.unknown", "That programme is not installed, so nothing was switched on or off."],
    ["neither on nor off", { plugin: PROGRAMME, enabled: "maybe" }, "plugins.badSwitch", "Choose to switch the programme on or off from the list"],
  ])("for %s is refused with 400, a clear error, and nothing recorded", async (_, values, error, words) => {
    const before = await switchEvents();
    const refused = await send(values);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error });
    expect(isRefusal(refused.data)).toBe(true);
    expect(await switchEvents()).toEqual(before);
    expect(await enabledNow(PROGRAMME)).not.toBe(0);
    const html = await pageAfter(refused.data);
    expect(html).toMatch(/class="govuk-error-summary"/);
    expect(html).toContain(words);
  });
});
