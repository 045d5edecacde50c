// Who may do what, and who may see whom. Every loader and action goes through `authorize` (what the
// role may do) and, where it touches people, `peopleScope` (whom the viewer may see).
import type { Kysely } from "kysely";
import type { Role, Viewer } from "../../plugins/sdk";
import type { Database } from "../../db/schema";
import { db } from "./db.server";

export type Capability =
  | "me.view"
  | "team.view"
  | "person.view"
  | "person.export"
  | "admin.view"
  | "people.list"
  | "people.import"
  | "plugins.manage"
  | "audit.read"
  | "programmes.view"
  | "cohorts.manage"
  | "frameworks.manage"
  | "pathway.manage"
  | "progression.decide";

const SIGNED_IN: Role[] = ["practitioner", "manager", "learning_development", "admin"];

const CAPABILITIES: Record<Capability, Role[]> = {
  "me.view": SIGNED_IN,
  "programmes.view": SIGNED_IN,
  "team.view": ["manager"],
  "person.view": ["manager", "learning_development", "admin"],
  "person.export": ["admin"],
  "admin.view": ["learning_development", "admin"],
  "people.list": ["learning_development", "admin"],
  "people.import": ["learning_development", "admin"],
  "plugins.manage": ["admin"],
  "audit.read": ["admin"],
  "cohorts.manage": ["learning_development", "admin"],
  "frameworks.manage": ["admin"],
  // The career pathway's stages are set by admins; the progression panel is L&D and admins.
  "pathway.manage": ["admin"],
  "progression.decide": ["learning_development", "admin"],
};

export function can(viewer: Pick<Viewer, "roles">, capability: Capability): boolean {
  return viewer.roles.some((role) => CAPABILITIES[capability].includes(role));
}

export type PeopleScope =
  | { kind: "everyone" }
  | { kind: "reports"; managerId: number }
  | { kind: "self"; personId: number };

/**
 * The one answer to "whom may this viewer see?": L&D and admins everyone; a manager everyone below them
 * in the line-management tree; anyone else only themself.
 */
export function peopleScope(viewer: Viewer): PeopleScope {
  if (viewer.roles.includes("admin") || viewer.roles.includes("learning_development")) return { kind: "everyone" };
  if (viewer.roles.includes("manager")) return { kind: "reports", managerId: viewer.personId };
  return { kind: "self", personId: viewer.personId };
}

type ScopedDb = Kysely<Database & { reports: { id: number } }>;

/**
 * A query over `people` limited to the scope; callers add their own joins, columns and paging.
 * A manager's reports come from one recursive query (UNION, so a loop in HR data cannot run forever).
 */
export function scopedPeople(scope: PeopleScope, from: Kysely<Database> = db()) {
  const base = from as unknown as ScopedDb;
  if (scope.kind === "reports") {
    return base
      .withRecursive("reports", (qb) =>
        qb
          .selectFrom("people")
          .select("people.id")
          .where("people.line_manager_id", "=", scope.managerId)
          .union(qb.selectFrom("people").innerJoin("reports", "reports.id", "people.line_manager_id").select("people.id")),
      )
      .selectFrom("people")
      .where("people.id", "in", (qb) => qb.selectFrom("reports").select("reports.id"));
  }
  const all = base.selectFrom("people");
  return scope.kind === "self" ? all.where("people.id", "=", scope.personId) : all;
}

/**
 * Whether the viewer manages this person somewhere up the line, whatever other roles they hold: a line
 * manager who is also in L&D still decides as the manager.
 */
export async function managesPerson(viewer: Viewer, personId: number): Promise<boolean> {
  return viewer.roles.includes("manager") && (await onLineOf(viewer.personId, personId));
}

/**
 * Whether the person is somewhere below the manager in the line-management tree, read through `from`: a
 * decision's transaction reads it again there, as the line may have moved since its page was drawn.
 */
export async function onLineOf(managerId: number, personId: number, from: Kysely<Database> = db()): Promise<boolean> {
  if (personId === managerId) return false;
  const row = await scopedPeople({ kind: "reports", managerId }, from).select("people.id").where("people.id", "=", personId).executeTakeFirst();
  return row !== undefined;
}

/** Whether the viewer may see this person: themself always, others through their scope. */
export async function canSeePerson(viewer: Viewer, personId: number): Promise<boolean> {
  if (personId === viewer.personId) return true;
  const row = await scopedPeople(peopleScope(viewer)).select("people.id").where("people.id", "=", personId).executeTakeFirst();
  return row !== undefined;
}
