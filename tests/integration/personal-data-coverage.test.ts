// Every table about a person reaches that person's download, every column of every row with its value.
// The tables are found from the migrated schema, core and every plugin's (tests/support/person-references.ts):
// a table with a `person_id`, or one pointing at a row about a person (a mark through its place, an ASYE
// review through its year, a panel's score through the application). For each, every row of enough people
// to see each column empty and filled, and each value of a code, is looked for in the download of whom it
// is about. A table added without its line in the download, a column left out of it, or rows dropped by
// their status fail here, unless listed below with the reason they are left out.
import { beforeAll, describe, expect, it } from "vitest";
import { personalDataOf } from "../../app/services/personal-data.server";
import { accountThrottleKey } from "../../app/services/sign-in.server";
import { db } from "../../app/utils/db.server";
import { pdDb } from "../../plugins/practice-development/server/db.server";
import { ripDb } from "../../plugins/research-in-practice/server/db.server";
import { DEMO_EMAILS, personIdOf, seedDemo } from "../support/fixtures";
import {
  PEOPLE, foreignKeys, nameOf, namingColumns, rowsAboutPeople, subjectsOf, tableColumns,
  type Reference, type Row, type Subjects,
} from "../support/person-references";
import { seedRowsTheDemoLeavesOut } from "../support/unseeded-personal-rows";

const unkeyed = (table: string, column: string, target = PEOPLE): Reference => ({ table, column, target, targetColumn: "id" });

/** Columns that hold a person's or an account's id with no foreign key, so the schema's keys do not show them. */
const UNKEYED: Reference[] = [
  // The audit log keeps naming people and accounts after they are gone, so it has no keys to them.
  unkeyed("audit_events", "person_id"),
  unkeyed("audit_events", "actor_person_id"),
  unkeyed("audit_events", "actor_user_id", "users"),
  // Practice development keeps who wrote or closed a briefing, audit or rollout as a plain number.
  unkeyed("practice_development_audits", "created_by"),
  unkeyed("practice_development_audit_findings", "created_by"),
  unkeyed("practice_development_audit_actions", "created_by"),
  unkeyed("practice_development_audit_actions", "closed_by"),
  unkeyed("practice_development_briefings", "updated_by"),
  unkeyed("practice_development_briefing_versions", "created_by"),
  unkeyed("practice_development_rollouts", "created_by"),
  unkeyed("practice_development_rollouts", "closed_by"),
];

/** What a column that holds a person's or an account's id is called: one without a key must be in UNKEYED. */
const LOOKS_LIKE_A_PERSON = /(^|_)(person|user)_id$|_by$/;

const COLLEAGUE = "a colleague who did something on another person's record: the row is that person's, and is in their download naming the colleague";
const SAME_PERSON = "another record of the same person, checked as a table of its own";
const SERVICE_WORK = "who did a piece of the service's own work, about no one; what they did is in the audit events they made";

/**
 * Columns that point at a person, or a row about one, on a row that is not theirs: each with the reason its
 * row is not in their download. The row is still in its own person's download with this column in it,
 * which the check of every row below holds.
 */
const NAMED_NOT_ABOUT: Record<string, string> = {
  "people.line_manager_id": "the manager named on their report's staff record, which is the report's",
  "apprenticeship_applications.manager_id": COLLEAGUE,
  "apprenticeship_applications.enrolment_id": SAME_PERSON,
  "apprenticeship_ledger.recorded_by": COLLEAGUE,
  "apprenticeship_reviews.recorded_by": COLLEAGUE,
  "apprenticeship_scores.panel_member_id": COLLEAGUE,
  "asye_evidence.recorded_by": COLLEAGUE,
  "asye_leave.recorded_by": COLLEAGUE,
  "asye_reviews.recorded_by": COLLEAGUE,
  "asye_supervision.recorded_by": COLLEAGUE,
  "asye_years.assessor_id": COLLEAGUE,
  "asye_years.supervisor_id": COLLEAGUE,
  "asye_years.recommended_by": COLLEAGUE,
  "asye_years.decided_by": COLLEAGUE,
  "asye_years.created_by": COLLEAGUE,
  "attendance.marked_by": COLLEAGUE,
  "audit_events.actor_person_id": "who made the event: in their download as an event they made, without the values of an event about someone else, which are that person's",
  "audit_events.actor_user_id": "the account that made the event, whose person is actor_person_id",
  "career_stage_history.recorded_by": COLLEAGUE,
  "enrolments.requested_by": COLLEAGUE,
  "enrolments.decided_by": COLLEAGUE,
  "job_runs.started_by": SERVICE_WORK,
  "leadership_completions.recorded_by": COLLEAGUE,
  "leadership_guided_learning.confirmed_by": COLLEAGUE,
  "leadership_unit_results.assessed_by": COLLEAGUE,
  "naas_candidates.endorsed_by": COLLEAGUE,
  "naas_candidates.outcome_by": COLLEAGUE,
  "naas_evidence.offer_id": SAME_PERSON,
  "naas_ratings.reviewed_by": COLLEAGUE,
  "practice_development_audits.created_by": SERVICE_WORK,
  "practice_development_audit_findings.created_by": SERVICE_WORK,
  "practice_development_audit_actions.created_by": SERVICE_WORK,
  "practice_development_audit_actions.closed_by": SERVICE_WORK,
  "practice_development_briefings.updated_by": SERVICE_WORK,
  "practice_development_briefing_versions.created_by": SERVICE_WORK,
  "practice_development_rollouts.created_by": SERVICE_WORK,
  "practice_development_rollouts.closed_by": SERVICE_WORK,
  "progression_requests.manager_id": COLLEAGUE,
  "progression_requests.panel_decided_by": COLLEAGUE,
};

