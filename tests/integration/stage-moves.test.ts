// Two moves of one person's career stage at the same moment (a panel's approval and a programme's pass):
// the second starts from the stage the first left, in the person's record, their history and the audit.
import { beforeAll, describe, expect, it } from "vitest";
import { moveToStage } from "../../app/services/career-stages.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(seedDemo);

describe("two stage moves at once", () => {
  it("runs one after the other, so each history row and audit event follows the one before", async () => {
    const person = await personIdOf("practitioner");
    const actor = { userId: null, personId: await personIdOf("ld") };
    const startedFrom = (await db().selectFrom("people").select("career_stage").where("id", "=", person).executeTakeFirstOrThrow()).career_stage;
    const lastEvent = (await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0;
    const move = (stageCode: string, source: string) => ({ personId: person, stageCode, startedOn: "2026-12-01", source });
    // The first holds its transaction open after moving, while the second begins and reads.
    const first = db().transaction().execute(async (trx) => {
      await moveToStage(actor, move("senior_practitioner", "progression"), trx);
      await pause(400);
    });
    await pause(100);
    const second = db().transaction().execute((trx) => moveToStage(actor, move("team_manager", "asye"), trx));
    await Promise.all([first, second]);

    const moves = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("id", ">", Number(lastEvent)).where("action", "=", "career_stage.moved").where("person_id", "=", person).orderBy("id").execute();
    expect(moves.map((m) => [JSON.parse(m.before_json!).stage, JSON.parse(m.after_json!).stage])).toEqual([
      [startedFrom, "senior_practitioner"],
      ["senior_practitioner", "team_manager"],
    ]);
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", person).executeTakeFirstOrThrow()).career_stage).toBe("team_manager");
    const history = await db().selectFrom("career_stage_history").select("stage_code").where("person_id", "=", person).orderBy("id", "desc").limit(2).execute();
    expect(history.map((h) => h.stage_code)).toEqual(["team_manager", "senior_practitioner"]);
  });
});
