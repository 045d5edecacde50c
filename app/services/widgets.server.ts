// Dashboard widgets from enabled plugins, loaded side by side; one failing widget does not break the page.
import type { Dashboard, Viewer, WidgetView } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import type { Locale } from "../utils/i18n";
import { pluginContext } from "./plugin-context.server";

export async function widgetsFor(dashboard: Dashboard, viewer: Viewer, people: number[], locale: Locale) {
  const plugins = await enabledPlugins();
  const jobs = plugins.flatMap((plugin) =>
    (plugin.widgets ?? [])
      .filter((w) => w.dashboard === dashboard && (!w.roles || w.roles.some((r) => viewer.roles.includes(r))))
      .map(async (widget) => {
        try {
          const view = await widget.load(pluginContext(plugin, locale), viewer, people);
          return view ? { ...view, id: `${plugin.id}-${widget.id}` } : null;
        } catch (error) {
          console.error(`Widget ${plugin.id}/${widget.id} failed`, error);
          return null;
        }
      }),
  );
  return (await Promise.all(jobs)).filter((w): w is WidgetView & { id: string } => w !== null);
}