/** Columns of a row about a person that their download leaves out, each with the reason. */
const LEFT_OUT: Record<string, string> = {
  "people.search_text": "their name, email and employee number run together for the people search, each given on its own",
  "users.password_hash": "a secret of the account, which says nothing about the person",
  "auth_sessions.id": "the secret in the session's cookie: the download says when each session ends",
  "practice_development_confirmations.id": "the confirmation's number inside the database: the briefing, version and time say which it is",
};

/** A column the download gives in other words, under another name: how to find its value there. */
interface Reworded {
  as: string;
  expected?: (row: Row) => Promise<unknown>;
  holds?: (given: unknown, expected: unknown) => boolean;
}

/** One rating of an evaluation's stage, with the objective its form showed (null past the end of those shown). */
type Rated = { objective: string | null; rating: unknown };

/** The course's objectives as they are now, for answers kept without the objectives their form showed. */
async function currentObjectivesOf(enrolmentId: number) {
  const course = await ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select("course.objectives_json")
    .where("e.id", "=", enrolmentId)
    .executeTakeFirst();
  return course ? (JSON.parse(course.objectives_json) as string[]) : [];
}

/** A stage's ratings, each with the objective the stage's form showed, as kept beside them. */
async function ratingsShown(row: Row, side: "before" | "after"): Promise<Rated[]> {
  const ratings = JSON.parse(String(row[`${side}_json`] ?? "[]")) as unknown[];
  const kept = row[`${side}_objectives_json`];
  const objectives = kept ? (JSON.parse(String(kept)) as string[]) : await currentObjectivesOf(Number(row.enrolment_id));
  return ratings.map((rating, i) => ({ objective: objectives[i] ?? null, rating }));
}

/**
 * The answers of an evaluation's stage, each beside the objective it rates: the download pairs them by the
 * objective's text, never its place in the list, as the provider may reorder or reword the objectives between
 * the two forms. A text listed twice is its first record, then its second; ratings past the end of the
 * objectives shown are looked for, in order, among the records with no objective that hold one for the stage.
 */
const ratingsHold = (side: "before" | "after") => (given: unknown, answers: unknown) => {
  if (!Array.isArray(given)) return false;
  const records = given as Row[];
  const seen = new Map<string | null, number>();
  return (answers as Rated[]).every(({ objective, rating }) => {
    const n = seen.get(objective) ?? 0;
    seen.set(objective, n + 1);
    const candidates = records.filter((r) => r.objective === objective && (objective !== null || r[side] != null));
    return candidates[n] !== undefined && same(candidates[n][side], rating);
  });
};

const REWORDED: Record<string, Reworded> = {
  // Named by the briefing's title, which the person can read.
  "practice_development_confirmations.briefing_id": {
    as: "briefing",
    expected: async (row) => (await pdDb().selectFrom("practice_development_briefings").select("title").where("id", "=", Number(row.briefing_id)).executeTakeFirst())?.title,
  },
  // Each answer beside the objective it rates.
  "research_in_practice_evaluations.before_json": { as: "ratings", expected: (row) => ratingsShown(row, "before"), holds: ratingsHold("before") },
  "research_in_practice_evaluations.after_json": { as: "ratings", expected: (row) => ratingsShown(row, "after"), holds: ratingsHold("after") },
  // The notice in words, in the reader's language, with its values in it.
  "notices.values_json": {
    as: "message",
    expected: async (row) => Object.values(JSON.parse(String(row.values_json)) as Record<string, unknown>),
    holds: (message, values) => typeof message === "string" && (values as unknown[]).every((v) => message.includes(String(v))),
  },
  // The account's roles, listed on the account.
  "user_roles.role": { as: "roles", holds: (roles, role) => Array.isArray(roles) && roles.includes(role) },
};

