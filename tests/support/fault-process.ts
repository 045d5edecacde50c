// Runs tests/support/fault-operation.ts (or any script) in a child process of its own: one node process,
// not an npx or tsx wrapper, so that SIGKILL lands on the process that holds the transaction.
import { spawn } from "node:child_process";
import path from "node:path";

export const root = path.resolve(__dirname, "../..");

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface FreezePoint {
  /** A regular expression matched against each statement the operation runs. */
  at: string;
  /** Freeze on this match, counting from 1. */
  times?: number;
}

function start(script: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a TypeScript script to its end. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<ChildOutcome> {
  const child = start(script, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/**
 * Runs an operation of fault-operation.ts until it freezes inside its transaction, then kills it with
 * SIGKILL. Rejects if the operation ends without reaching the freeze point.
 */
export function killWhenFrozen(operation: string, args: string[], point: FreezePoint, env: Record<string, string> = {}): Promise<ChildOutcome & { frozeAfter: string }> {
  const child = start("tests/support/fault-operation.ts", [operation, "--freeze-at", point.at, "--times", String(point.times ?? 1), ...args], env);
  let stdout = "";
  let stderr = "";
  let frozeAfter = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    const frozen = /^FROZEN after: (.*)$/m.exec(stdout);
    if (frozen && !frozeAfter) {
      frozeAfter = frozen[1];
      process.kill(child.pid!, "SIGKILL");
    }
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) =>
    child.on("exit", (code, signal) => {
      if (!frozeAfter) reject(new Error(`${operation} ended (code ${code}) before its freeze point:\n${stdout}\n${stderr}`));
      else resolve({ code, signal, stdout, stderr, frozeAfter });
    }),
  );
}
