// The checks at the top of the programme's pages: the plugin is on, the capability, and that the
// briefing, rollout or cohort named in the address exists (otherwise 404).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorizePlugin } from "../../../../app/utils/guard.server";
import { notFound, parseId } from "../../../../app/utils/http.server";
import { askedPage } from "../../../../app/utils/paging.server";
import type { Capability } from "../../../../app/utils/permissions.server";
import { PLUGIN_ID } from "../../programme";
import { briefingById } from "./briefings.server";
import { rolloutById } from "./rollouts.server";
import { sessionCohortById } from "./session-lists.server";

type Params = LoaderFunctionArgs["params"];

export const guard = (request: Request, capability: Capability) => authorizePlugin(request, PLUGIN_ID, capability);

export async function briefingGuard(request: Request, params: Params, capability: Capability) {
  const context = await guard(request, capability);
  const id = parseId(params.briefingId);
  const briefing = id ? await briefingById(id) : undefined;
  if (!briefing) notFound();
  return { ...context, briefing };
}

/** A rollout's page (managers see their line's progress); its actions ask for `cohorts.manage`, as creating one does. */
export async function rolloutGuard(request: Request, params: Params, capability: Capability = "person.view") {
  const context = await guard(request, capability);
  const id = parseId(params.rolloutId);
  const rollout = id ? await rolloutById(id) : undefined;
  if (!rollout) notFound();
  return { ...context, rollout };
}

export async function cohortGuard(request: Request, params: Params, capability: Capability) {
  const context = await guard(request, capability);
  const id = parseId(params.cohortId);
  const cohort = id ? await sessionCohortById(id) : undefined;
  if (!cohort) notFound();
  return { ...context, cohort };
}

/** The page number from ?page=, 1 when missing or nonsense. */
export function pageOf(request: Request) {
  return askedPage(new URL(request.url).searchParams);
}

/**
 * The page number for one of several paged lists on a page: `?list=` names the list that `?page=` turns
 * (the page's first list when there is none), and every other list shows its first page.
 */
export function pageOfList(request: Request, list: string, first = false) {
  const named = new URL(request.url).searchParams.get("list");
  return named === list || (named === null && first) ? pageOf(request) : 1;
}
