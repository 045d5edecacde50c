// Cross-site request forgery defence: a request that can change state must come from our own pages.
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string) {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Whether a state-changing request comes from this site: Sec-Fetch-Site, when the browser sends it, must
 * say same-origin; Origin (or, failing that, Referer) must name this host or a trusted origin. A request
 * with neither is refused, since every browser we support sends Origin on a POST.
 */
export function isSameOriginRequest(headers: HeaderReader, host: string, trustedOrigins: string[] = []): boolean {
  const fetchSite = headers.get("Sec-Fetch-Site");
  const origin = headers.get("Origin") ?? originOfReferer(headers.get("Referer") ?? null);
  if (origin && trustedOrigins.includes(origin)) return true;
  if (fetchSite && fetchSite !== "same-origin") return false;
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function originOfReferer(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** The header the HTTP layer sets to the client's address; any copy the client sent is replaced. */
export const CLIENT_ADDRESS_HEADER = "X-Pathways-Client-Address";

/** The client's address as the server saw it, for throttling and audit. */
export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
