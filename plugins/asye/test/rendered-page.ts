// A route's page as the server renders it, from the data its real loader and action answered, in a
// locale: for checks on what a person sees after a refused post, which the data alone cannot show (the
// page decides from both whether a form is there).
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { serverI18n } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";

/** The page `Page` renders after a refused post: `loaderData` and `actionData` as the route's own handlers gave them. */
export async function renderedAfterPost(Page: ComponentType, loaderData: unknown, actionData: unknown, locale: Locale = "en-GB") {
  const routes = [{ id: "page", path: "/page", loader: () => loaderData as object, action: () => actionData as object, element: createElement(Page) }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/page", { method: "POST", body: new URLSearchParams() }));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const i18n = serverI18n().cloneInstance({ lng: locale });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
}
