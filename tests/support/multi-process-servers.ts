// Production app processes, as `npm start` runs them (build/serve.js: migrate, then serve the build),
// each in a node process of its own on its own port, all on one database. The first runs the job
// scheduler; the others have PATHWAYS_SCHEDULER=0, as the README asks of every process but one.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_ARGS } from "../../scripts/lib/server-command";

// Also run outside vitest, by `npm run load:processes`, where there is no __dirname.
const root = fileURLToPath(new URL("../..", import.meta.url));

export interface AppProcess {
  url: string;
  pid: number;
  /** Everything the process printed, for a failing test's message. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

async function startOne(databaseUrl: string, runsScheduler: boolean, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, SERVER_NODE_ARGS, {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), PATHWAYS_SCHEDULER: runsScheduler ? "1" : "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const listening = () => /Pathways is listening/.test(output) && resolve();
    child.stdout!.on("data", listening);
    child.once("exit", (code) => reject(new Error(`An app process stopped before listening (code ${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const stopped = exited(child);
      const late = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await stopped;
      clearTimeout(late);
    },
  };
}

/** Starts `count` app processes on `databaseUrl` together, so that they also migrate at the same time. */
export async function startAppProcesses(count: number, databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startOne(databaseUrl, i === 0, env)));
  const running = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(running.map((p) => p.stop()));
    throw failed.reason;
  }
  return running;
}
