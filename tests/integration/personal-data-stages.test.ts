// The subject access download names each career stage in the reader's language beside its code (the
// person's own stage, each move in their history, each request's stages), and says in words what moved
// them (a history row's source, the programme a request was reached through), as their pathway page does.
import { beforeAll, describe, expect, it } from "vitest";
import { moveToStage } from "../../app/services/career-stages.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { downloadPersonalData } from "../support/personal-data-download";

type Row = Record<string, unknown>;
type Stage = { code: string; name_en: string; name_cy: string };

let from: Stage;
let to: Stage;
let requestId: number;

beforeAll(async () => {
  await seedDemo();
  const practitioner = await personIdOf("practitioner");
  const person = await db().selectFrom("people").select("career_stage").where("id", "=", practitioner).executeTakeFirstOrThrow();
  const stages = await db().selectFrom("career_stages").select(["code", "name_en", "name_cy"]).orderBy("position").orderBy("code").execute();
  from = stages.find((s) => s.code === person.career_stage)!;
  to = stages.find((s) => s.code !== from.code && s.name_cy !== s.name_en)!;
  expect(from.name_cy).not.toBe(from.name_en);
  const now = new Date().toISOString();
  const [request] = await db()
    .insertInto("progression_requests")
    .values({ person_id: practitioner, from_stage: from.code, to_stage: to.code, statement: "Ready to move on", status: "awaiting_panel", manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  requestId = request.id;
  // A programme moves them to the stage they asked for: the request closes as reached through it.
  await moveToStage({ userId: null, personId: null }, { personId: practitioner, stageCode: to.code, startedOn: "2026-09-01", source: "asye" });
  await db().insertInto("career_stage_history").values({ person_id: practitioner, stage_code: from.code, started_on: "2020-09-01", source: "import", note: null, recorded_by: null, created_at: now }).execute();
});

async function download(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { document: JSON.parse(files["personal-data.json"]), files };
}

describe("career stages in the subject access download", () => {
  it("name the person's stage, each move and each request's stages in the reader's language, and say what moved them", async () => {
    for (const [locale, nameOf, asye, staffImport] of [
      ["en-GB", (s: Stage) => s.name_en, "Assessed and Supported Year in Employment (ASYE)", "Staff import"],
      ["cy", (s: Stage) => s.name_cy, "Blwyddyn Asesedig â Chymorth mewn Cyflogaeth (ASYE)", "Mewnforio staff"],
    ] as const) {
      const { document, files } = await download(locale);
      expect(document.person, locale).toMatchObject({ career_stage: to.code, career_stage_name: nameOf(to) });
      const history = document.careerStageHistory as Row[];
      expect(history.find((h) => h.source === "asye"), locale).toMatchObject({ stage_code: to.code, stage_name: nameOf(to), source_in_words: asye });
      expect(history.find((h) => h.source === "import" && h.started_on === "2020-09-01"), locale).toMatchObject({ stage_code: from.code, stage_name: nameOf(from), source_in_words: staffImport });
      const request = (document.progressionRequests as Row[]).find((r) => r.id === requestId);
      expect(request, locale).toMatchObject({ from_stage: from.code, from_stage_name: nameOf(from), to_stage: to.code, to_stage_name: nameOf(to), status: "approved", reached_through: "asye", reached_through_in_words: asye });
      // The spreadsheet copies carry the same words.
      expect(files["csv/person.csv"], locale).toContain(nameOf(to));
      expect(files["csv/career-stage-history.csv"], locale).toContain(staffImport);
      expect(files["csv/progression-requests.csv"].split("\r\n")[0], locale).toContain("reached_through_in_words");
    }
  });
});
