// Which page of a list to show. Every paged list counts its rows, works out how many pages that makes and
// moves a page asked past either end to the nearest one, so a stale or hand-typed `?page` still shows a page.
import { parseId } from "./http.server";

/**
 * The highest `?page` read: further, the OFFSET alone would make the database walk millions of rows
 * before finding the list empty. Pages past the end are moved back to the last one anyway.
 */
export const MOST_PAGES_ASKED = 100_000;

/** The page a query string asks for: 1 when it asks for none or for something that is not a page. */
export function askedPage(params: URLSearchParams): number {
  return Math.min(parseId(params.get("page")) ?? 1, MOST_PAGES_ASKED);
}

export interface PageWindow {
  /** The page shown, from 1 to `pageCount`. */
  page: number;
  /** At least 1: an empty list is one empty page. */
  pageCount: number;
  /** How many rows come before the page shown, for the query's OFFSET. */
  offset: number;
  /** How many rows a page holds, for the query's LIMIT. */
  limit: number;
}

/** The page of `total` rows, `size` a page, nearest to the one asked for. */
export function pageWindow(total: number, asked: number, size: number): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(asked) || 1), pageCount);
  return { page, pageCount, offset: (page - 1) * size, limit: size };
}
