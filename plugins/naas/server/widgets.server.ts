// The card on /me: where the person stands on their main NAAS track and the next thing to do.
import type { PluginContext, Viewer, WidgetView } from "../../sdk";
import { formatValues } from "../../../app/services/readiness.server";
import type { Locale } from "../../../app/utils/i18n";
import { PLUGIN_ID } from "../programme";
import { naasReadiness } from "./readiness.server";

export async function naasMeWidget(ctx: PluginContext, viewer: Viewer): Promise<WidgetView | null> {
  const items = await naasReadiness(ctx, [viewer.personId]);
  if (items.length === 0) return null;
  const eligibility = items.find((i) => i.requirementId === "eligibility")!;
  if (eligibility.status === "not_applicable") {
    return { title: ctx.t("widget.title"), body: ctx.t(eligibility.reasonKey, formatValues(eligibility.values, ctx.locale as Locale)), action: { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` } };
  }
  const assessment = items.find((i) => i.requirementId === "self-assessment")!;
  return {
    title: ctx.t("widget.title"),
    rows: items.filter((i) => i.requirementId !== "eligibility").map((i) => ({ label: ctx.t(i.labelKey), value: ctx.t(i.reasonKey, formatValues(i.values, ctx.locale as Locale)) })),
    body: ctx.t("widget.score", { score: assessment.score ?? 0 }),
    action: { label: ctx.t("widget.open"), href: `/programmes/${PLUGIN_ID}` },
  };
}
