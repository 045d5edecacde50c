// A route's page as the server renders it at an address, from the data its real loader answered there, in
// a locale: for what the page reads from its address rather than its data (the confirmation an action's
// redirect names in `?saved=`), which `renderedAfterPost` (at a bare address, after a post) cannot show.
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { serverI18n } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";

/**
 * The page `Page` renders when asked for `address` (a path and query, as a redirect's Location gives it);
 * with `actionData`, after a post there that its action refused with that data.
 */
export async function renderedAt(Page: ComponentType, loaderData: unknown, address: string, locale: Locale = "en-GB", actionData?: unknown) {
  const url = new URL(address, "http://localhost");
  const routes = [{ id: "page", path: url.pathname, loader: () => loaderData as object, action: () => (actionData ?? null) as object, element: createElement(Page) }];
  const handler = createStaticHandler(routes);
  const request = actionData === undefined ? new Request(url) : new Request(url, { method: "POST", body: new URLSearchParams() });
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const i18n = serverI18n().cloneInstance({ lng: locale });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
}
