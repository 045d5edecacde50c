// Frameworks as versioned data: which version is in force on a day, its statements, and mappings from
// an older version's statements to a newer one's, so evidence carries over.
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { chunks } from "../../../app/services/readiness.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import type { FrameworkSeed } from "../frameworks";
import type { Track } from "../programme";
import { asHost, inTransaction, naasDb } from "./db.server";

export interface Statement {
  id: number;
  frameworkId: number;
  number: number;
  title: string;
  titleCy: string;
}

/** The framework in force for each track on a day: the latest to start on or before it, not yet ended. */
export async function frameworksInForce(today: string) {
  const rows = await naasDb()
    .selectFrom("naas_frameworks")
    .selectAll()
    .where("valid_from", "<=", today)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", today)]))
    .orderBy("valid_from", "desc")
    .execute();
  const byTrack = new Map<Track, (typeof rows)[number]>();
  for (const row of rows) if (!byTrack.has(row.track)) byTrack.set(row.track, row);
  return byTrack;
}

export async function statementsOf(frameworkIds: number[]): Promise<Statement[]> {
  if (frameworkIds.length === 0) return [];
  const rows = await naasDb().selectFrom("naas_statements").selectAll().where("framework_id", "in", frameworkIds).orderBy("framework_id").orderBy("number").execute();
  return rows.map((r) => ({ id: r.id, frameworkId: r.framework_id, number: r.number, title: r.title, titleCy: r.title_cy }));
}

/** Versions chain (2014 to 2018 to 2027): follow mappings back this far at most. */
const MAX_VERSION_HOPS = 5;

/** For each statement, the older statements whose evidence counts towards it, following mappings back. */
export async function carriedFrom(statementIds: number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(statementIds.map((id) => [id, []]));
  // Each statement on the frontier with every statement it carries evidence to (one old statement can
  // continue into several new ones).
  let frontier = new Map<number, number[]>(statementIds.map((id) => [id, [id]]));
  for (let hop = 0; hop < MAX_VERSION_HOPS && frontier.size > 0; hop += 1) {
    const next = new Map<number, number[]>();
    for (const ids of chunks([...frontier.keys()])) {
      const rows = await naasDb().selectFrom("naas_statement_maps").select(["from_statement_id", "to_statement_id"]).where("to_statement_id", "in", ids).execute();
      for (const row of rows) {
        for (const origin of frontier.get(row.to_statement_id)!) {
          const list = result.get(origin)!;
          if (list.includes(row.from_statement_id) || row.from_statement_id === origin) continue;
          list.push(row.from_statement_id);
          next.set(row.from_statement_id, [...(next.get(row.from_statement_id) ?? []), origin]);
        }
      }
    }
    frontier = next;
  }
  return result;
}

export async function statementById(id: number) {
  return naasDb()
    .selectFrom("naas_statements as s")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .select(["s.id", "s.number", "s.title", "s.title_cy", "s.framework_id", "f.code", "f.track", "f.version", "f.title as framework_title", "f.title_cy as framework_title_cy"])
    .where("s.id", "=", id)
    .executeTakeFirst();
}

export async function frameworkList() {
  return naasDb().selectFrom("naas_frameworks").selectAll().orderBy("track").orderBy("valid_from").execute();
}

export async function frameworkById(id: number) {
  return naasDb().selectFrom("naas_frameworks").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A new framework version as an admin enters it: the same shape as the shipped ones. */
export type NewFramework = FrameworkSeed;

export type AddFrameworkResult = { ok: true; id: number } | { ok: false; error: "frameworks.errors.versionTaken" };

/**
 * Adds a framework version with its statements. The check that the version is new and the insert run in
 * one transaction under a lock on the code and version, so a double-clicked form waits for the first
 * save and is refused as taken instead of breaking on the unique key.
 */
export async function addFramework(input: NewFramework, actor: Actor): Promise<AddFrameworkResult> {
  return inTransaction(async (trx) => {
    await holdTransactionLock(asHost(trx), `naas.framework:${input.code}:${input.version}`);
    const taken = await trx.selectFrom("naas_frameworks").select("id").where("code", "=", input.code).where("version", "=", input.version).executeTakeFirst();
    if (taken) return { ok: false, error: "frameworks.errors.versionTaken" };
    const [framework] = await trx
      .insertInto("naas_frameworks")
      .values({ code: input.code, track: input.track, version: input.version, title: input.title, title_cy: input.titleCy, valid_from: input.validFrom, valid_to: input.validTo, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    await trx.insertInto("naas_statements").values(input.statements.map((s) => ({ framework_id: framework.id, number: s.number, title: s.title, title_cy: s.titleCy }))).execute();
    await recordAudit(actor, { action: "naas.framework.added", subjectType: "naas_framework", subjectId: framework.id, after: input }, asHost(trx));
    return { ok: true, id: framework.id };
  });
}

/**
 * Replaces the mappings into a framework's statements: for each new statement, the old ones it continues.
 * Under a lock on the framework, as adding one is: a second save at the same moment (a double click, two
 * admins) waits and then replaces what the first stored, instead of inserting beside it and breaking on
 * the key. The audit's "before" is then what the second really replaced.
 */
export async function saveMappings(frameworkId: number, mapping: Map<number, number[]>, actor: Actor) {
  const targets = (await statementsOf([frameworkId])).map((s) => s.id);
  const rows = [...mapping].filter(([to]) => targets.includes(to)).flatMap(([to, froms]) => froms.map((from) => ({ from_statement_id: from, to_statement_id: to })));
  await inTransaction(async (trx) => {
    await holdTransactionLock(asHost(trx), `naas.framework-mappings:${frameworkId}`);
    const before = await trx.selectFrom("naas_statement_maps").selectAll().where("to_statement_id", "in", targets).execute();
    await trx.deleteFrom("naas_statement_maps").where("to_statement_id", "in", targets).execute();
    if (rows.length > 0) await trx.insertInto("naas_statement_maps").values(rows).execute();
    await recordAudit(actor, { action: "naas.framework.mapped", subjectType: "naas_framework", subjectId: frameworkId, before, after: rows }, asHost(trx));
  });
}

export async function mappingsInto(frameworkId: number) {
  return naasDb()
    .selectFrom("naas_statement_maps as m")
    .innerJoin("naas_statements as s", "s.id", "m.to_statement_id")
    .select(["m.from_statement_id", "m.to_statement_id"])
    .where("s.framework_id", "=", frameworkId)
    .execute();
}
