// `npm run db:seed -- --scale demo|city|national`: seeds an empty database (migrating it first).
import { parseArgs } from "node:util";
import { env } from "../app/utils/env.server";
import { seedDatabase } from "./lib/seed-database";

const SCALES = ["demo", "city", "national"] as const;

const { values } = parseArgs({ options: { scale: { type: "string", default: "demo" } } });
const scale = values.scale as (typeof SCALES)[number];
if (!SCALES.includes(scale)) {
  console.error(`--scale must be one of ${SCALES.join(", ")}`);
  process.exit(2);
}

seedDatabase(env.databaseUrl, scale).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
