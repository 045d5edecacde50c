// The production build, served in this process on a free port, against this test file's database.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp, loadBuild, shutdownBuild } from "../../scripts/http-app";

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const build = await loadBuild();
  const app = createHttpApp(build);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await shutdownBuild(build);
    },
  };
}

/** Signs in through the real form and answers the session cookie. */
export async function signInOverHttp(base: string, email: string, password = "pathways-demo"): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("pathways_session="));
  if (!cookie) throw new Error(`Signing in as ${email} failed with ${response.status}`);
  return cookie.split(";")[0];
}
