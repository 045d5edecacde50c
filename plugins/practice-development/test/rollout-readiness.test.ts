// A briefing weighs in a person's readiness once, however many of its rollouts are meant for them: the
// latest due counts, and an earlier one is "not applicable" to them, through the core's real readiness.
import { beforeAll, describe, expect, it } from "vitest";
import { readinessFor, readinessScore } from "../../../app/services/readiness.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { fixedT } from "../../../app/utils/i18n.server";
import { PLUGIN_ID } from "../programme";
import { createBriefing, inDays } from "./briefing-requests";
import { addPerson, confirmAs, createRollout, teamsInThreeLocalities, type Team } from "./rollout-fixtures";

let teamA: Team;
let teamB: Team;

beforeAll(async () => {
  await seedDemo();
  [teamA, teamB] = await teamsInThreeLocalities();
});

const itemsOf = async (personId: number, rollouts: number[]) =>
  ((await readinessFor([personId], "en-GB")).get(personId) ?? []).filter((i) => rollouts.some((r) => i.requirementId === `rollout-${r}`));

describe("two rollouts of one briefing", () => {
  it("count once for someone both are meant for (the later), and the earlier still counts where only it applies", async () => {
    const briefing = await createBriefing({ delivery: "read" });
    const earlier = await createRollout(briefing, { teams: [String(teamA.id), String(teamB.id)], dueOn: inDays(60) });
    const later = await createRollout(briefing, { teams: [String(teamA.id)], dueOn: inDays(90) });
    const inBoth = await addPerson(teamA.id);
    const inEarlierOnly = await addPerson(teamB.id);

    const both = await itemsOf(inBoth, [earlier, later]);
    expect(both.map((i) => [i.requirementId, i.status])).toEqual([
      [`rollout-${earlier}`, "not_applicable"],
      [`rollout-${later}`, "not_met"],
    ]);
    expect(fixedT("en-GB", PLUGIN_ID)("readiness.superseded")).toBe("Counted under a later rollout of this briefing");
    const earlierOnly = await itemsOf(inEarlierOnly, [earlier, later]);
    expect(earlierOnly.map((i) => [i.requirementId, i.status])).toEqual([
      [`rollout-${earlier}`, "not_met"],
      [`rollout-${later}`, "not_applicable"],
    ]);

    // Covering the briefing meets it once: the score moves as one requirement met, not two.
    const before = (await readinessFor([inBoth], "en-GB")).get(inBoth)!;
    await confirmAs(inBoth, briefing, 1);
    const after = (await readinessFor([inBoth], "en-GB")).get(inBoth)!;
    const counted = (items: typeof before) => items.filter((i) => i.status !== "not_applicable").length;
    expect(counted(after)).toBe(counted(before));
    expect((await itemsOf(inBoth, [earlier, later])).map((i) => i.status)).toEqual(["not_applicable", "met"]);
    expect(readinessScore(after)).toBeGreaterThan(readinessScore(before)!);
  });
});
