// Who may assess or supervise an ASYE year, for the start form and for L&D's change of a running year.
// Not the worker themself; and not someone still in their own ASYE: a newly qualified social worker is
// assessed, and does not assess. The data says so two ways: the person is at the ASYE stage (their year
// running, waiting to start, or not passed), or holds a year not yet passed or failed (running, awaiting
// its decision or extended), whatever stage the person record was later given. Nor anyone the data does
// not show to be a qualified social worker: the role is a social worker's (REFERENCE.md sections 4 and 9).
import { ASYE_STAGE, PASSED_STAGE } from "../programme";
import { asyeDb } from "./db.server";

export type RoleField = "assessor" | "supervisor";
export type RoleError =
  | "start.errors.selfAssessor"
  | "start.errors.selfSupervisor"
  | "start.errors.assessorInAsye"
  | "start.errors.supervisorInAsye"
  | "start.errors.assessorNotQualified"
  | "start.errors.supervisorNotQualified";
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

/**
 * Which of these people are qualified social workers past their ASYE: at the social worker's stage (where a
 * passed ASYE moves someone) or one at or above its place on the ladder, as the stages stand now (an admin
 * can move them). Either track: an independent reviewing officer is an experienced social worker, while a
 * personal adviser sits below the apprenticeship (migration 0021). A social care officer and an apprentice
 * are not. Someone whose role the pathway has no stage for (a practice educator in L&D, say) is taken
 * when their qualification date is recorded, as the core tells a qualified social worker; with neither,
 * nothing says they are one.
 */
async function qualifiedSocialWorkers(ids: number[]) {
  const rows = await asyeDb()
    .selectFrom("people")
    .leftJoin("career_stages as s", "s.code", "people.career_stage")
    .select("people.id")
    .where("people.id", "in", ids)
    .where((eb) =>
      eb.or([
        eb("s.position", ">=", eb.selectFrom("career_stages").select("position").where("code", "=", PASSED_STAGE)),
        eb.and([eb("people.career_stage", "is", null), eb("people.qualification_date", "is not", null)]),
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
  const [inAsye, qualified] = await Promise.all([stillInTheirAsye(others), qualifiedSocialWorkers(others)]);
  // Someone still in their ASYE is told so, rather than only that they are not qualified.
  if (!errors.assessor && inAsye.has(roles.assessorId)) errors.assessor = ["start.errors.assessorInAsye"];
  if (!errors.supervisor && inAsye.has(roles.supervisorId)) errors.supervisor = ["start.errors.supervisorInAsye"];
  if (!errors.assessor && !qualified.has(roles.assessorId)) errors.assessor = ["start.errors.assessorNotQualified"];
  if (!errors.supervisor && !qualified.has(roles.supervisorId)) errors.supervisor = ["start.errors.supervisorNotQualified"];
  return errors;
}

/** What a refusal of the people named is, for the form as a whole: the worker in their own year, someone still in their ASYE, or someone not qualified. */
export type RoleRefusal = "self" | "inAsye" | "notQualified";

const SELF: RoleError[] = ["start.errors.selfAssessor", "start.errors.selfSupervisor"];
const IN_ASYE: RoleError[] = ["start.errors.assessorInAsye", "start.errors.supervisorInAsye"];

/**
 * The refusal the form is given overall, matching those at its fields. When the two fields are refused for
 * different reasons, naming the worker comes first, then someone still in their ASYE (as at a field), and
 * "not qualified" only when it is all there is.
 */
export function roleRefusal(errors: RoleErrors): RoleRefusal {
  const all = [...(errors.assessor ?? []), ...(errors.supervisor ?? [])];
  if (all.some((e) => SELF.includes(e))) return "self";
  if (all.some((e) => IN_ASYE.includes(e))) return "inAsye";
  return "notQualified";
}
