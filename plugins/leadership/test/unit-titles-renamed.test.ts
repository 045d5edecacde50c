// A unit renamed on the programme rules page cannot take another unit's title, whatever its case or the
// spaces around it, as a new unit cannot: learners could not tell the two apart. Refused beside the unit's
// field and in the error summary, with what was typed kept and nothing of the form saved; checked again
// under the units' lock, so two colleagues renaming at once cannot give two units one title.
import { beforeAll, describe, expect, it } from "vitest";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { unitTitlesShown } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import * as settings from "../routes/settings";
import { units } from "../server/progress.server";
import { form } from "./support";

beforeAll(seedDemo);

const path = `/programmes/${PLUGIN_ID}/settings`;
type Page = { current: Record<string, string>; units: { id: number; title: string }[]; saved: boolean };
type Reply = { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> };
const shown = async (query = "") => (await run(settings.loader, await requestAs("ld", path + query))).data as Page;
const send = async (fields: Record<string, string>) => run(settings.action, await requestAs("ld", path, form(fields)));
/** The page's form as it stands, with some units' titles changed. */
const formOf = (page: Page, renamed: Record<number, string>) => ({ ...page.current, ...Object.fromEntries(page.units.map((u) => [`unit-${u.id}`, renamed[u.id] ?? u.title])), newUnit: "" });
const calledAlike = (title: string) => async () => (await units()).filter((u) => u.title.trim().toLowerCase() === title.trim().toLowerCase());

describe("a unit renamed to another unit's title", () => {
  it("is refused beside its field and in the summary, as typed, and nothing of the form is saved", async () => {
    const page = await shown();
    const [first, second] = page.units;
    const refused = await send({ ...formOf(page, { [second.id]: `  ${first.title.toUpperCase()} ` }), guidedHoursTarget: "45" });
    expect(refused.status).toBe(400);
    const reply = refused.data as Reply;
    expect(reply.error).toEqual({ [`unit-${second.id}`]: ["settings.errors.unitTaken"] });
    expect(unitTitlesShown(page.units, reply)[1].title).toBe(`  ${first.title.toUpperCase()} `);
    expect(await calledAlike(first.title)()).toHaveLength(1);
    expect(await shown()).toEqual(page);

    const html = decodeHtml(await renderedAfterPost(settings.default, page, refused.data));
    expect(html).toContain(`href="#unit-${second.id}"`);
    expect(html).toContain(`id="unit-${second.id}-error"`);
    expect(html.match(/There is already a unit with this title: enter a different one/g)).toHaveLength(2);
    expect(html).toContain(`value="  ${first.title.toUpperCase()} "`);
  });

  it("is refused when a colleague added a unit of that title while the form was being saved", async () => {
    const page = await shown();
    const second = page.units[1];
    const title = "Leading a team through change";
    const refused = await whenFirstRead(
      /from "leadership_units"/,
      async () => expect((await send({ ...formOf(page, {}), newUnit: title })).status).toBe(303),
      () => send(formOf(page, { [second.id]: title })),
    );
    expect(refused.status).toBe(400);
    expect((refused.data as Reply).error).toEqual({ [`unit-${second.id}`]: ["settings.errors.unitTaken"] });
    const alike = await calledAlike(title)();
    expect(alike).toHaveLength(1);
    expect(alike[0].id).not.toBe(second.id);
  });

  it("is saved when the same form renames that unit too: two units may swap titles", async () => {
    const page = await shown();
    const [first, second] = page.units;
    expect((await send(formOf(page, { [first.id]: second.title, [second.id]: first.title }))).status).toBe(303);
    const after = await units();
    expect(after.find((u) => u.id === first.id)?.title).toBe(second.title);
    expect(after.find((u) => u.id === second.id)?.title).toBe(first.title);
  });
});
