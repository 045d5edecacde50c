// The front door of every loader and action: who is asking, in which language, and may they?
import { redirect } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { Viewer } from "../../plugins/sdk";
import { isPluginEnabled } from "../plugins.server";
import type { Actor } from "../services/audit.server";
import { readSession } from "./auth.server";
import { forbidden, methodNotAllowed, notFound } from "./http.server";
import { translatorFor } from "./i18n.server";
import type { Locale } from "./i18n";
import { can, type Capability } from "./permissions.server";

export interface RequestContext {
  viewer: Viewer;
  actor: Actor;
  locale: Locale;
  t: TFunction;
}

/** The signed-in viewer, or a redirect to sign in that brings them back here afterwards. */
export async function requireViewer(request: Request): Promise<Viewer> {
  const session = await readSession(request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return session.user;
}

/**
 * Signed in, and holding a role that grants the capability; otherwise a redirect to sign in, or 403.
 * The language comes first, so a refusal from here or from the route after it is worded in it.
 */
export async function authorize(request: Request, capability: Capability): Promise<RequestContext> {
  const { locale, t } = await translatorFor(request);
  const viewer = await requireViewer(request);
  if (!can(viewer, capability)) forbidden(t);
  return { viewer, actor: { userId: viewer.userId, personId: viewer.personId }, locale, t };
}

/** As `authorize`, for a plugin's route: a disabled plugin's pages answer 404. */
export async function authorizePlugin(request: Request, pluginId: string, capability: Capability): Promise<RequestContext> {
  if (!(await isPluginEnabled(pluginId))) notFound((await translatorFor(request)).t);
  return authorize(request, capability);
}

/** A 405 for an address that takes only POST, worded in the request's language though no guard ran. */
export async function refuseMethod(request: Request): Promise<never> {
  methodNotAllowed((await translatorFor(request)).t);
}
