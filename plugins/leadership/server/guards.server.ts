// The checks at the top of the programme's cohort and session pages: the capability, then that the
// cohort or session named in the address exists and belongs to this programme (otherwise 404).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { cohortById, sessionById } from "../../../app/services/cohorts.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import type { Capability } from "../../../app/utils/permissions.server";
import { PLUGIN_ID } from "../programme";

type Params = LoaderFunctionArgs["params"];

export async function cohortGuard(request: Request, params: Params, capability: Capability = "cohorts.manage") {
  const context = await authorizePlugin(request, PLUGIN_ID, capability);
  const cohortId = parseId(params.cohortId);
  const cohort = cohortId ? await cohortById(cohortId, PLUGIN_ID) : undefined;
  if (!cohort) notFound();
  return { ...context, cohort };
}

export async function sessionGuard(request: Request, params: Params, capability: Capability = "cohorts.manage") {
  const context = await authorizePlugin(request, PLUGIN_ID, capability);
  const sessionId = parseId(params.sessionId);
  const session = sessionId ? await sessionById(sessionId, PLUGIN_ID) : undefined;
  if (!session) notFound();
  return { ...context, session };
}
