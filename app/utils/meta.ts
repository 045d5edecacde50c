import type { MetaFunction } from "@remix-run/node";

/** Every page's loader answers a translated `title`; this puts it in <title> after the service name. */
export const pageMeta: MetaFunction = ({ data, matches }) => {
  const root = matches.find((m) => m.id === "root")?.data as { serviceName?: string } | undefined;
  const title = (data as { title?: string } | undefined)?.title;
  const service = root?.serviceName ?? "Pathways";
  return [{ title: title ? `${title} – ${service}` : service }];
};
