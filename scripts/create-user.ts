// `npm run user:create -- --employee E100123 --role manager --role practitioner`: makes a sign-in account
// for a person already in the staff records. The password is read from PATHWAYS_NEW_PASSWORD or stdin.
import { parseArgs } from "node:util";
import { ROLES, type Role } from "../plugins/sdk";
import { createAccount } from "../app/services/accounts.server";
import { migrateDatabase } from "./lib/migrate-database";
import { runScript } from "./lib/run";
import { env } from "../app/utils/env.server";

async function readPassword(): Promise<string> {
  if (process.env.PATHWAYS_NEW_PASSWORD) return process.env.PATHWAYS_NEW_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

async function main() {
  const { values } = parseArgs({ options: { employee: { type: "string" }, role: { type: "string", multiple: true } } });
  const roles = (values.role ?? []) as Role[];
  if (!values.employee?.trim() || roles.length === 0 || roles.some((r) => !ROLES.includes(r))) {
    console.error(`Usage: npm run user:create -- --employee <employee number> --role <${ROLES.join("|")}> [--role …]`);
    console.error("The password comes from PATHWAYS_NEW_PASSWORD, or from standard input.");
    return 2;
  }
  await migrateDatabase(env.databaseUrl, () => undefined);
  const result = await createAccount(values.employee, roles, await readPassword());
  if (!result.ok) {
    console.error(result.message);
    return 1;
  }
  console.log(`Created an account for ${result.email} with roles ${roles.join(", ")}.`);
  return 0;
}

runScript(main);
