import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFor, calendarResponse } from "../../../app/services/calendar.server";
import { sessionById } from "../../../app/services/cohorts.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { PLUGIN_ID } from "../programme";

/** One session as a calendar file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const sessionId = parseId(params.sessionId);
  const session = sessionId ? await sessionById(sessionId, PLUGIN_ID) : undefined;
  if (!session) notFound();
  return calendarResponse(`session-${session.id}.ics`, calendarFor([session], session.cohort_name, new URL(request.url).host));
}
