// A request body counted as it streams, so no route ever holds more of it than its limit. Past the limit
// the reader fails, and the rest of the body is read and thrown away in the background: cancelling the
// stream would close the connection before the page saying "too large" could be sent. Node's own request
// timeout (five minutes by default) bounds how long a sender can keep that going.

/** The body went past its limit: the route answers 413 with a message, not a 500. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes`);
  }
}

/** Whatever the request says about its own length, when it says anything at all. */
export function declaredLength(request: Request): number | undefined {
  const header = request.headers.get("Content-Length");
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}

/** Reads what is left of a body and drops it, so the connection can carry the answer and the next request. */
export function discardBody(body: ReadableStream<Uint8Array> | null) {
  if (!body || body.locked) return;
  void drain(body.getReader());
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    while (!(await reader.read()).done) {
      // Nothing to keep.
    }
  } catch {
    // The sender went away: nothing left to drop.
  }
}

export interface CountedRequest {
  request: Request;
  /** Stops keeping the body: what is left is read and dropped in the background. */
  discardRest: () => void;
}

/**
 * The request with its body counted as it is read: past `maxBytes` reading it fails with
 * BodyTooLargeError. A chunked body with no Content-Length is counted the same way.
 */
export function withBodyLimit(request: Request, maxBytes: number): CountedRequest {
  if (!request.body) return { request, discardRest: () => undefined };
  const reader = request.body.getReader();
  let seen = 0;
  let discarding = false;
  const discardRest = () => {
    if (discarding) return;
    discarding = true;
    void drain(reader);
  };
  const counted = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (chunk.done) {
        controller.close();
        return;
      }
      seen += chunk.value.byteLength;
      if (seen > maxBytes) {
        controller.error(new BodyTooLargeError(maxBytes));
        discardRest();
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel: discardRest,
  });
  const init = { method: request.method, headers: request.headers, body: counted, signal: request.signal, duplex: "half" };
  return { request: new Request(request.url, init as RequestInit), discardRest };
}
