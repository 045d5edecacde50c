// Calling a route module's loader or action the way Remix does, and reading what it answered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

export interface Outcome {
  status: number;
  data: unknown;
  headers: Headers;
}

function isDataWithResponseInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: string }).type === "DataWithResponseInit";
}

/** Runs a loader or action and answers its status, data and headers, whether it returned or threw. */
export async function run(handler: Handler | undefined, request: Request, params: Record<string, string> = {}): Promise<Outcome> {
  if (!handler) throw new Error("The route has no such handler");
  let value: unknown;
  try {
    value = await handler({ request, params, context: {} });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    const type = value.headers.get("Content-Type") ?? "";
    const data = type.includes("json") ? await value.json() : type.includes("zip") ? new Uint8Array(await value.arrayBuffer()) : await value.text();
    return { status: value.status, data, headers: value.headers };
  }
  if (isDataWithResponseInit(value)) {
    return { status: value.init?.status ?? 200, data: value.data, headers: new Headers(value.init?.headers) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, data: value, headers: new Headers() };
}
