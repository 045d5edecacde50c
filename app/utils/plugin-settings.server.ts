// A programme's settings page (its rates, thresholds and rules as data L&D can change): who may open and
// change it, whether a change was just saved, and saving a valid form (audited by the plugin's own save)
// or answering with what is wrong, field by field.
import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Actor } from "../services/audit.server";
import { readFormData } from "./form-data.server";
import { authorizePlugin } from "./guard.server";

export async function pluginSettingsPage<T>(request: Request, pluginId: string, read: () => Promise<T>) {
  const { t } = await authorizePlugin(request, pluginId, "cohorts.manage");
  return { title: t(`${pluginId}:settings.title`), settings: await read(), saved: new URL(request.url).searchParams.has("saved") };
}

export async function savePluginSettings<Schema extends z.ZodTypeAny>(request: Request, pluginId: string, schema: Schema, save: (value: z.output<Schema>, actor: Actor) => Promise<unknown>) {
  const { actor } = await authorizePlugin(request, pluginId, "cohorts.manage");
  const submission = parseWithZod(await readFormData(request), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await save(submission.value, actor);
  return new Response(null, { status: 303, headers: { Location: `/programmes/${pluginId}/settings?saved=1` } });
}