/** The same value as the database gave it, whatever the driver's type for a date. */
const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : value == null ? null : String(value));
const same = (a: unknown, b: unknown) => comparable(a) === comparable(b);

/** Every object inside a value, however deep in lists and groups. */
function recordsIn(value: unknown): Row[] {
  if (Array.isArray(value)) return value.flatMap(recordsIn);
  if (value && typeof value === "object" && !(value instanceof Date)) return [value as Row, ...Object.values(value).flatMap(recordsIn)];
  return [];
}

interface Wanted {
  column: string;
  key: string;
  expected: unknown;
  holds: (given: unknown, expected: unknown) => boolean;
}

/** What a row's download record must hold: each column but the link to the person and those left out. */
async function wantedOf(table: string, row: Row, link: string): Promise<Wanted[]> {
  const columns = Object.keys(row).filter((column) => column !== link && !(`${table}.${column}` in LEFT_OUT));
  return Promise.all(
    columns.map(async (column) => {
      const reworded = REWORDED[`${table}.${column}`];
      return {
        column,
        key: reworded?.as ?? column,
        expected: reworded?.expected ? await reworded.expected(row) : row[column],
        holds: reworded?.holds ?? same,
      };
    }),
  );
}

/**
 * What of the row the download lacks: nothing when one record holds every column the row should show,
 * else the columns the closest record lacks, or the row itself when none holds half of them.
 */
function lacking(records: Row[], table: string, wanted: Wanted[]): string[] {
  let closest: Wanted[] = wanted;
  for (const record of records) {
    const missing = wanted.filter((w) => !(w.key in record) || !w.holds(record[w.key], w.expected));
    if (missing.length === 0) return [];
    if (missing.length < closest.length) closest = missing;
  }
  return closest.length * 2 > wanted.length ? [`${table}: a row not in the download`] : closest.map((w) => `${table}.${w.column}`);
}

/** A column with this many values or fewer holds a code (a status, a kind, an outcome): each value is looked for. */
const FEW_VALUES = 8;

/**
 * Whose rows of a table are looked for (each of their rows): enough people that each column is seen both
 * empty and filled, and each value of a code, so a download that drops rows by their status, or those
 * with a date not yet set, misses one. Those whose download is made already are taken first.
 */
function peopleToLookFor(rows: { personId: number; row: Row }[], downloaded: Set<number>): Set<number> {
  const values = new Map<string, Set<string | null>>();
  for (const { row } of rows) for (const [column, value] of Object.entries(row)) values.set(column, (values.get(column) ?? new Set()).add(comparable(value)));
  const facetsOf = (row: Row) =>
    Object.entries(row).flatMap(([column, value]) => {
      const v = comparable(value);
      return [`${column} ${v === null ? "empty" : "filled"}`, ...(values.get(column)!.size <= FEW_VALUES ? [`${column} = ${v}`] : [])];
    });
  const rowsOf = new Map<number, Row[]>();
  for (const { personId, row } of rows) rowsOf.set(personId, [...(rowsOf.get(personId) ?? []), row]);
  const order = [...rowsOf.keys()].sort((a, b) => Number(downloaded.has(b)) - Number(downloaded.has(a)));
  const seen = new Set<string>();
  const people = new Set<number>();
  for (const personId of order) {
    const facets = rowsOf.get(personId)!.flatMap(facetsOf);
    if (facets.every((f) => seen.has(f))) continue;
    people.add(personId);
    for (const f of facets) seen.add(f);
  }
  return people;
}

let references: Reference[];
let subjects: Subjects;
let columns: Map<string, string[]>;

/**
 * One evaluation whose stages kept different objectives, as the form keeps them when the provider reorders a
 * course's objectives between the before- and after-course forms (the demo's answers keep none): the
 * download must pair each rating with its objective by text, where pairing by place would pair it wrongly.
 */
