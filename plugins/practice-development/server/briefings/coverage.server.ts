// Whether people are covered by a briefing: they confirmed a version that still counts, or attended a
// session of one (held: begun, not cancelled); booked when they hold a place on an upcoming session;
// otherwise not yet. A rollout's progress is one grouped query per rollout, over people as they are now
// (so someone who joined or moved team during the rollout counts where they are today). Per-person answers (for readiness, /me
// and induction) take a whole list of people in a few queries per chunk, never one per person.
import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import { peopleScope, scopedPeople, type PeopleScope } from "../../../../app/utils/permissions.server";
import { peopleKey, readOncePerRequest } from "../../../../app/utils/request-memo.server";
import type { Viewer } from "../../../sdk";
import { PLUGIN_ID, type Coverage } from "../../programme";
import type { PdDatabase } from "../db.server";
import { pdDb } from "../db.server";

const CHUNK = 2000;
export function chunked<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export interface RolloutTargets {
  roles: string[];
  teams: number[];
  localities: number[];
}

export interface RolloutRow extends RolloutTargets {
  id: number;
  briefing_id: number;
  title: string;
  delivery: "read" | "session";
  version: number;
  counts_from_version: number;
  starts_on: string;
  due_on: string;
  target_percent: number;
  /** When it was closed, and by whom (their name where they are a person on record); null while open. */
  closed_at: string | null;
  closed_by_name: string | null;
}

/** Rollouts with their briefing and targets: all of them, or those named, open or closed. Two queries. */
export function loadRollouts(db: Kysely<PdDatabase>, ids?: number[]): Promise<RolloutRow[]> {
  return readRollouts(db, ids, false);
}

/**
 * The rollouts still asked of people. A closed rollout is asked of nobody: readiness, /me and the
 * programme's home read only these, and so does the "latest due rollout of a briefing counts" rule.
 */
export function openRollouts(db: Kysely<PdDatabase>): Promise<RolloutRow[]> {
  return readRollouts(db, undefined, true);
}

async function readRollouts(db: Kysely<PdDatabase>, ids: number[] | undefined, openOnly: boolean): Promise<RolloutRow[]> {
  let query = db
    .selectFrom("practice_development_rollouts as r")
    .innerJoin("practice_development_briefings as b", "b.id", "r.briefing_id")
    .leftJoin("people as closer", "closer.id", "r.closed_by")
    .select(["r.id", "r.briefing_id", "b.title", "b.delivery", "b.version", "b.counts_from_version", "r.starts_on", "r.due_on", "r.target_percent", "r.closed_at", "closer.given_name as closer_given", "closer.family_name as closer_family"])
    .orderBy("r.due_on")
    .orderBy("r.id");
  if (ids) {
    if (ids.length === 0) return [];
    query = query.where("r.id", "in", ids);
  }
  if (openOnly) query = query.where("r.closed_at", "is", null);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const targets = await db.selectFrom("practice_development_rollout_targets").select(["rollout_id", "kind", "value"]).where("rollout_id", "in", rows.map((r) => r.id)).execute();
  return rows.map(({ closer_given, closer_family, ...r }) => {
    const mine = targets.filter((t) => t.rollout_id === r.id);
    return {
      ...r,
      closed_by_name: closer_given === null ? null : `${closer_given} ${closer_family}`,
      roles: mine.filter((t) => t.kind === "role").map((t) => t.value),
      teams: mine.filter((t) => t.kind === "team").map((t) => Number(t.value)),
      localities: mine.filter((t) => t.kind === "locality").map((t) => Number(t.value)),
    };
  });
}

/** Whether a rollout is meant for someone, by their role, team and the team's locality today. */
export function targets(rollout: RolloutTargets, person: { role_category: string; team_id: number; locality_id: number | null; employment_status: string }) {
  if (person.employment_status !== "active") return false;
  if (rollout.roles.length && !rollout.roles.includes(person.role_category)) return false;
  if (rollout.teams.length === 0 && rollout.localities.length === 0) return true;
  return rollout.teams.includes(person.team_id) || (person.locality_id !== null && rollout.localities.includes(person.locality_id));
}

// Who is covered or booked, as sets of people worked out once per query from the briefing's side (its
// confirmations, the enrolments on its cohorts), not per person: `people.id in (…)` with no reference to
// the outer row is read once (SQLite builds it into a temporary index, PostgreSQL into a hash), where an
// EXISTS per person walked each of the workforce's enrolments (0.4–0.5 s a rollout for 62,579 people on
// SQLite, against 30–70 ms this way). Both person_id columns are NOT NULL, so `not in` never meets a NULL.
// Attendance counts only at a session held (scheduled and begun, the core's `sessionHeld`): a "present"
// left on a session later cancelled, or written ahead of one to come, is not training anyone had.
const coveredPeople = (briefingId: number, from: number, now: string) => sql`(select pdc.person_id from practice_development_confirmations pdc where pdc.briefing_id = ${briefingId} and pdc.version >= ${from}
  union select pde.person_id from practice_development_cohorts pdk inner join enrolments pde on pde.cohort_id = pdk.cohort_id inner join attendance pda on pda.enrolment_id = pde.id
    inner join cohort_sessions pdh on pdh.id = pda.session_id
    where pdk.briefing_id = ${briefingId} and pdk.briefing_version >= ${from} and pda.status = 'present' and pdh.status = 'scheduled' and pdh.starts_at <= ${now})`;

