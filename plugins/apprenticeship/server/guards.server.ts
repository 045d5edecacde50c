// The checks at the top of the apprenticeship's pages about an intake, an application or an
// apprentice: the capability, then that the record exists and the viewer may see it; otherwise 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { canSeePerson, managesPerson, type Capability } from "../../../app/utils/permissions.server";
import { PLUGIN_ID } from "../programme";
import { applicationById } from "./applications.server";
import { intakeById } from "./intakes.server";
import { apprentices, currentApprenticeship } from "./progress.server";

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

/** An application from someone in the manager's line, for the manager to support or not. */
export async function supportGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "team.view");
  const id = parseId(params.applicationId);
  const application = id ? await applicationById(id) : undefined;
  // Support is the line manager's to give, whatever other roles they hold (ADR 0008).
  const inLine = application && (await managesPerson(context.viewer, application.person_id));
  if (!application || !inLine) notFound();
  return { ...context, application };
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
