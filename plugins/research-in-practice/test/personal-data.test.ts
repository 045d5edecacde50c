// A person's course evaluations in their subject access download say what they are about: the course's
// title, the run's start date, and each objective with the confidence rated on it before and after, not
// only the bare lists of numbers the evaluation stores.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { ripDb } from "../server/db.server";

beforeAll(seedDemo);

type Row = Record<string, unknown>;

/** A completed place for the person on a run that has ended, whether or not the seed gave them one. */
async function completedPlaceOn(runId: string, personId: number) {
  const run = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const held = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", run.cohort_id).where("person_id", "=", personId).executeTakeFirst();
  const stamp = new Date().toISOString();
  if (held) {
    await db().updateTable("enrolments").set({ status: "completed", updated_at: stamp }).where("id", "=", held.id).execute();
    return { id: held.id, cohortId: run.cohort_id };
  }
  const [place] = await db()
    .insertInto("enrolments")
    .values({ cohort_id: run.cohort_id, person_id: personId, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  return { id: place.id, cohortId: run.cohort_id };
}

async function ripDownload(locale: "en-GB" | "cy") {
  const { files } = await downloadPersonalData("practitioner", `/me/export?lng=${locale}`);
  return { evaluations: JSON.parse(files["personal-data.json"]).programmes["research-in-practice"].evaluations as Row[], files };
}

describe("a person's course evaluations in their download", () => {
  it("name the course and the run's date, and pair each objective with its ratings before and after, in JSON and CSV", async () => {
    const alex = await personIdOf("practitioner");
    const place = await completedPlaceOn("voice-past", alex);
    const stamp = new Date().toISOString();
    const answers = { before_json: "[2,3]", before_at: stamp, after_json: "[4,5]", after_at: stamp, will_do_differently: "Ask the child first.", followup_changed: "yes" as const, followup_example: "I used the three houses tool.", followup_at: stamp };
    await ripDb()
      .insertInto("research_in_practice_evaluations")
      .values({ enrolment_id: place.id, ...answers })
      .onConflict((oc) => oc.column("enrolment_id").doUpdateSet(answers))
      .execute();
    const startsOn = (await db().selectFrom("cohorts").select("starts_on").where("id", "=", place.cohortId).executeTakeFirstOrThrow()).starts_on;
    const [first, second] = ["Use direct work tools to hear from children of different ages", "Record the child's voice so it shapes the plan"];

    for (const [locale, yes] of [["en-GB", "Yes"], ["cy", "Ydy"]] as const) {
      const { evaluations, files } = await ripDownload(locale);
      expect(evaluations.find((e) => e.enrolment_id === place.id), locale).toMatchObject({
        cohort_id: place.cohortId,
        run_id: "voice-past",
        course_id: "rip-voice",
        course_title: "Hearing the Voice of the Child",
        run_starts_on: startsOn,
        ratings: [
          { number: 1, objective: first, before: 2, after: 4 },
          { number: 2, objective: second, before: 3, after: 5 },
        ],
        ratings_in_words: `1. ${first}: 2 → 4; 2. ${second}: 3 → 5`,
        will_do_differently: "Ask the child first.",
        followup_changed: "yes",
        followup_changed_in_words: yes,
        followup_example: "I used the three houses tool.",
      });
      // The spreadsheet copy reads the same: the course, and each objective with its ratings in words.
      const csv = files["csv/programmes/research-in-practice/evaluations.csv"];
      expect(csv.split("\r\n")[0]).toContain("course_title");
      expect(csv).toContain(`1. ${first}: 2 → 4`);
    }
  });

  it("says which ratings were not given, as the person reads it", async () => {
    const alex = await personIdOf("practitioner");
    const place = await completedPlaceOn("perm-past", alex);
    const answers = { before_json: "[1,2,3,4,5]", before_at: new Date().toISOString(), after_json: null, after_at: null, will_do_differently: null, followup_changed: null, followup_example: null, followup_at: null };
    await ripDb()
      .insertInto("research_in_practice_evaluations")
      .values({ enrolment_id: place.id, ...answers })
      .onConflict((oc) => oc.column("enrolment_id").doUpdateSet(answers))
      .execute();
    for (const [locale, notAnswered] of [["en-GB", "not answered"], ["cy", "heb ateb"]] as const) {
      const evaluation = (await ripDownload(locale)).evaluations.find((e) => e.enrolment_id === place.id)!;
      expect(evaluation, locale).toMatchObject({ course_title: "Care Planning for Permanence", followup_changed_in_words: null });
      expect((evaluation.ratings as Row[])[0], locale).toEqual({ number: 1, objective: "Keep children and their lived experience at the centre of planning", before: 1, after: null });
      expect(evaluation.ratings_in_words, locale).toMatch(new RegExp(`^1\\. Keep children and their lived experience at the centre of planning: 1 → ${notAnswered}; 2\\. `));
    }
  });
});