const bookedPeople = (briefingId: number, from: number, now: string) => sql`(select pde.person_id from practice_development_cohorts pdk inner join enrolments pde on pde.cohort_id = pdk.cohort_id
    where pdk.briefing_id = ${briefingId} and pdk.briefing_version >= ${from} and pde.status = 'enrolled'
    and exists (select 1 from cohort_sessions pds where pds.cohort_id = pde.cohort_id and pds.status = 'scheduled' and pds.starts_at > ${now}))`;

const covered = (briefingId: number, from: number, now: string) => sql<SqlBool>`people.id in ${coveredPeople(briefingId, from, now)}`;
const booked = (briefingId: number, from: number, now: string) => sql<SqlBool>`people.id in ${bookedPeople(briefingId, from, now)}`;

export interface ProgressRow {
  id: number;
  name: string;
  total: number;
  covered: number;
  booked: number;
  notYet: number;
}

export interface RolloutProgress {
  teams: (ProgressRow & { locality: string })[];
  localities: ProgressRow[];
  total: ProgressRow;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
export const coveredShare = (row: Pick<ProgressRow, "covered" | "total">) => share(row.covered, row.total);

/**
 * A rollout's progress for the people the viewer may see (everyone for L&D; a manager's line), by team
 * and by locality: one grouped query. `onlyTeams` narrows it to those teams (a key-metrics scope).
 */
export async function rolloutProgress(rollout: RolloutRow, scope: PeopleScope, now = new Date(), onlyTeams: number[] | null = null): Promise<RolloutProgress> {
  const from = rollout.counts_from_version;
  const isCovered = covered(rollout.briefing_id, from, now.toISOString());
  const isBooked = booked(rollout.briefing_id, from, now.toISOString());
  let query = scopedPeople(scope)
    .innerJoin("org_units as t", "t.id", "people.team_id")
    .leftJoin("org_units as l", "l.id", "t.parent_id")
    .where("people.employment_status", "=", "active");
  if (rollout.roles.length) query = query.where("people.role_category", "in", rollout.roles);
  if (onlyTeams) query = query.where("people.team_id", "in", onlyTeams);
  if (rollout.teams.length || rollout.localities.length) {
    query = query.where((eb) => {
      const parts: Expression<SqlBool>[] = [];
      if (rollout.teams.length) parts.push(eb("people.team_id", "in", rollout.teams));
      if (rollout.localities.length) parts.push(eb("t.parent_id", "in", rollout.localities));
      return eb.or(parts);
    });
  }
  // A scope with no teams covers nobody. PostgreSQL refuses an empty `in ()`, so it is not asked.
  const rows = onlyTeams?.length === 0 ? [] : await query
    .select([
      "t.id as team_id",
      "t.name as team",
      "l.id as locality_id",
      "l.name as locality",
      (eb) => eb.fn.countAll<number>().as("total"),
      sql<number>`sum(case when ${isCovered} then 1 else 0 end)`.as("covered"),
      sql<number>`sum(case when not ${isCovered} and ${isBooked} then 1 else 0 end)`.as("booked"),
    ])
    .groupBy(["t.id", "t.name", "l.id", "l.name"])
    .execute();
  const teams = rows
    .map((r) => {
      const total = Number(r.total);
      const c = Number(r.covered ?? 0);
      const b = Number(r.booked ?? 0);
      return { id: r.team_id, name: r.team, locality: r.locality ?? r.team, localityId: r.locality_id ?? r.team_id, total, covered: c, booked: b, notYet: total - c - b };
    })
    .sort((a, b) => a.locality.localeCompare(b.locality) || a.name.localeCompare(b.name));
  const byLocality = new Map<number, ProgressRow>();
  const total: ProgressRow = { id: 0, name: "", total: 0, covered: 0, booked: 0, notYet: 0 };
  for (const team of teams) {
    const row = byLocality.get(team.localityId) ?? { id: team.localityId, name: team.locality, total: 0, covered: 0, booked: 0, notYet: 0 };
    for (const key of ["total", "covered", "booked", "notYet"] as const) {
      row[key] += team[key];
      total[key] += team[key];
    }
    byLocality.set(team.localityId, row);
  }
  return { teams: teams.map(({ localityId: _l, ...t }) => t), localities: [...byLocality.values()].sort((a, b) => a.name.localeCompare(b.name)), total };
}

/** The progress a viewer may see: everything for L&D and admins, their line for a manager. */
export const progressFor = (rollout: RolloutRow, viewer: Viewer, now = new Date()) => rolloutProgress(rollout, peopleScope(viewer), now);

export interface PersonFacts {
  id: number;
  role_category: string;
  team_id: number;
  locality_id: number | null;
  employment_status: string;
  employment_start: string;
}

/** The facts a rollout's audience is drawn from; /me asks for them twice (rollouts and induction), and reads once. */
export function peopleFacts(db: Kysely<PdDatabase>, personIds: number[]): Promise<PersonFacts[]> {
  return readOncePerRequest(`${PLUGIN_ID}:facts:${peopleKey(personIds)}`, () => readPeopleFacts(db, personIds));
}

async function readPeopleFacts(db: Kysely<PdDatabase>, personIds: number[]): Promise<PersonFacts[]> {
  const out: PersonFacts[] = [];
  for (const ids of chunked(personIds)) {
    out.push(
      ...(await db
        .selectFrom("people as p")
        .innerJoin("org_units as t", "t.id", "p.team_id")
        .select(["p.id", "p.role_category", "p.team_id", "t.parent_id as locality_id", "p.employment_status", "p.employment_start"])
        .where("p.id", "in", ids)
        .execute()),
    );
  }
  return out;
}

/**
 * Each person's standing on each briefing named (with the version from which confirmations count), in
 * three queries per chunk of people. Keyed `${personId}:${briefingId}`.
 */
export async function coverageOf(db: Kysely<PdDatabase>, personIds: number[], briefings: { id: number; countsFrom: number }[], now = new Date()): Promise<Map<string, Coverage>> {
  const result = new Map<string, Coverage>();
  if (personIds.length === 0 || briefings.length === 0) return result;
  const briefingIds = [...new Set(briefings.map((b) => b.id))];
  const from = new Map(briefings.map((b) => [b.id, b.countsFrom]));
  const best = (rows: { person_id: number; briefing_id: number | null; version: number | null }[]) => {
    const map = new Map<string, number>();
    for (const r of rows) if (r.briefing_id !== null) map.set(`${r.person_id}:${r.briefing_id}`, Number(r.version ?? 0));
    return map;
  };
  for (const ids of chunked(personIds)) {
    const [confirmed, attended, bookedRows] = await Promise.all([
      db
        .selectFrom("practice_development_confirmations")
        .select(["person_id", "briefing_id", (eb) => eb.fn.max("version").as("version")])
        .where("person_id", "in", ids)
        .where("briefing_id", "in", briefingIds)
        .groupBy(["person_id", "briefing_id"])
        .execute(),
      db
        .selectFrom("enrolments as e")
        .innerJoin("practice_development_cohorts as k", "k.cohort_id", "e.cohort_id")
        .innerJoin("attendance as a", "a.enrolment_id", "e.id")
        .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
        .select(["e.person_id", "k.briefing_id", (eb) => eb.fn.max("k.briefing_version").as("version")])
        .where("e.person_id", "in", ids)
        .where("k.briefing_id", "in", briefingIds)
        .where("a.status", "=", "present")
        .where("s.status", "=", "scheduled")
        .where("s.starts_at", "<=", now.toISOString())
        .groupBy(["e.person_id", "k.briefing_id"])
        .execute(),
      db
        .selectFrom("enrolments as e")
        .innerJoin("practice_development_cohorts as k", "k.cohort_id", "e.cohort_id")
        .select(["e.person_id", "k.briefing_id", (eb) => eb.fn.max("k.briefing_version").as("version")])
        .where("e.person_id", "in", ids)
        .where("k.briefing_id", "in", briefingIds)
        .where("e.status", "=", "enrolled")
        .where((eb) => eb.exists(eb.selectFrom("cohort_sessions as s").select("s.id").whereRef("s.cohort_id", "=", "e.cohort_id").where("s.status", "=", "scheduled").where("s.starts_at", ">", now.toISOString())))
        .groupBy(["e.person_id", "k.briefing_id"])
        .execute(),
    ]);
    const c = best(confirmed as never);
    const a = best(attended as never);
    const b = best(bookedRows as never);
    for (const person of ids) {
      for (const briefing of briefingIds) {
        const key = `${person}:${briefing}`;
        const min = from.get(briefing)!;
        result.set(key, (c.get(key) ?? 0) >= min || (a.get(key) ?? 0) >= min ? "covered" : (b.get(key) ?? 0) >= min ? "booked" : "not_yet");
      }
    }
  }
  return result;
}

/** For a list of people: each open rollout meant for them and where they stand on it. */
export function rolloutStandings(db: Kysely<PdDatabase>, personIds: number[], now = new Date()) {
  // /me asks twice for the same person (readiness and the card): a page request reads once.
  return readOncePerRequest(`${PLUGIN_ID}:standings:${peopleKey(personIds)}`, () => readRolloutStandings(db, personIds, now));
}

async function readRolloutStandings(db: Kysely<PdDatabase>, personIds: number[], now: Date) {
  const rollouts = await openRollouts(db);
  if (rollouts.length === 0 || personIds.length === 0) return { rollouts, people: [] as PersonFacts[], standing: new Map<string, Coverage>() };
  const people = await peopleFacts(db, personIds);
  const standing = await coverageOf(db, personIds, rollouts.map((r) => ({ id: r.briefing_id, countsFrom: r.counts_from_version })), now);
  return { rollouts, people, standing };
}

export const defaultDb = () => pdDb();
