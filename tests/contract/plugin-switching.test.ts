// Installing the fixture plugin into the real host, then switching it off: its pages answer 404, its
// widgets, navigation and readiness vanish, and every core page still works.
import type { Generated, Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "../fixtures/plugins/example/plugin";
import * as exampleHome from "../fixtures/plugins/example/routes/index";
import { readinessCalls } from "../fixtures/plugins/example/server/readiness.server";
import { registerTestPlugin } from "../../app/plugins.server";
import * as root from "../../app/root";
import * as me from "../../app/routes/me._index";
import * as team from "../../app/routes/team._index";
import * as admin from "../../app/routes/admin._index";
import * as programmes from "../../app/routes/programmes._index";
import * as plugins from "../../app/routes/admin.plugins";
import * as metricsPack from "../../app/routes/admin.reports_.metrics";
import { readinessFor } from "../../app/services/readiness.server";
import { pathwayRequirements } from "../../app/services/pathway.server";
import { db } from "../../app/utils/db.server";
import { migrateAll } from "../../db/migrate";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { downloadPersonalData } from "../support/personal-data-download";
import { run } from "../support/route";

registerTestPlugin(fixture);

// The fixture's own table, typed for these tests.
const exampleDb = () => db() as unknown as Kysely<{ example_notes: { id: Generated<number>; person_id: number; body: string } }>;

beforeAll(async () => {
  await migrateAll(db(), [fixture]);
  await seedDemo();
  await exampleDb().insertInto("example_notes").values({ person_id: await personIdOf("practitioner"), body: "A note" }).execute();
});

const switchTo = async (enabled: boolean) => {
  const form = new URLSearchParams({ plugin: "example", enabled: enabled ? "1" : "0" });
  const outcome = await run(plugins.action, await requestAs("admin", "/admin/plugins", { method: "POST", body: form }));
  expect(outcome.data).toMatchObject({ ok: true, enabled });
};

type Data = Record<string, unknown> & { widgets: { id: string }[] };

/** The fixture's own widgets; the installed programmes may add theirs beside them. */
const fixtureWidgets = (data: unknown) => (data as Data).widgets.filter((w) => w.id.startsWith("example-"));

describe("an enabled plugin", () => {
  beforeAll(() => switchTo(true));

  it("serves its pages and is listed under programmes", async () => {
    expect((await run(exampleHome.loader, await requestAs("practitioner", "/programmes/example"))).status).toBe(200);
    const list = await run(programmes.loader, await requestAs("practitioner", "/programmes"));
    expect((list.data as { programmes: { id: string; title: string }[] }).programmes).toContainEqual({
      id: "example",
      title: "Example programme",
      summary: "A programme that exists only to test the plugin contract.",
    });
  });

  it("adds its navigation entry, translated", async () => {
    const cy = await run(root.loader, await requestAs("practitioner", "/me?lng=cy"));
    expect((cy.data as { nav: { href: string; label: string }[] }).nav).toContainEqual({ href: "/programmes/example", label: "Enghraifft" });
  });

  it("shows its widgets on each dashboard", async () => {
    const mine = await run(me.loader, await requestAs("practitioner", "/me"));
    expect(fixtureWidgets(mine.data)).toEqual([{ id: "example-notes", title: "Example card", body: "Notes held: 1" }]);
    expect(fixtureWidgets((await run(team.loader, await requestAs("manager", "/team"))).data).map((w) => w.id)).toEqual(["example-team-notes"]);
    expect(fixtureWidgets((await run(admin.loader, await requestAs("admin", "/admin"))).data).map((w) => w.id)).toEqual(["example-admin-notes"]);
  });

  it("puts what waits for a manager in their inbox on /team, for their line only", async () => {
    // Two notes exist: the practitioner's, in the manager's line, and the seeded one, outside it.
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; what: string }[] }).inbox;
    expect(inbox.filter((i) => i.what === "A note to read").map((i) => i.personId)).toEqual([await personIdOf("practitioner")]);
  });

  it("answers readiness for a whole list of people in one call", async () => {
    const ids = (await db().selectFrom("people").select("id").limit(200).execute()).map((r) => r.id);
    const before = readinessCalls.count;
    const readiness = await readinessFor(ids, "en-GB");
    expect(readinessCalls.count - before).toBe(1);
    const practitioner = await personIdOf("practitioner");
    expect(readiness.get(practitioner)).toContainEqual({ source: "example", requirementId: "note", status: "met", label: "Example requirement", reason: "You have a note.", actionHref: "/programmes/example" });
    expect(await pathwayRequirements("senior_practitioner")).toContainEqual({ id: "note", stages: ["senior_practitioner"], labelKey: "readiness.label", source: "example" });
  });

  it("adds its figures to the quarterly key-metrics pack", async () => {
    const outcome = await run(metricsPack.loader, await requestAs("admin", "/admin/reports/metrics"));
    expect((outcome.data as { rows: { key: string; label: string; value: number }[] }).rows).toContainEqual(expect.objectContaining({ key: "example:notes", label: "Example notes held", value: 2 }));
  });

  it("adds its records to a person's data export", async () => {
    const { outcome, files } = await downloadPersonalData("practitioner");
    expect(outcome.headers.get("Content-Disposition")).toMatch(/^attachment; filename="pathways-personal-data-E\d+\.zip"$/);
    const document = JSON.parse(files["personal-data.json"]) as { programmes: { example: { notes: unknown[] } } };
    expect(document.programmes.example.notes).toHaveLength(1);
    expect(files["csv/programmes/example/notes.csv"].split("\r\n").filter(Boolean)).toHaveLength(2);
  });
});

