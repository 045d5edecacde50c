// The checks at the top of the ASYE pages about a year: the capability, then that the year exists and
// the viewer may see it (L&D and admins; a manager above the worker; the year's assessor or supervisor);
// otherwise 404. The worker is sent to their own view: nobody records anything on their own year.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { can, canSeePerson } from "../../../app/utils/permissions.server";
import type { ProgrammePlugin } from "../../sdk";
import asye from "../plugin";
import { PLUGIN_ID } from "../programme";
import { yearById } from "./years.server";

type Params = LoaderFunctionArgs["params"];

export async function yearGuard(request: Request, params: Params) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const { viewer } = context;
  const yearId = parseId(params.yearId);
  const picture = yearId ? await yearById(yearId) : undefined;
  if (!picture) notFound();
  if (picture.year.person_id === viewer.personId) throw redirect(`/programmes/${PLUGIN_ID}`);
  const isAssessor = picture.year.assessor_id === viewer.personId;
  const isSupervisor = picture.year.supervisor_id === viewer.personId;
  const inScope = can(viewer, "person.view") && (await canSeePerson(viewer, picture.year.person_id));
  if (!isAssessor && !isSupervisor && !inScope) notFound();
  return { ...context, picture, isAssessor, canDecide: can(viewer, "cohorts.manage") };
}

/** The plugin's context acting as the signed-in person, for the changes that go through the host (a stage move). */
export const contextFor = (locale: Parameters<typeof pluginContext>[1], actor: Parameters<typeof pluginContext>[2]) => pluginContext(asye as ProgrammePlugin, locale, actor);
