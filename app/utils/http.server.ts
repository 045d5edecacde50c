// Error responses a route throws; the nearest ErrorBoundary renders them in the page layout.
export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/** The record can no longer be changed that way (a decided year, say): the page was out of date. */
export function conflict(): never {
  throw new Response("Conflict", { status: 409, statusText: "Conflict" });
}

export function methodNotAllowed(): never {
  throw new Response("Method not allowed", { status: 405, statusText: "Method Not Allowed" });
}

/** A positive whole number from a route parameter or query string, or undefined. */
export function parseId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}
