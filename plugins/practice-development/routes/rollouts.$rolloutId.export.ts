import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "../../../app/utils/csv.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { PLUGIN_ID } from "../programme";
import { rolloutGuard } from "../server/briefings/guards.server";
import { progressAsAsked } from "../server/briefings/line-rollouts.server";
import { progressCsv } from "../server/briefings/rollouts.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { rollout, viewer, locale } = await rolloutGuard(request, params);
  const t = fixedT(locale, PLUGIN_ID);
  const { progress } = await progressAsAsked(request, rollout, viewer);
  const header = [t("progress.locality"), t("progress.team"), t("progress.total"), t("coverage.covered"), t("coverage.booked"), t("coverage.not_yet"), t("progress.sharePercent")];
  return csvResponse(`rollout-${rollout.id}.csv`, progressCsv(progress, header));
}
