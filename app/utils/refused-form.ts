// GOV.UK asks that a page showing a refused form starts its <title> with "Error:", so a screen reader
// says so before anything else when the page loads again without JavaScript. A route's `meta` cannot
// see action data, so the root reads it from the router's state. React Router exports that state's
// context only as UNSAFE_DataRouterStateContext; it is the same object on the server (where Remix
// renders a POST's page) and in the browser (hydrated from it), so both render the same title.
import { useContext } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";

const hasContent = (value: unknown) =>
  typeof value === "string" ? value !== "" : Array.isArray(value) ? value.length > 0 : value !== null && typeof value === "object" ? Object.keys(value).length > 0 : false;

interface Answer {
  errors?: unknown;
  error?: unknown;
  problems?: unknown;
  ok?: unknown;
  kind?: unknown;
  reply?: { status?: unknown } | null;
}

/**
 * Whether an action's answer refuses what was sent. Our actions refuse with `errors` (field by field),
 * `error` (one message), an import's `problems` (row by row), `ok: false`, an upload's `kind` "field"
 * or "error", or conform's `reply` with status "error". The fuzz test checks every action's refusals
 * against this, through the error summary each refused page shows.
 */
export function isRefusal(actionData: unknown): boolean {
  if (actionData === null || typeof actionData !== "object") return false;
  const answer = actionData as Answer;
  return (
    hasContent(answer.errors) ||
    hasContent(answer.error) ||
    hasContent(answer.problems) ||
    answer.ok === false ||
    answer.kind === "field" ||
    answer.kind === "error" ||
    answer.reply?.status === "error"
  );
}

/** Whether the page being rendered answers a refused form. */
export function useRefusedForm(): boolean {
  const state = useContext(UNSAFE_DataRouterStateContext);
  return Object.values(state?.actionData ?? {}).some(isRefusal);
}
