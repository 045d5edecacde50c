// Frameworks as versioned data: an admin adds the 2027 standards, maps statements, and evidence carries over.
import { DefaultQueryExecutor, type CompiledQuery } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { assessmentKey, assessmentsFor } from "../server/assessment.server";
import { frameworkErrorText } from "../naas-forms";
import { naasDb } from "../server/db.server";
import { frameworksInForce } from "../server/frameworks.server";
import { addEvidence } from "../server/journey.server";
import { statementEvidence } from "../server/statement.server";
import { naasT } from "../server/views.server";
import { clearJourney, form, statementIds } from "./support";

beforeAll(seedDemo);

const NEW_STANDARDS = {
  code: "ecs-practitioner",
  track: "practitioner",
  version: "2027",
  title: "Child and family social worker early career standards",
  titleCy: "Safonau gyrfa gynnar gweithwyr cymdeithasol plant a theuluoedd",
  validFrom: "2027-04-01",
  statements: "1 | Relationships and communication | Perthnasoedd a chyfathrebu\n2 | Assessment and analysis | Asesu a dadansoddi\n3 | The law | Y gyfraith",
};

/**
 * Runs `work`, holding the first delete from `table` (done, its transaction still open) until a second
 * delete from it is sent, or a second has passed: two saves at once then meet at their writes on either
 * engine, rather than one happening to finish before the other starts. A save that waits on a lock first
 * never sends its delete, so the first goes on after the second.
 */
async function withFirstDeleteHeld<T>(table: string, work: () => Promise<T>) {
  const prototype = DefaultQueryExecutor.prototype as { executeQuery: (query: CompiledQuery) => Promise<unknown> };
  const ownMethod = Object.prototype.hasOwnProperty.call(prototype, "executeQuery");
  const original = prototype.executeQuery;
  let deletes = 0;
  let secondSent = () => {};
  const second = new Promise<void>((resolve) => (secondSent = resolve));
  prototype.executeQuery = async function (this: DefaultQueryExecutor, query: CompiledQuery) {
    if (!new RegExp(`^delete from "${table}"`, "i").test(query.sql)) return original.call(this, query);
    deletes += 1;
    if (deletes > 1) secondSent();
    const result = await original.call(this, query);
    if (deletes === 1) await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 1000))]);
    return result;
  };
  try {
    return await work();
  } finally {
    if (ownMethod) prototype.executeQuery = original;
    else delete (prototype as Partial<typeof prototype>).executeQuery;
  }
}

describe("the shipped frameworks", () => {
  it("carry their versions and dates: the practitioner KSS is in force to 31 March 2027", async () => {
    const practitioner = await naasDb().selectFrom("naas_frameworks").selectAll().where("code", "=", "kss-practitioner").executeTakeFirstOrThrow();
    expect(practitioner).toMatchObject({ version: "2018", valid_to: "2027-03-31", track: "practitioner" });
    expect(await statementIds("kss-practitioner")).toHaveLength(10);
    expect(await statementIds("kss-supervisor")).toHaveLength(8);
  });
});

