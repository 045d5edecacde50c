// What Linux says about a running process, read from /proc: the benchmark's memory figures and the
// workers' tests read the same files the same way. A process that has gone reads as empty, not as an
// error, because workers come and go while they are watched.
import { readFileSync } from "node:fs";

function procFile(pid: number, name: string) {
  try {
    return readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return "";
  }
}

export const isRunning = (pid: number) => procFile(pid, "stat") !== "";

/** The processes it started (a server's workers); none once it has exited. */
export const childrenOf = (pid: number) => procFile(pid, `task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);

/** The process and everything below it. */
export function processTree(pid: number): number[] {
  if (!isRunning(pid)) return [];
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

/** Resident memory in MB; 0 for one that has just exited (a worker being replaced). */
export function residentMbOf(pid: number) {
  const line = procFile(pid, "status").split("\n").find((l) => l.startsWith("VmRSS:"));
  return line ? Number(line.replace(/\D+/g, "")) / 1024 : 0;
}

/** CPU time it has used, user and system, in clock ticks. */
export function cpuTicksOf(pid: number) {
  const fields = procFile(pid, "stat").split(") ")[1]?.split(" ") ?? [];
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

/** One of the environment variables it was started with, as NAME=value. */
export const environmentEntryOf = (pid: number, name: string) => procFile(pid, "environ").split("\0").find((v) => v.startsWith(`${name}=`));

/** The program and arguments it runs. */
export const commandLineOf = (pid: number) => procFile(pid, "cmdline").split("\0").filter(Boolean);
