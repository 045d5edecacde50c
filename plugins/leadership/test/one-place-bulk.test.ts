// One Level 5 place a person, in bulk: a file's line naming someone who holds a place on another cohort (or
// has completed) is a problem on its line, naming that cohort; a filter's preview leaves such people out and
// says how many; and a place given elsewhere after the check, before the enrolment, is still caught under
// the locks, enrolling nobody.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import { employeeOf, form, peopleNamed } from "./support";

const SYSTEM = { userId: null, personId: null };

beforeAll(seedDemo);

let made = 0;
/** A cohort with no approval step, beginning a month or so from today. */
const newCohort = (capacity = 20) => {
  made += 1;
  const startsOn = addDaysToDate(londonToday(), 40 + made);
  return createCohort(
    { programmeId: PLUGIN_ID, name: `Bulk one place ${made}`, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
};

const cohortName = async (id: number) => (await db().selectFrom("cohorts").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
const placeOn = async (cohortId: number, personId: number) => {
  const placed = await requestPlace({ cohortId, personId, actor: SYSTEM, direct: true });
  if (!placed.ok) throw new Error(placed.error);
  return placed.enrolmentId;
};

async function upload(cohortId: number, csv: string) {
  const body = new FormData();
  body.set("intent", "csv");
  body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
  return run(bulk.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/cohorts/${cohortId}/bulk`, { method: "POST", body }), { cohortId: String(cohortId) });
}

/** The read of who holds a place on another cohort, the moment another officer can beat. */
const READS_PLACES_ELSEWHERE = /select "e"\."person_id", "e"\."status", "c"\."name" as "cohort_name"/i;

describe("a bulk enrolment file", () => {
  it("names on its line someone holding a place on another cohort, with that cohort, and enrols nobody", async () => {
    const [free, alsoFree] = await peopleNamed("OPB-A", 2);
    const holder = await personIdOf("manager");
    const cohortId = await newCohort();
    const csv = ["employee_number", await employeeOf(free), await employeeOf(holder), await employeeOf(alsoFree)].join("\n");

    const refused = await upload(cohortId, csv);

    expect(refused.status).toBe(400);
    const employee = await employeeOf(holder);
    const problem = { line: 3, key: `${PLUGIN_ID}:bulk.errors.placeElsewhere`, values: { employee, cohort: "Cohort 1" } };
    expect(refused.data).toEqual({ kind: "problems", problems: [problem] });
    expect(await placesOn(cohortId)).toEqual([]);
    expect(fixedT("en-GB")(problem.key, problem.values)).toBe(`${employee} already has a place, a request or a waiting-list place on Cohort 1, another Level 5 cohort: someone can hold one place at a time`);
    expect(fixedT("cy")(problem.key, problem.values).replaceAll("&#x27;", "'")).toContain(`Mae gan ${employee} le, cais neu le ar y rhestr aros ar Cohort 1`);
  });

  it("names someone who has completed Level 5 on their line, beside the file's other problems", async () => {
    const [done] = await peopleNamed("OPB-B", 1);
    const finished = await newCohort();
    const enrolmentId = await placeOn(finished, done);
    await db().updateTable("enrolments").set({ status: "completed" }).where("id", "=", enrolmentId).execute();
    const cohortId = await newCohort();
    const employee = await employeeOf(done);

    const refused = await upload(cohortId, ["employee_number", "NOBODY-OPB", employee].join("\n"));

    expect((refused.data as { problems: unknown[] }).problems).toEqual([
      { line: 2, key: "bulk.errors.unknownEmployee", values: { employee: "NOBODY-OPB" } },
      { line: 3, key: `${PLUGIN_ID}:bulk.errors.completedAlready`, values: { employee, cohort: await cohortName(finished) } },
    ]);
    expect(await placesOn(cohortId)).toEqual([]);
  });

  it("enrols nobody when someone in it is given a place on another cohort after the check, and names their line", async () => {
    const [first, taken] = await peopleNamed("OPB-C", 2);
    const cohortId = await newCohort();
    const elsewhere = await newCohort();
    const csv = ["employee_number", await employeeOf(first), await employeeOf(taken)].join("\n");

    const refused = await whenFirstRead(READS_PLACES_ELSEWHERE, () => placeOn(elsewhere, taken), () => upload(cohortId, csv));

    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ kind: "problems", problems: [{ line: 3, key: `${PLUGIN_ID}:bulk.errors.placeElsewhere`, values: { employee: await employeeOf(taken), cohort: await cohortName(elsewhere) } }] });
    expect(await placesOn(cohortId)).toEqual([]);
    expect(await placesOn(elsewhere)).toEqual([{ person_id: taken, status: "enrolled" }]);
  });
});

describe("enrolling everyone a filter finds", () => {
  const path = (cohortId: number) => `/programmes/${PLUGIN_ID}/cohorts/${cohortId}/bulk`;
  const previewOf = async (cohortId: number) => (await run(bulk.loader, await requestAs("ld", `${path(cohortId)}?preview=1&role=team_manager`), { cohortId: String(cohortId) })).data as { preview: { total: number; leftOut: number; shown: string; people: { id: number }[] } };

  it("leaves out, and counts, those holding a place on another cohort", async () => {
    const cohortId = await newCohort(500);
    const holder = await personIdOf("manager");
    const holders = await db()
      .selectFrom("enrolments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("people as p", "p.id", "e.person_id")
      .select("e.person_id")
      .distinct()
      .where("c.programme_id", "=", PLUGIN_ID)
      .where("e.status", "in", ["requested", "approved", "waitlisted", "enrolled", "completed"])
      .where("p.role_category", "=", "team_manager")
      .where("p.employment_status", "=", "active")
      .execute();
    expect(holders.length).toBeGreaterThan(0);

    const page = await previewOf(cohortId);

    expect(page.preview.leftOut).toBe(holders.length);
    expect(page.preview.people.map((p) => p.id)).not.toContain(holder);
    const shown = await renderedAfterPost(bulk.default, page, null);
    expect(shown).toContain(`Left out, as they hold a place, a request or a waiting-list place on another Level 5 cohort, or have completed Level 5: ${holders.length}.`);
    const cy = (await renderedAfterPost(bulk.default, page, null, "cy")).replaceAll("&#x27;", "'");
    expect(cy).toContain(`Wedi'u gadael allan, gan fod ganddynt le, cais neu le ar y rhestr aros ar garfan Lefel 5 arall, neu eu bod wedi cwblhau Lefel 5: ${holders.length}.`);
  });

  it("enrols nobody, and shows the list again, when one of them is given a place on another cohort meanwhile", async () => {
    await peopleNamed("OPB-D", 2);
    const cohortId = await newCohort(500);
    const elsewhere = await newCohort();
    const { preview } = await previewOf(cohortId);
    expect(preview.total).toBeGreaterThan(1);
    const taken = preview.people[0].id;
    const post = async () => run(bulk.action, await requestAs("ld", path(cohortId), form({ intent: "filter", role: "team_manager", reason: "Agreed with the head of service", shown: preview.shown })), { cohortId: String(cohortId) });

    const refused = await whenFirstRead(READS_PLACES_ELSEWHERE, () => placeOn(elsewhere, taken), post);

    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ kind: "error", error: "bulk.errors.listChanged" });
    expect(await placesOn(cohortId)).toEqual([]);
    expect((await previewOf(cohortId)).preview.people.map((p) => p.id)).not.toContain(taken);
  });
});
