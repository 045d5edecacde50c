import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PlaceRequestDecision } from "../components/PlaceRequestDecision";
import { decidePlaceRequest, placeRequestView } from "../services/place-request-decision.server";
import { requestForManager } from "../services/requests.server";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "team.view");
  const enrolmentId = parseId(params.enrolmentId);
  const found = enrolmentId ? await requestForManager(context.viewer, enrolmentId) : undefined;
  if (!enrolmentId || !found) notFound();
  return { ...context, enrolmentId, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  return { title: t("requests.title"), waiting: found.waitingForManager, ...placeRequestView(locale, found) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, enrolmentId, found } = await load(request, params);
  return decidePlaceRequest(request, { enrolmentId, waiting: found.waitingForManager, actor, decider: "manager", doneUrl: "/team" });
}

export default function DecideRequest() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  return <PlaceRequestDecision {...page} notWaiting={t("requests.noLongerWaiting")} startedWhy={t("requests.started")} lastResult={useActionData<typeof action>()} />;
}
