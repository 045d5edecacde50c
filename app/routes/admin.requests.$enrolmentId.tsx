import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PlaceRequestDecision } from "../components/PlaceRequestDecision";
import { decidePlaceRequest, placeRequestView } from "../services/place-request-decision.server";
import { requestForLearningTeam } from "../services/unmanaged-requests.server";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/** L&D decide a place request only while nobody on the person's line can act on the portal. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "cohorts.manage");
  const enrolmentId = parseId(params.enrolmentId);
  const found = enrolmentId ? await requestForLearningTeam(context.viewer, enrolmentId) : undefined;
  if (!enrolmentId || !found) notFound();
  return { ...context, enrolmentId, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  return { title: t("requests.title"), waiting: found.waiting, managerDecides: found.managerDecides, ...placeRequestView(locale, found) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, enrolmentId, found } = await load(request, params);
  const notWaitingError = found.managerDecides ? "enrolment.errors.managerDecides" : undefined;
  return decidePlaceRequest(request, { enrolmentId, waiting: found.waiting, actor, decider: "learning_development", doneUrl: "/admin/requests", notWaitingError });
}

export default function DecideUnmanagedRequest() {
  const { t } = useTranslation();
  const { managerDecides, ...page } = useLoaderData<typeof loader>();
  const notWaiting = t(managerDecides ? "requests.unmanaged.managerDecides" : "requests.noLongerWaiting");
  // Not the manager's words, which send them to L&D: L&D are the ones who can still give a place.
  return <PlaceRequestDecision {...page} notWaiting={notWaiting} why={t("requests.unmanaged.why")} startedWhy={t("requests.unmanaged.started")} lastResult={useActionData<typeof action>()} />;
}
