// A form saved once is not saved again by a refresh or a second click. The programme rules and a
// self-study entry answer a successful save with a redirect (303), the page then saying it is saved; and a
// new unit repeating a unit's title, whatever its case or the spaces around it, is refused beside its field,
// so the rules sent twice, even at once, add the unit once.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import * as settings from "../routes/settings";
import { leadershipDb } from "../server/progress.server";
import { form } from "./support";

beforeAll(seedDemo);

describe("the programme rules", () => {
  const path = `/programmes/${PLUGIN_ID}/settings`;
  type Page = { current: Record<string, string>; units: { id: number; title: string }[]; saved: boolean };
  const shown = async (query = "") => (await run(settings.loader, await requestAs("ld", path + query))).data as Page;
  const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
  const unitsCalled = async (title: string) => (await leadershipDb().selectFrom("leadership_units").select("title").execute()).filter((u) => u.title.toLowerCase() === title.toLowerCase());
  const formOf = (page: Page, newUnit: string) => ({ ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, u.title])), newUnit });

  it("redirects once saved, to the page saying so, and sent again adds no second unit", async () => {
    const page = await shown();
    const fields = formOf(page, "Coaching and mentoring");
    const saved = await send(fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${path}?saved=1`);
    const after = await shown("?saved=1");
    expect(after.saved).toBe(true);
    expect(decodeHtml(await renderedAfterPost(settings.default, after, null))).toContain("The programme rules are saved.");

    // The same form again: a refresh of a page answered without a redirect, the back button, a second click.
    const again = await send(fields);
    expect(again.status).toBe(400);
    const reply = again.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error).toEqual({ newUnit: ["settings.errors.unitTaken"] });
    expect(reply.initialValue).toMatchObject({ newUnit: "Coaching and mentoring" });
    expect(await unitsCalled("Coaching and mentoring")).toHaveLength(1);
    const html = decodeHtml(await renderedAfterPost(settings.default, after, again.data));
    expect(html).toContain('href="#settings-newUnit"');
    expect(html).toContain('id="settings-newUnit-error"');
    expect(html.match(/There is already a unit with this title: enter a different one/g)).toHaveLength(2);
    expect(html).toContain('value="Coaching and mentoring"');
    expect(html).not.toContain("The programme rules are saved.");
    expect(fixedT("cy", PLUGIN_ID)("settings.errors.unitTaken")).toBe("Mae uned â'r teitl hwn eisoes yn bodoli: rhowch deitl gwahanol");
  });

  it("refuses a new unit repeating a title in another case or with spaces around it, and saves none of the form", async () => {
    const page = await shown();
    const refused = await send({ ...formOf(page, "  LEADING AND DEVELOPING PEOPLE "), guidedHoursTarget: "45" });
    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ newUnit: ["settings.errors.unitTaken"] });
    expect(await unitsCalled("Leading and developing people")).toHaveLength(1);
    expect((await shown()).current.guidedHoursTarget).toBe(page.current.guidedHoursTarget);
  });

  it("adds the unit once when the same form is sent twice at once", async () => {
    const fields = formOf(await shown(), "Managing resources");
    const both = await Promise.all([send(fields), send(fields)]);
    expect(both.map((o) => o.status).sort()).toEqual([303, 400]);
    expect(await unitsCalled("Managing resources")).toHaveLength(1);
    const added = await db().selectFrom("audit_events").select("after_json").where("action", "=", "leadership.unit.added").execute();
    expect(added.filter((a) => JSON.parse(a.after_json!).title === "Managing resources")).toHaveLength(1);
  });
});

describe("a self-study entry", () => {
  const path = `/programmes/${PLUGIN_ID}/learning`;

  it("redirects once logged, to the page saying so with an empty form, so a refresh logs nothing again", async () => {
    const manager = await personIdOf("manager");
    const logged = () => leadershipDb().selectFrom("leadership_guided_learning as g").innerJoin("enrolments as e", "e.id", "g.enrolment_id").select("g.id").where("e.person_id", "=", manager).where("g.activity", "=", "Reading: sent once").execute();
    const saved = await run(learning.action, await requestAs("manager", path, form({ occurredOn: londonToday(), activity: "Reading: sent once", hours: "2" })));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`${path}?saved=1`);
    expect(await logged()).toHaveLength(1);
    const page = (await run(learning.loader, await requestAs("manager", `${path}?saved=1`))).data as { saved: boolean };
    expect(page.saved).toBe(true);
    const html = decodeHtml(await renderedAfterPost(learning.default, page, null));
    expect(html).toContain("Added to your log. Learning and development staff will confirm it.");
    expect(html).not.toContain('value="Reading: sent once"');
    const plain = (await run(learning.loader, await requestAs("manager", path))).data as { saved: boolean };
    expect(plain.saved).toBe(false);
  });
});
