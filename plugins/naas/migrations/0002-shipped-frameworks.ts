import type { Kysely, Migration } from "kysely";
import { SHIPPED_FRAMEWORKS } from "../frameworks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The 2018 KSS ship with the plugin, in every database (production too), as data an admin can extend. */
export const shippedFrameworks: Migration = {
  async up(db: AnyDb) {
    for (const f of SHIPPED_FRAMEWORKS) {
      const [framework] = await db
        .insertInto("naas_frameworks")
        .values({ code: f.code, track: f.track, version: f.version, title: f.title, title_cy: f.titleCy, valid_from: f.validFrom, valid_to: f.validTo, created_at: new Date().toISOString() })
        .returning("id")
        .execute();
      await db.insertInto("naas_statements").values(f.statements.map((s) => ({ framework_id: framework.id, number: s.number, title: s.title, title_cy: s.titleCy }))).execute();
    }
  },
  async down(db: AnyDb) {
    for (const f of SHIPPED_FRAMEWORKS) await db.deleteFrom("naas_frameworks").where("code", "=", f.code).where("version", "=", f.version).execute();
  },
};
