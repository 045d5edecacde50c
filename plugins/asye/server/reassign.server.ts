// L&D changing a running year's assessor or supervisor: the one who left, or a new practice educator.
// Only who holds the roles changes; a recommendation already made stays, and the new assessor may replace it.
// Whoever is newly given a role is told, and so is the worker, in the same transaction as the change.
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { addNotices } from "../../../app/services/notices.server";
import type { Database } from "../../../app/utils/db.server";
import { asyeDb } from "./db.server";
import { reassignNotices } from "./reassign-notices.server";
import { refusedRoles, roleRefusal, type RoleRefusal } from "./roles.server";
import type { YearPicture } from "./years.server";

export interface ReassignInput {
  assessorId: number;
  supervisorId: number;
  /** The assessor and supervisor the page showed, so a change made since is read before it is replaced. */
  shownAssessorId: number | null;
  shownSupervisorId: number | null;
}

type ReassignField = "assessor" | "supervisor";
export type ReassignError = "reassign.errors.closed" | "reassign.errors.changed" | `reassign.errors.${RoleRefusal}`;
export type ReassignResult = { ok: true; changed: boolean } | { ok: false; error: ReassignError; fieldErrors?: Partial<Record<ReassignField, string[]>> };

/** The employee numbers of the year's assessor and supervisor, for the form to offer as they stand. */
export async function rolesAsNumbers(picture: YearPicture) {
  const { assessor_id, supervisor_id } = picture.year;
  const rows = await asyeDb().selectFrom("people").select(["id", "employee_number"]).where("id", "in", [assessor_id, supervisor_id]).execute();
  const numberOf = (id: number) => rows.find((r) => r.id === id)?.employee_number ?? "";
  return { assessor: numberOf(assessor_id), supervisor: numberOf(supervisor_id) };
}

/**
 * Gives the year a new assessor and/or supervisor, audited in the same transaction. The update lands only
 * on the year as the page showed it, still running and with the same two people: a colleague's change
 * made meanwhile, or a decision, is read first rather than overwritten (409).
 */
export async function reassign(picture: YearPicture, input: ReassignInput, actor: Actor): Promise<ReassignResult> {
  const { year } = picture;
  if (year.decision === "pass" || year.decision === "fail") return { ok: false, error: "reassign.errors.closed" };
  // The start form's rules: not the worker themself, nor anyone still in their own ASYE or not a qualified
  // social worker; the form's overall error is the one its fields give, as on the start form.
  const roleErrors = await refusedRoles({ workerId: year.person_id, assessorId: input.assessorId, supervisorId: input.supervisorId });
  if (Object.keys(roleErrors).length > 0) return { ok: false, error: `reassign.errors.${roleRefusal(roleErrors)}`, fieldErrors: roleErrors };
  if (input.shownAssessorId !== year.assessor_id || input.shownSupervisorId !== year.supervisor_id) return { ok: false, error: "reassign.errors.changed" };
  if (input.assessorId === year.assessor_id && input.supervisorId === year.supervisor_id) return { ok: true, changed: false };
  const landed = await asyeDb()
    .transaction()
    .execute(async (trx) => {
      const updated = await trx
        .updateTable("asye_years")
        .set({ assessor_id: input.assessorId, supervisor_id: input.supervisorId, updated_at: new Date().toISOString() })
        .where("id", "=", year.id)
        .where("assessor_id", "=", year.assessor_id)
        .where("supervisor_id", "=", year.supervisor_id)
        .where((eb) => eb.or([eb("decision", "is", null), eb("decision", "=", "extend")]))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      const before = { assessorId: year.assessor_id, supervisorId: year.supervisor_id };
      const after = { assessorId: input.assessorId, supervisorId: input.supervisorId };
      const host = trx as unknown as Kysely<Database>;
      await recordAudit(actor, { action: "asye.year.reassigned", subjectType: "asye_year", subjectId: year.id, personId: year.person_id, before, after }, host);
      // Told only with the change that landed: a form sent again, or one a colleague's change made stale, tells nobody twice.
      await addNotices(await reassignNotices(year, after, trx), host);
      return true;
    });
  if (landed) return { ok: true, changed: true };
  const now = await asyeDb().selectFrom("asye_years").select("decision").where("id", "=", year.id).executeTakeFirst();
  return { ok: false, error: now?.decision === "pass" || now?.decision === "fail" ? "reassign.errors.closed" : "reassign.errors.changed" };
}
