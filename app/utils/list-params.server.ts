// Reads paging, sorting and filters from a list page's query string; anything odd falls back to defaults.
import { SORT_KEYS, type ListOptions, type SortKey } from "../services/people.server";
import { ROLE_CATEGORIES } from "./staff-fields";
import { parseId } from "./http.server";
import { askedPage } from "./paging.server";
import { withoutControlCharacters } from "./text";

export function listOptionsFrom(url: URL): ListOptions {
  const params = url.searchParams;
  const sort = SORT_KEYS.includes(params.get("sort") as SortKey) ? (params.get("sort") as SortKey) : "name";
  const direction = params.get("dir") === "desc" ? "desc" : "asc";
  const role = params.get("role");
  const search = withoutControlCharacters(params.get("q") ?? "").trim().slice(0, 100);
  return {
    page: askedPage(params),
    sort,
    direction,
    teamId: parseId(params.get("team")),
    roleCategory: role && (ROLE_CATEGORIES as readonly string[]).includes(role) ? role : undefined,
    search: search || undefined,
  };
}
