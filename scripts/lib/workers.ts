// PATHWAYS_WORKERS=n: n app processes sharing one port through node's cluster module, so one machine's
// cores all serve (one node process runs JavaScript on one core). The primary migrates, forks the
// workers, says the portal is listening once every worker is, starts a new worker when one dies, and
// stops them all when it is told to stop. Like separate processes behind a load balancer (the README's
// "Several app processes"), the workers keep no state of their own: sessions, throttling and switches
// are in the database. Only the first worker runs the scheduled jobs.
import cluster, { type Worker } from "node:cluster";

/** The environment a worker adds to the primary's: the jobs run in the first worker only. */
function workerEnvironment(index: number, parentScheduler = process.env.PATHWAYS_SCHEDULER): Record<string, string> {
  return { PATHWAYS_SCHEDULER: index === 0 ? (parentScheduler ?? "1") : "0" };
}

/**
 * In the primary: forks `count` workers running `serveScript` (the compiled build/serve.js under
 * `npm start`, scripts/serve.ts under `npm run demo`, whichever started the primary), and calls
 * `allListening` once all of them listen.
 */
export function superviseWorkers(count: number, serveScript: string, allListening: () => void) {
  cluster.setupPrimary({ exec: serveScript });
  const workers = new Set<Worker>();
  let listening = 0;
  let announced = false;
  let stopping = false;

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    if (workers.size === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill("SIGTERM");
  };

  const start = (index: number) => {
    const worker = cluster.fork(workerEnvironment(index));
    workers.add(worker);
    let listened = false;
    worker.once("listening", () => {
      listened = true;
      listening += 1;
      if (!announced && listening === count) {
        announced = true;
        allListening();
      }
    });
    worker.once("exit", (code, signal) => {
      workers.delete(worker);
      if (listened) listening -= 1;
      if (stopping) {
        if (workers.size === 0) process.exit(process.exitCode ?? 0);
        return;
      }
      // A worker that cannot start (a missing build, a database it cannot open) would fail again.
      if (!listened) {
        console.error(`Worker ${index + 1} stopped before listening (${signal ?? `exit ${code}`}); stopping the others.`);
        return stopAll(1);
      }
      console.error(`Worker ${index + 1} stopped (${signal ?? `exit ${code}`}); starting another in its place.`);
      start(index);
    });
  };

  for (let index = 0; index < count; index += 1) start(index);
  process.on("SIGTERM", () => stopAll(0));
  process.on("SIGINT", () => stopAll(0));
}
