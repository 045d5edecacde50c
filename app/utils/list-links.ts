// Query parameters a page's own links carry on, for lists that sort and page.

/**
 * What a redirect adds to say something was done ("?saved=1", "?decided=approved"): the page shows a
 * banner for it, in a role="alert" that is read out. Carried into the list's sort and page links, the
 * banner came back, and was read out again, on every re-sort or page turn.
 */
// `outcome` words a `saved` confirmation (what a practice development withdrawal did to the place).
const CONFIRMATIONS = ["saved", "outcome", "decided", "progression", "asked", "withdrawn", "evaluated"];

/** The page's query parameters, without any that only confirm something done, for its list's links. */
export function listParams(search: string): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const name of CONFIRMATIONS) params.delete(name);
  return params;
}
