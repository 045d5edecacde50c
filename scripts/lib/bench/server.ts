// The production server as its own process, on a free port, so its memory and throughput are its own.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { processTree, residentMbOf } from "../proc";
import { SERVER_NODE_ARGS } from "../server-command";

export interface BenchServer {
  url: string;
  pid: number;
  /** Resident memory now, in MB, read from /proc (Linux): the whole server, its workers included. */
  rssMb: () => number;
  /** The largest of its processes' resident memory now, in MB. */
  largestProcessMb: () => number;
  /** Its process ids: the server's own, then its workers'. */
  processes: () => number[];
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the compiled server (build/serve.js) with NODE_ENV=production as `npm start` does: one node
 * process, its heap ceiling included, or a primary and `workers` workers (PATHWAYS_WORKERS).
 */
export async function startBenchServer(root: string, databaseUrl: string, workers = 1): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, SERVER_NODE_ARGS, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_URL: databaseUrl, PATHWAYS_SCHEDULER: "0", PATHWAYS_SECURE_COOKIES: "0", PATHWAYS_WORKERS: String(workers) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await listening(child);
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    rssMb: () => processTree(pid).reduce((sum, each) => sum + residentMbOf(each), 0),
    largestProcessMb: () => Math.max(...processTree(pid).map(residentMbOf)),
    processes: () => processTree(pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("is listening on")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`The server stopped (exit ${code}) before listening:\n${output}`)));
  });
}
