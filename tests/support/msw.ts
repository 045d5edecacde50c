// msw stands in for services outside Pathways (catalogue feeds and the like), never for our own code.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

export const outsideWorld = setupServer();

/** Call at the top of a test file that talks to an outside service. Unhandled requests fail the test. */
export function useOutsideWorld() {
  beforeAll(() => outsideWorld.listen({ onUnhandledRequest: "error" }));
  afterEach(() => outsideWorld.resetHandlers());
  afterAll(() => outsideWorld.close());
}
