import { sql } from "kysely";
import { db } from "../utils/db.server";

/** 200 when the database answers, 503 when it does not; for load balancers and monitoring. */
export async function loader() {
  try {
    await sql`select 1`.execute(db());
    return Response.json({ status: "ok", database: "reachable" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