describe("adding a framework version", () => {
  it("is for admins only", async () => {
    const frameworks = await import("../routes/frameworks");
    expect((await run(frameworks.action, await requestAs("ld", "/programmes/naas/frameworks", form(NEW_STANDARDS)))).status).toBe(403);
  });

  it("says which statement lines are wrong, by line, and adds nothing", async () => {
    const frameworks = await import("../routes/frameworks");
    const before = await naasDb().selectFrom("naas_frameworks").select("id").execute();
    const bad = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form({ ...NEW_STANDARDS, code: "Bad Code", validTo: "2027-01-01", statements: "1 | One | Un\n3 | Three\n" })));
    expect(bad.status).toBe(400);
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({
      code: ["frameworks.errors.code"],
      validTo: ["frameworks.errors.validToBeforeFrom"],
      statements: ["frameworks.errors.statementLine:2"],
    });
    expect(await naasDb().selectFrom("naas_frameworks").select("id").execute()).toHaveLength(before.length);
  });

  it("tells a statement line whose title is too long the limit, in English and Welsh, and adds nothing", async () => {
    const frameworks = await import("../routes/frameworks");
    const before = await naasDb().selectFrom("naas_frameworks").select("id").execute();
    const long = "a".repeat(301);
    const statements = `1 | ${long} | Un\n2 | Two | ${long}\n3 | Three | Tri`;
    const refused = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form({ ...NEW_STANDARDS, code: "ecs-long-titles", statements })));
    expect(refused.status).toBe(400);
    const errors = (refused.data as { error: Record<string, string[]> }).error.statements;
    expect(errors).toEqual(["frameworks.errors.statementTitleTooLong:1", "frameworks.errors.statementTitleTooLong:2"]);
    expect(frameworkErrorText(naasT("en-GB"), errors[0])).toBe("The titles on statement line 1 must each be 300 characters or fewer");
    expect(frameworkErrorText(naasT("cy"), errors[1])).toBe("Rhaid i bob teitl ar linell datganiad 2 fod yn 300 nod neu lai");
    expect(await naasDb().selectFrom("naas_frameworks").select("id").execute()).toHaveLength(before.length);
  });

  it("adds the 2027 standards, refuses the same version twice, and maps statements so evidence carries over", async () => {
    const frameworks = await import("../routes/frameworks");
    const mapping = await import("../routes/frameworks.$frameworkId");
    const added = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(NEW_STANDARDS)));
    expect(added.status).toBe(303);
    const again = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(NEW_STANDARDS)));
    expect((again.data as { error: Record<string, string[]> }).error).toEqual({ version: ["frameworks.errors.versionTaken"] });

    const frameworkId = Number(added.headers.get("Location")!.match(/frameworks\/(\d+)/)![1]);
    const [newFirst, newSecond, newThird] = await statementIds("ecs-practitioner", "2027");
    const old = await statementIds("kss-practitioner");
    const path = `/programmes/naas/frameworks/${frameworkId}`;
    // New 1 continues old 1 and 2; new 2 continues old 6 and 7; new 3 also continues old 1; a made-up id is ignored.
    await run(mapping.action, await requestAs("admin", path, form([[`from-${newFirst}`, String(old[0])], [`from-${newFirst}`, String(old[1])], [`from-${newSecond}`, String(old[5])], [`from-${newSecond}`, String(old[6])], [`from-${newSecond}`, "999999"], [`from-${newThird}`, String(old[0])]])), { frameworkId: String(frameworkId) });
    const page = (await run(mapping.loader, await requestAs("admin", path), { frameworkId: String(frameworkId) })).data as { statements: { id: number; mappedFrom: string[] }[] };
    expect(page.statements.find((s) => s.id === newFirst)!.mappedFrom.sort()).toEqual([String(old[0]), String(old[1])].sort());
    expect(page.statements.find((s) => s.id === newSecond)!.mappedFrom.sort()).toEqual([String(old[5]), String(old[6])].sort());

    // Today the 2018 KSS is in force; from 1 April 2027 the new standards are.
    expect((await frameworksInForce("2026-11-23")).get("practitioner")!.version).toBe("2018");
    expect((await frameworksInForce("2027-04-01")).get("practitioner")!.version).toBe("2027");

    const alex = await personIdOf("practitioner");
    await clearJourney(alex);
    const system = { userId: null, personId: null };
    await addEvidence(alex, old[0], { occurredOn: "2026-09-01", kind: "observation", reflection: "Direct work with a family." }, system);
    await addEvidence(alex, old[1], { occurredOn: "2026-09-02", kind: "feedback", reflection: "Feedback from a parent." }, system);
    await addEvidence(alex, old[9], { occurredOn: "2026-09-03", kind: "course", reflection: "Unmapped statement." }, system);
    const after = (await assessmentsFor([{ personId: alex, track: "practitioner" }], new Date("2027-05-01T12:00:00Z"))).get(assessmentKey(alex, "practitioner"))!;
    expect(after.framework.version).toBe("2027");
    expect(after.statements.map((s) => [s.statement.number, s.evidence, s.carriedEvidence])).toEqual([[1, 2, 2], [2, 0, 0], [3, 1, 1]]);
    const shown = await statementEvidence(alex, newFirst, "en-GB");
    expect(shown.evidence.map((e) => e.carriedFrom?.number).sort()).toEqual([1, 2]);
  });

  it("adds a version once when the form is sent twice at the same moment, and refuses the second as taken", async () => {
    const frameworks = await import("../routes/frameworks");
    const doubleClick = { ...NEW_STANDARDS, code: "ecs-double-click" };
    const send = async () => run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(doubleClick)));
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400]);
    expect((answers.find((a) => a.status === 400)!.data as { error: Record<string, string[]> }).error).toEqual({ version: ["frameworks.errors.versionTaken"] });
    expect(await naasDb().selectFrom("naas_frameworks").select("id").where("code", "=", "ecs-double-click").execute()).toHaveLength(1);
    expect(await statementIds("ecs-double-click", "2027")).toHaveLength(3);
  });

  it("saves an earlier statement ticked twice for the same statement once", async () => {
    const frameworks = await import("../routes/frameworks");
    const mapping = await import("../routes/frameworks.$frameworkId");
    const supervisor = { ...NEW_STANDARDS, code: "ecs-supervisor", track: "supervisor", statements: "1 | Supervision | Goruchwyliaeth" };
    const added = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(supervisor)));
    const frameworkId = Number(added.headers.get("Location")!.match(/frameworks\/(\d+)/)![1]);
    const [newFirst] = await statementIds("ecs-supervisor", "2027");
    const [oldFirst] = await statementIds("kss-supervisor");
    const path = `/programmes/naas/frameworks/${frameworkId}`;
    const params = { frameworkId: String(frameworkId) };
    // A hand-made POST: the page's checkboxes send each value once.
    const twice = await run(mapping.action, await requestAs("admin", path, form([[`from-${newFirst}`, String(oldFirst)], [`from-${newFirst}`, String(oldFirst)]])), params);
    expect(twice.status).toBe(303);
    expect(await naasDb().selectFrom("naas_statement_maps").selectAll().where("to_statement_id", "=", newFirst).execute()).toEqual([{ from_statement_id: oldFirst, to_statement_id: newFirst }]);
  });

  it("keeps one of two mappings saved at the same moment, answering both without an error", async () => {
    const frameworks = await import("../routes/frameworks");
    const mapping = await import("../routes/frameworks.$frameworkId");
    const added = await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form({ ...NEW_STANDARDS, code: "ecs-mapped-twice" })));
    const frameworkId = Number(added.headers.get("Location")!.match(/frameworks\/(\d+)/)![1]);
    const [newFirst, newSecond] = await statementIds("ecs-mapped-twice", "2027");
    const old = await statementIds("kss-practitioner");
    const path = `/programmes/naas/frameworks/${frameworkId}`;
    const save = async (rows: { from_statement_id: number; to_statement_id: number }[]) =>
      run(mapping.action, await requestAs("admin", path, form(rows.map((r) => [`from-${r.to_statement_id}`, String(r.from_statement_id)]))), { frameworkId: String(frameworkId) });
    // A mapping already saved: each save deletes it and inserts its own, so without one waiting for the
    // other, the second's delete misses the first's new rows and its insert collides with them.
    expect((await save([{ from_statement_id: old[0], to_statement_id: newFirst }])).status).toBe(303);
    // Two admins (or one double click) changing it, with a row in common.
    const first = [{ from_statement_id: old[0], to_statement_id: newFirst }, { from_statement_id: old[1], to_statement_id: newFirst }];
    const second = [{ from_statement_id: old[0], to_statement_id: newFirst }, { from_statement_id: old[5], to_statement_id: newSecond }];

    const answers = await withFirstDeleteHeld("naas_statement_maps", () => Promise.all([save(first), save(second)]));

    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    const byPair = (a: { from_statement_id: number; to_statement_id: number }, b: typeof a) => a.to_statement_id - b.to_statement_id || a.from_statement_id - b.from_statement_id;
    const stored = (await naasDb().selectFrom("naas_statement_maps").select(["from_statement_id", "to_statement_id"]).where("to_statement_id", "in", [newFirst, newSecond]).execute()).sort(byPair);
    expect([first.sort(byPair), second.sort(byPair)]).toContainEqual(stored);
  });
});
