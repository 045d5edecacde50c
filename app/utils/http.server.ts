import type { TFunction } from "i18next";
import { errorBody } from "./request-language.server";

// Error responses a route throws; the nearest ErrorBoundary renders them in the page layout. A resource
// route (a download, a POST-only address) sends the body itself, so it is worded in the request's
// language: `t` when the caller has it, otherwise the request's own (request-language.server.ts).
const PLAIN_TEXT = { "Content-Type": "text/plain; charset=utf-8" };

export function notFound(t?: TFunction): never {
  throw new Response(errorBody("notFound", t), { status: 404, statusText: "Not Found", headers: PLAIN_TEXT });
}

export function forbidden(t?: TFunction): never {
  throw new Response(errorBody("forbidden", t), { status: 403, statusText: "Forbidden", headers: PLAIN_TEXT });
}

/** The record can no longer be changed that way (a decided year, say): the page was out of date. */
export function conflict(t?: TFunction): never {
  throw new Response(errorBody("conflict", t), { status: 409, statusText: "Conflict", headers: PLAIN_TEXT });
}

export function methodNotAllowed(t?: TFunction): never {
  throw new Response(errorBody("methodNotAllowed", t), { status: 405, statusText: "Method Not Allowed", headers: PLAIN_TEXT });
}

/**
 * The largest id a row can have: ids are 32-bit integer columns, and PostgreSQL refuses to compare one with
 * a larger number (an error, not "no row"), so a larger id given is never looked up.
 */
export const LARGEST_ID = 2_147_483_647;

/** Whether `n` could be a row's id: a whole number from 1 to `LARGEST_ID`. */
export const isStorableId = (n: number) => Number.isInteger(n) && n > 0 && n <= LARGEST_ID;

/**
 * A positive whole number, up to `LARGEST_ID`, from a route parameter, query string or form field, or
 * undefined. Digits only (no sign, point, exponent or spaces); at most ten, as many as `LARGEST_ID` has.
 */
export function parseId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return isStorableId(n) ? n : undefined;
}
