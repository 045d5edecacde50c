import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFor, calendarResponse } from "../../../app/services/calendar.server";
import { sessionsOf } from "../../../app/services/cohorts.server";
import { cohortGuard } from "../server/briefings/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort } = await cohortGuard(request, params, "programmes.view");
  const sessions = await sessionsOf(cohort.id);
  return calendarResponse(`cohort-${cohort.id}.ics`, calendarFor(sessions.map((s) => ({ ...s, location: s.location ?? cohort.venue })), cohort.name, new URL(request.url).host));
}
