// The checks at the top of the apprenticeship's pages about an intake, an application or an
// apprentice: the capability, then that the record exists and the viewer may see it; otherwise 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { forbidden, notFound, parseId } from "../../../app/utils/http.server";
import { can, canSeePerson, managesPerson, type Capability } from "../../../app/utils/permissions.server";
import { PLUGIN_ID } from "../programme";
import { applicationById, type SupportRecorder } from "./applications.server";
import { intakeById } from "./intakes.server";
import { apprentices, currentApprenticeship } from "./progress.server";
import { placeOnIntake } from "./withdrawal.server";

type Params = LoaderFunctionArgs["params"];

export async function intakeGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const id = parseId(params.intakeId);
  const intake = id ? await intakeById(id) : undefined;
  if (!intake) notFound();
  return { ...context, intake };
}

/** An application, for the panel (L&D and admins) only: applicants never see each other's. */
export async function panelGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const id = parseId(params.applicationId);
  const application = id ? await applicationById(id) : undefined;
  const intake = application ? await intakeById(application.intake_id) : undefined;
  // Nobody on the panel scores or decides their own application.
  if (!application || !intake || application.person_id === context.viewer.personId) notFound();
  return { ...context, application, intake };
}

/**
 * An application whose manager's support the viewer may record: a manager's above the applicant, or, for L&D
 * (never their own), anyone's they can see. Whether L&D may (nobody on the line can act on the portal) is
 * left to the page and to recordSupport under the lock, so a manager's account made while L&D typed is
 * answered with what they typed, not a 404. Anyone who is neither: 403.
 */
export async function supportGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const { viewer, t } = context;
  if (!can(viewer, "team.view") && !can(viewer, "cohorts.manage")) forbidden(t);
  const id = parseId(params.applicationId);
  const application = id ? await applicationById(id) : undefined;
  if (!application) notFound();
  // Support is the line manager's to give, whatever other roles they hold (ADR 0008).
  if (await managesPerson(viewer, application.person_id)) return { ...context, application, by: "manager" as SupportRecorder };
  const learningTeam = can(viewer, "cohorts.manage") && application.person_id !== viewer.personId && (await canSeePerson(viewer, application.person_id));
  if (!learningTeam) notFound();
  return { ...context, application, by: "learning_development" as SupportRecorder };
}

/** An apprentice, for L&D, admins and managers above them. */
export async function apprenticeGuard(request: Request, params: Params, capability: Capability = "person.view") {
  const context = await authorizePlugin(request, PLUGIN_ID, capability);
  const personId = parseId(params.personId);
  // An apprentice's own progress is on their apprenticeship page; nobody records their own reviews.
  if (!personId || personId === context.viewer.personId || !(await canSeePerson(context.viewer, personId))) notFound();
  // Someone moved to a new intake may still hold the old one's place: the page is about the one they are on now.
  const apprentice = currentApprenticeship(await apprentices([personId]));
  if (!apprentice) notFound();
  return { ...context, apprentice };
}

/**
 * A place on an intake (held, offered or waited for), for L&D and admins, who record that someone has left:
 * never their own place, and only someone they can see; otherwise 404, as the panel's pages answer.
 */
export async function placeGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const id = parseId(params.enrolmentId);
  const place = id ? await placeOnIntake(id) : undefined;
  if (!place || place.person_id === context.viewer.personId || !(await canSeePerson(context.viewer, place.person_id))) notFound();
  return { ...context, place };
}
