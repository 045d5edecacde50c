// Where a page's own forms post: its address without the parameters that only confirm something done
// (`?saved=finding`). Without an action a form posts to the address as it is, so a refused post was shown
// with the last save's success banner above its errors, and a saved one carried it on.
import { listParams } from "../../app/utils/list-links";

/** The page's path and query, less any confirmation, for a form's `action`. */
export function postBackTo(location: { pathname: string; search: string }) {
  const query = listParams(location.search).toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}
