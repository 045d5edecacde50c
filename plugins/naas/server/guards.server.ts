// The checks at the top of the NAAS pages about a person or a statement: the capability, then that the
// person is in the viewer's scope and the statement is on a track open to them; otherwise 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { forbidden, notFound, parseId } from "../../../app/utils/http.server";
import { canSeePerson, managesPerson, type Capability } from "../../../app/utils/permissions.server";
import type { Viewer } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import { statementById } from "./frameworks.server";
import { naasPicture } from "./picture.server";
import { statementOnOpenTrack } from "./statement.server";

type Params = LoaderFunctionArgs["params"];

/**
 * The viewer's own statement, on a track they are eligible for or have begun: their home page links to
 * both. `eligible` says whether they may change it; a track begun and no longer open to them is read only.
 */
export async function ownStatementGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const statementId = parseId(params.statementId);
  const [statement, picture] = await Promise.all([statementId ? statementById(statementId) : undefined, naasPicture(context.viewer.personId)]);
  const found = statement && picture ? statementOnOpenTrack(picture, statement.id) : undefined;
  if (!statement || !found) notFound();
  return { ...context, statement, ...found };
}

/**
 * Someone else's NAAS record, for their manager (anyone above them in the line) or L&D and admins.
 * The person themself is sent to their own page.
 */
export async function personGuard(request: Request, params: Params, capability: Capability = "person.view") {
  const context = await authorizePlugin(request, PLUGIN_ID, capability);
  const personId = parseId(params.personId);
  if (personId === context.viewer.personId) throw redirect(`/programmes/${PLUGIN_ID}`);
  if (!personId || !(await canSeePerson(context.viewer, personId))) notFound();
  const picture = await naasPicture(personId);
  if (!picture) notFound();
  return { ...context, personId, picture };
}

/** A statement of someone in scope, on a track they have begun or may begin. */
export async function personStatementGuard(request: Request, params: Params, capability: Capability = "person.view") {
  const context = await personGuard(request, params, capability);
  const statementId = parseId(params.statementId);
  const statement = statementId ? await statementById(statementId) : undefined;
  const found = statement ? statementOnOpenTrack(context.picture, statement.id) : undefined;
  if (!statement || !found) notFound();
  return { ...context, statement, ...found };
}

/**
 * Endorsement and the review of statements are the line manager's decisions, whatever other roles the viewer
 * holds: a manager who is also in L&D (or an admin) sees everyone, but decides only for their own line.
 * Refuses a decision posted by someone who may see the person but does not manage them.
 */
export async function requireManagerOf(viewer: Viewer, personId: number) {
  if (!(await managesPerson(viewer, personId))) forbidden();
}
