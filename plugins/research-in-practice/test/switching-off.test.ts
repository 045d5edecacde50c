// Switching the programme off from /admin/plugins: its pages and reminders go, and no core page breaks.
import { beforeAll, describe, expect, it } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import * as me from "../../../app/routes/me._index";
import * as plugins from "../../../app/routes/admin.plugins";
import * as team from "../../../app/routes/team._index";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { form } from "./support";

/**
 * A fresh demo gives Alex no evaluation due, so /me would show no reminder to hide; a booking on a run
 * still to come makes the "before" evaluation due, as the booking tests did when this lived beside them.
 */
beforeAll(async () => {
  await seedDemo();
  const course = await import("../routes/courses.$courseId");
  const booked = await run(course.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/rip-voice", form({ run: "voice-next" })), { courseId: "rip-voice" });
  if (booked.status !== 303) throw new Error(`Booking Alex on voice-next answered ${booked.status}`);
});

const permanenceRun = (suffix: string) => ripDb().selectFrom("research_in_practice_runs").selectAll().where("id", "=", `perm-${suffix}`).executeTakeFirstOrThrow();

describe("switching the programme off", () => {
  it("hides its pages and reminders and breaks no core page", async () => {
    const home = await import("../routes/index");
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "research-in-practice", enabled: "0" })));
    expect((await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice"))).status).toBe(404);
    for (const [loader, who, path] of [[me.loader, "practitioner", "/me"], [team.loader, "manager", "/team"], [admin.loader, "ld", "/admin"]] as const) {
      const page = await run(loader, await requestAs(who, path));
      expect(page.status).toBe(200);
      expect(JSON.stringify(page.data)).not.toContain("research-in-practice-");
    }
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "research-in-practice", enabled: "1" })));
    expect((await permanenceRun("past")).withdrawn).toBe(0);
  });
});
