import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFor, calendarResponse } from "../../../app/services/calendar.server";
import { sessionById } from "../../../app/services/cohorts.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { sessionsTitledIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";

/** One session as a calendar file, a default topic in the downloader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const sessionId = parseId(params.sessionId);
  const session = sessionId ? await sessionById(sessionId, PLUGIN_ID) : undefined;
  if (!session) notFound();
  return calendarResponse(`session-${session.id}.ics`, calendarFor(sessionsTitledIn(fixedT(locale, PLUGIN_ID), [session]), session.cohort_name, new URL(request.url).host));
}