describe("a disabled plugin", () => {
  beforeAll(() => switchTo(false));

  it("answers 404 for its pages", async () => {
    expect((await run(exampleHome.loader, await requestAs("practitioner", "/programmes/example"))).status).toBe(404);
  });

  it("leaves navigation, widgets, readiness and pathway, and the programmes list", async () => {
    const nav = ((await run(root.loader, await requestAs("practitioner", "/me"))).data as { nav: { href: string }[] }).nav;
    expect(nav.map((n) => n.href)).not.toContain("/programmes/example");
    expect(fixtureWidgets((await run(me.loader, await requestAs("practitioner", "/me"))).data)).toEqual([]);
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { what: string }[] }).inbox;
    expect(inbox.map((i) => i.what)).not.toContain("A note to read");
    const readiness = await readinessFor([await personIdOf("practitioner")], "en-GB");
    expect(readiness.get(await personIdOf("practitioner"))!.map((r) => r.source)).not.toContain("example");
    expect((await pathwayRequirements()).map((r) => r.source)).not.toContain("example");
    const listed = ((await run(programmes.loader, await requestAs("practitioner", "/programmes"))).data as { programmes: { id: string }[] }).programmes;
    expect(listed.map((p) => p.id)).not.toContain("example");
    const figures = ((await run(metricsPack.loader, await requestAs("admin", "/admin/reports/metrics"))).data as { rows: { key: string }[] }).rows;
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.map((f) => f.key.split(":")[0])).not.toContain("example");
  });

  it("breaks no core page", async () => {
    for (const [loader, who, path] of [
      [me.loader, "practitioner", "/me"],
      [team.loader, "manager", "/team"],
      [admin.loader, "admin", "/admin"],
      [programmes.loader, "practitioner", "/programmes"],
      [plugins.loader, "admin", "/admin/plugins"],
    ] as const) {
      expect((await run(loader, await requestAs(who, path))).status).toBe(200);
    }
  });

  it("still adds its records to a person's data export, since it still holds them", async () => {
    const { files } = await downloadPersonalData("practitioner");
    const document = JSON.parse(files["personal-data.json"]) as { programmes: { example?: { notes: unknown[] } } };
    expect(document.programmes.example?.notes).toHaveLength(1);
    expect(files["csv/programmes/example/notes.csv"]).toBeDefined();
  });

  it("keeps its data, and the switch is audited", async () => {
    // One from the plugin's own seed, one added above.
    expect(await exampleDb().selectFrom("example_notes").select("id").execute()).toHaveLength(2);
    const events = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "programme").orderBy("id").execute();
    // Switched on while already on changes and records nothing; switched off is recorded.
    expect(events.map((e) => e.action)).toEqual(["programme.disabled"]);
  });
});
