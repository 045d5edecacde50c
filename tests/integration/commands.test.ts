// The commands a newcomer and an operator run, as real processes: they honour PORT and DATABASE_URL,
// the demo seeds its accounts, and a production start creates none.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";
import { seedDatabase } from "../../scripts/lib/seed-database";

const root = path.resolve(__dirname, "../..");
const running: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startCommand(command: string, args: string[], env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited: ${output}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) return base;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${command} did not answer on ${base}: ${output}`);
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.pid) process.kill(-child.pid, "SIGTERM");
});

async function users(url: string) {
  const db = createDb(url);
  try {
    return (await db.selectFrom("users").select("email").execute()).map((u) => u.email);
  } finally {
    await db.destroy();
  }
}

describe("npm start", () => {
  it("serves the production build on PORT, migrating DATABASE_URL, with no demo accounts", async () => {
    const url = await createTestDatabaseUrl();
    try {
      const base = await startCommand("npm", ["start"], { DATABASE_URL: url, NODE_ENV: "production" });
      const login = await (await fetch(`${base}/login`)).text();
      expect(login).toContain('name="email"');
      expect(login).not.toContain("demo.test");
      expect(await users(url)).toEqual([]);
      // Given accounts (seeded here by the test, never by the server), a production session cookie is Secure.
      await seedDatabase(url, "demo", () => undefined);
      const signIn = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" }, body: "email=admin%40demo.test&password=pathways-demo" });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("Set-Cookie")).toMatch(/; Secure/i);
    } finally {
      await dropTestDatabase(url);
    }
  });
});

describe("the demo", () => {
  it("seeds the demo organisation into DATABASE_URL, serves on PORT and lets every demo account sign in", async () => {
    const url = await createTestDatabaseUrl();
    try {
      const base = await startCommand(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { DATABASE_URL: url });
      expect(await (await fetch(`${base}/login`)).text()).toContain("practitioner@demo.test");
      expect((await users(url)).sort()).toEqual(["admin@demo.test", "asye@demo.test", "ld@demo.test", "manager@demo.test", "practitioner@demo.test", "service.manager@demo.test"]);
      const response = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" }, body: "email=manager%40demo.test&password=pathways-demo" });
      expect(response.headers.get("Location")).toBe("/team");
      // Demo mode is plain http on a newcomer's machine: the session cookie must not demand https.
      expect(response.headers.get("Set-Cookie")).not.toMatch(/Secure/i);
    } finally {
      await dropTestDatabase(url);
    }
  });
});

describe("npm run user:create", () => {
  it("makes an account for an existing person, and refuses a short password or an unknown person", async () => {
    const exec = promisify(execFile);
    const url = await createTestDatabaseUrl();
    try {
      await seedDatabase(url, "demo", () => undefined);
      const db = createDb(url);
      const someone = await db.selectFrom("people").leftJoin("users", "users.person_id", "people.id").select(["people.employee_number", "people.email"]).where("users.id", "is", null).executeTakeFirstOrThrow();
      await db.destroy();
      const env = { ...process.env, DATABASE_URL: url };
      const created = await exec(process.execPath, ["--import", "tsx", "scripts/create-user.ts", "--employee", someone.employee_number, "--role", "manager"], { cwd: root, env: { ...env, PATHWAYS_NEW_PASSWORD: "a long enough password" } });
      expect(created.stdout).toContain(`Created an account for ${someone.email}`);
      expect(await users(url)).toContain(someone.email);
      const short = await exec(process.execPath, ["--import", "tsx", "scripts/create-user.ts", "--employee", someone.employee_number, "--role", "manager"], { cwd: root, env: { ...env, PATHWAYS_NEW_PASSWORD: "short" } }).catch((e) => e);
      expect(short.code).toBe(1);
      const unknown = await exec(process.execPath, ["--import", "tsx", "scripts/create-user.ts", "--employee", "NOBODY", "--role", "wizard"], { cwd: root, env }).catch((e) => e);
      expect(unknown.code).toBe(2);
    } finally {
      await dropTestDatabase(url);
    }
    // Seeds a database and starts the command three times, as its neighbours do with the same allowance.
  }, 90_000);
});