async function evaluationRatedAcrossReorderedObjectives() {
  const rated = await ripDb()
    .selectFrom("research_in_practice_evaluations as ev")
    .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select(["ev.enrolment_id", "ev.before_json", "course.objectives_json"])
    .where("ev.before_json", "is not", null)
    .where("ev.after_json", "is not", null)
    .orderBy("ev.enrolment_id")
    .execute();
  const chosen = rated.find((row) => (JSON.parse(row.objectives_json) as string[]).length >= 2)!;
  const objectives = JSON.parse(chosen.objectives_json) as string[];
  await ripDb()
    .updateTable("research_in_practice_evaluations")
    .set({ before_objectives_json: chosen.objectives_json, after_objectives_json: JSON.stringify([...objectives].reverse()), after_json: JSON.stringify(objectives.map((_, i) => 1 + (i % 5))) })
    .where("enrolment_id", "=", chosen.enrolment_id)
    .execute();
}

beforeAll(async () => {
  await seedDemo();
  await seedRowsTheDemoLeavesOut();
  await evaluationRatedAcrossReorderedObjectives();
  references = [...(await foreignKeys()), ...UNKEYED];
  subjects = subjectsOf(references);
  columns = await tableColumns();
});

describe("finding the tables about a person", () => {
  it("knows each column named as a person's or an account's id, keyed or listed as unkeyed", () => {
    const keyed = new Set(references.map(nameOf));
    const unknown = [...columns].flatMap(([table, names]) => names.filter((c) => LOOKS_LIKE_A_PERSON.test(c) && !keyed.has(`${table}.${c}`)).map((c) => `${table}.${c}`));
    expect(unknown).toEqual([]);
    // Each one listed is still there, so the list cannot outlive the schema.
    expect(UNKEYED.filter((r) => !columns.get(r.table)?.includes(r.column)).map(nameOf)).toEqual([]);
  });

  it("finds the core's and every programme's, through chains of rows about a person", () => {
    const found = [...subjects.keys()];
    for (const table of ["people", "users", "user_roles", "auth_sessions", "enrolments", "attendance", "audit_events", "notices", "naas_offer_decisions"]) expect(found).toContain(table);
    for (const prefix of ["apprenticeship_", "asye_", "leadership_", "naas_", "practice_development_", "research_in_practice_"]) expect(found.some((t) => t.startsWith(prefix)), prefix).toBe(true);
    expect(subjects.get("asye_leave")?.target).toBe("asye_years");
    expect(subjects.get("apprenticeship_scores")?.target).toBe("apprenticeship_applications");
    expect(subjects.get("auth_sessions")?.target).toBe("users");
  });

  it("gives a reason for each column that names a person on a row that is not theirs", () => {
    expect(namingColumns(references, subjects)).toEqual(Object.keys(NAMED_NOT_ABOUT).sort());
    expect(Object.keys(LEFT_OUT).filter((c) => !columns.get(c.split(".")[0])?.includes(c.split(".")[1]))).toEqual([]);
  });
});

describe("the personal-data download", () => {
  const downloads = new Map<number, Row[]>();
  async function recordsOf(personId: number) {
    if (!downloads.has(personId)) downloads.set(personId, recordsIn(await personalDataOf(personId, "en-GB")));
    return downloads.get(personId)!;
  }

  it("holds every row of every table about a person, each column with its value", async () => {
    const unseeded: string[] = [];
    const missing = new Set<string>();
    for (const table of [...subjects.keys()].sort()) {
      // The rows about someone (a ledger's levy payment is about no one), in the download of whom each is about.
      const rows = await rowsAboutPeople(subjects, table);
      if (rows.length === 0) unseeded.push(table);
      const people = peopleToLookFor(rows, new Set(downloads.keys()));
      for (const { personId, row } of rows.filter((r) => people.has(r.personId))) {
        const wanted = await wantedOf(table, row, subjects.get(table)!.column);
        for (const gap of lacking(await recordsOf(personId), table, wanted)) missing.add(gap);
      }
    }
    // A table about a person with no row to look for: seed one (tests/support/unseeded-personal-rows.ts).
    expect(unseeded).toEqual([]);
    expect([...missing].sort()).toEqual([]);
  });

  // Not reached through an id: failed sign-ins are counted against an account by its address.
  it("holds the failed sign-ins counted against the account, not those against an address, which are not theirs alone", async () => {
    const attempts = await db().selectFrom("login_attempts").select(["key", "failures", "last_failed_at", "blocked_until"]).orderBy("key").execute();
    expect(attempts.map((a) => a.key)).toEqual([accountThrottleKey(DEMO_EMAILS.asye), "address:192.0.2.44"]);
    const download = await personalDataOf(await personIdOf("asye"), "en-GB");
    expect(download?.signInThrottling).toEqual([{ failures: 1, last_failed_at: attempts[0].last_failed_at, blocked_until: attempts[0].blocked_until }]);
  });
});
