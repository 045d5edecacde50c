// Reading a process from /proc: this test's own process, a child it starts, and one that has gone.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childrenOf, commandLineOf, cpuTicksOf, environmentEntryOf, isRunning, processTree, residentMbOf } from "../../scripts/lib/proc";

describe("/proc", () => {
  it("reads a running process: its memory, CPU time, command line and environment", () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(residentMbOf(process.pid)).toBeGreaterThan(10);
    expect(cpuTicksOf(process.pid)).toBeGreaterThan(0);
    expect(commandLineOf(process.pid)[0]).toBe(process.execPath);
    process.env.PATHWAYS_PROC_TEST = "yes";
    // The environment a process started with, not what it set later.
    expect(environmentEntryOf(process.pid, "PATHWAYS_PROC_TEST")).toBeUndefined();
    expect(environmentEntryOf(process.pid, "PATH")).toBe(`PATH=${process.env.PATH}`);
  });

  it("finds a child and its tree, and reads a process that has gone as empty", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      expect(childrenOf(process.pid)).toContain(child.pid);
      expect(processTree(process.pid)).toEqual(expect.arrayContaining([process.pid, child.pid]));
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(isRunning(child.pid!)).toBe(false);
    expect(residentMbOf(child.pid!)).toBe(0);
    expect(processTree(child.pid!)).toEqual([]);
    expect(childrenOf(child.pid!)).toEqual([]);
  });
});
