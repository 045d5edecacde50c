import type { MetaFunction } from "@remix-run/node";

interface TitleSource {
  id: string;
  data: unknown;
}

/** A page's title: its loader's translated `title`, then the service name the root's loader gives. */
export function pageTitle(pageData: unknown, matches: readonly TitleSource[]): string {
  const root = matches.find((m) => m.id === "root")?.data as { serviceName?: string } | undefined;
  const title = (pageData as { title?: string } | undefined)?.title;
  const service = root?.serviceName ?? "Pathways";
  return title ? `${title} – ${service}` : service;
}

/** Every page's loader answers a translated `title`; this puts it in <title> after the service name. */
export const pageMeta: MetaFunction = ({ data, matches }) => [{ title: pageTitle(data, matches) }];
