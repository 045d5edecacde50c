// Who may assess or supervise an ASYE year, for the start form and for L&D's change of a running year.
// Not the worker themself; and not someone still in their own ASYE: a newly qualified social worker is
// assessed, and does not assess. The data says so two ways: the person is at the ASYE stage (their year
// running, waiting to start, or not passed), or holds a year not yet passed or failed (running, awaiting
// its decision or extended), whatever stage the person record was later given.
import { ASYE_STAGE } from "../programme";
import { asyeDb } from "./db.server";

export type RoleField = "assessor" | "supervisor";
export type RoleError = "start.errors.selfAssessor" | "start.errors.selfSupervisor" | "start.errors.assessorInAsye" | "start.errors.supervisorInAsye";
export type RoleErrors = Partial<Record<RoleField, RoleError[]>>;

export interface Roles {
  workerId: number;
  assessorId: number;
  supervisorId: number;
}

/** Which of these people are still in their own ASYE. */
async function stillInTheirAsye(ids: number[]) {
  const rows = await asyeDb()
    .selectFrom("people")
    .select("id")
    .where("id", "in", ids)
    .where((eb) =>
      eb.or([
        eb("career_stage", "=", ASYE_STAGE),
        eb.exists(
          eb
            .selectFrom("asye_years as y")
            .select("y.id")
            .whereRef("y.person_id", "=", "people.id")
            .where((y) => y.or([y("y.decision", "is", null), y("y.decision", "=", "extend")])),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Why the assessor or supervisor named cannot hold that role in the worker's year, by field (empty when both can). */
export async function refusedRoles(roles: Roles): Promise<RoleErrors> {
  const errors: RoleErrors = {};
  if (roles.assessorId === roles.workerId) errors.assessor = ["start.errors.selfAssessor"];
  if (roles.supervisorId === roles.workerId) errors.supervisor = ["start.errors.selfSupervisor"];
  const others = [roles.assessorId, roles.supervisorId].filter((id) => id !== roles.workerId);
  if (others.length === 0) return errors;
  const inAsye = await stillInTheirAsye(others);
  if (!errors.assessor && inAsye.has(roles.assessorId)) errors.assessor = ["start.errors.assessorInAsye"];
  if (!errors.supervisor && inAsye.has(roles.supervisorId)) errors.supervisor = ["start.errors.supervisorInAsye"];
  return errors;
}

/** Whether a refusal names the worker in a role of their own year (as against someone still in their ASYE). */
export const namesTheWorker = (errors: RoleErrors) => [...(errors.assessor ?? []), ...(errors.supervisor ?? [])].some((e) => e === "start.errors.selfAssessor" || e === "start.errors.selfSupervisor");
