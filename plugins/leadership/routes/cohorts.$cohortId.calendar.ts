import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFor, calendarResponse } from "../../../app/services/calendar.server";
import { cohortById, sessionsOf } from "../../../app/services/cohorts.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { sessionsTitledIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";

/** Every session of the cohort as one calendar file, a default topic in the downloader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const cohortId = parseId(params.cohortId);
  const cohort = cohortId ? await cohortById(cohortId, PLUGIN_ID) : undefined;
  if (!cohort) notFound();
  const sessions = await sessionsOf(cohort.id);
  return calendarResponse(`cohort-${cohort.id}.ics`, calendarFor(sessionsTitledIn(fixedT(locale, PLUGIN_ID), sessions), cohort.name, new URL(request.url).host));
}
