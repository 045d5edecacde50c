// The card on /me: evaluations due (before a course, after it, and the three-month follow-up).
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import { dueEvaluations } from "./evaluations.server";

export async function remindersWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const due = await dueEvaluations([viewer.personId], ctx.now());
  if (due.length === 0) return null;
  return {
    title: ctx.t("widget.title"),
    rows: due.map((d) => ({ label: d.title, value: ctx.t(`widget.due.${d.stage}`), href: `/programmes/${PLUGIN_ID}/evaluations/${d.enrolmentId}` })),
  };
}
