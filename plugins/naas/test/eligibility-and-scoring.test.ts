// Who may work towards which track and why; how a self-assessment scores; thresholds as settings.
import { beforeAll, describe, expect, it } from "vitest";
import { offerEvidence } from "../../../app/services/evidence.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { assessmentKey, assessmentsFor, stateOf } from "../server/assessment.server";
import { naasEligibility, practitionerEligibleFrom, practitionerTrack, supervisorTrack } from "../server/eligibility.server";
import { naasDb } from "../server/db.server";
import { addEvidence, decideOffer, rateStatement, reviewStatement } from "../server/journey.server";
import { naasSettings } from "../server/settings.server";
import { clearJourney, form, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

describe("practitioner track", () => {
  const today = "2026-11-23";
  it("opens the day after more than two full years since qualifying, and says when", () => {
    expect(practitionerEligibleFrom("2024-11-23", 2)).toBe("2026-11-24");
    expect(practitionerTrack({ role_category: "social_worker", qualification_date: "2024-11-23" }, DEFAULT_SETTINGS, today)).toEqual({
      eligible: false,
      reasonKey: "eligibility.practitioner.tooSoon",
      values: { years: 2, date: "2026-11-24", count: 2 },
      eligibleFrom: "2026-11-24",
    });
    expect(practitionerTrack({ role_category: "social_worker", qualification_date: "2024-11-22" }, DEFAULT_SETTINGS, today).eligible).toBe(true);
  });

  it("is for frontline statutory roles with a qualification", () => {
    expect(practitionerTrack({ role_category: "personal_adviser", qualification_date: "2010-01-01" }, DEFAULT_SETTINGS, today).reasonKey).toBe("eligibility.practitioner.notFrontline");
    expect(practitionerTrack({ role_category: "social_worker", qualification_date: null }, DEFAULT_SETTINGS, today).reasonKey).toBe("eligibility.practitioner.notQualified");
  });

  it("handles a 29 February qualification date", () => {
    expect(practitionerEligibleFrom("2024-02-29", 2)).toBe("2026-03-02");
  });
});

describe("practice supervisor track", () => {
  const qualified = { qualification_date: "2010-01-01" };

  it("is for someone with people reporting to them", async () => {
    expect(supervisorTrack(qualified, 0, DEFAULT_SETTINGS).eligible).toBe(false);
    expect(supervisorTrack(qualified, 3, DEFAULT_SETTINGS)).toMatchObject({ eligible: true, values: { count: 3 } });
    const [manager, practitioner] = [await personIdOf("manager"), await personIdOf("practitioner")];
    const both = await naasEligibility([manager, practitioner]);
    expect(both.get(manager)!.supervisor.eligible).toBe(true);
    expect(both.get(manager)!.practitioner.reasonKey).toBe("eligibility.practitioner.notFrontline");
    expect(both.get(practitioner)!.practitioner.eligible).toBe(true);
    expect(both.get(practitioner)!.supervisor.eligible).toBe(false);
  });

  it("is for qualified social workers who supervise others, not anyone with a team", async () => {
    // The seeded Learning and Development Manager has people reporting to them but is not a social worker.
    const ldManager = await db().selectFrom("people").select(["id", "qualification_date"]).where("job_title", "=", "Learning and Development Manager").executeTakeFirstOrThrow();
    const reports = await db().selectFrom("people").select("id").where("line_manager_id", "=", ldManager.id).where("employment_status", "=", "active").execute();
    expect(ldManager.qualification_date).toBeNull();
    expect(reports.length).toBeGreaterThan(0);
    const manager = await personIdOf("manager");

    const both = await naasEligibility([ldManager.id, manager]);
    expect(both.get(ldManager.id)!.supervisor).toEqual({ eligible: false, reasonKey: "eligibility.supervisor.notQualified" });
    expect(both.get(manager)!.supervisor.eligible).toBe(true);

    const personPage = await import("../routes/people.$personId");
    const supervisorView = async (query: string) =>
      ((await run(personPage.loader, await requestAs("ld", `/programmes/naas/people/${ldManager.id}?track=supervisor${query}`), { personId: String(ldManager.id) })).data as { view: { eligible: boolean; eligibility: string } }).view;
    expect(await supervisorView("")).toEqual(expect.objectContaining({ eligible: false, eligibility: "Not eligible for the practice supervisor track: it is for qualified social workers who supervise others, and no qualification date is recorded." }));
    expect((await supervisorView("&lng=cy")).eligibility).toBe("Ddim yn gymwys ar gyfer llwybr y goruchwylydd ymarfer: mae ar gyfer gweithwyr cymdeithasol cymwysedig sy'n goruchwylio eraill, ac nid oes dyddiad cymhwyso wedi'i gofnodi.");
  });
});

describe("scoring a self-assessment", () => {
  it("counts a statement ready at secure or above with evidence, and nothing less", () => {
    expect(stateOf(null, 3)).toBe("not_rated");
    expect(stateOf(2, 3)).toBe("below");
    expect(stateOf(3, 0)).toBe("needs_evidence");
    expect(stateOf(3, 1)).toBe("ready");
    expect(stateOf(4, 1)).toBe("ready");
  });

  it("moves by one statement in ten when one becomes ready, and a manager's lower rating counts", async () => {
    const person = await personIdOf("asye");
    // The ASYE is not yet eligible, but scoring does not depend on eligibility: use them as a blank slate.
    await clearJourney(person);
    const [first, second] = await statementIds("kss-practitioner");
    const score = async () => (await assessmentsFor([{ personId: person, track: "practitioner" }])).get(assessmentKey(person, "practitioner"))!;
    expect((await score()).score).toBe(0);
    expect((await score()).started).toBe(false);
    await rateStatement(person, first, 3, SYSTEM);
    expect((await score()).statements[0].state).toBe("needs_evidence");
    await addEvidence(person, first, { occurredOn: "2026-10-01", kind: "supervision", reflection: "Reflected on an assessment." }, SYSTEM);
    expect((await score()).score).toBe(10);
    await rateStatement(person, second, 4, SYSTEM);
    await addEvidence(person, second, { occurredOn: "2026-10-02", kind: "observation", reflection: "Observed visit." }, SYSTEM);
    expect((await score()).score).toBe(20);
    await reviewStatement(person, second, { review: "differ", rating: 2, comment: "Not yet consistent.", shownRating: 4 }, SYSTEM);
    const after = await score();
    expect(after.score).toBe(10);
    expect(after.statements[1]).toMatchObject({ selfRating: 4, managerRating: 2, rating: 2, state: "below" });
  });

  it("counts each person's own undecided offers against a statement, when many people are asked for at once", async () => {
    const [alex, sam] = [await personIdOf("practitioner"), await personIdOf("asye")];
    const [first, second] = await statementIds("kss-practitioner");
    const offersOn = async () => {
      const assessed = await assessmentsFor([alex, sam].map((personId) => ({ personId, track: "practitioner" as const })));
      const on = (personId: number, statementId: number) => assessed.get(assessmentKey(personId, "practitioner"))!.statements.find((s) => s.statement.id === statementId)!.offers;
      return [on(alex, first), on(alex, second), on(sam, first), on(sam, second)];
    };
    const offer = (personId: number, sourceRef: string, statement: number) =>
      offerEvidence({ personId, source: "leadership", sourceRef, statementRefs: [`kss-practitioner:${statement}`], title: sourceRef, occurredOn: "2026-10-01" });
    const before = await offersOn();
    try {
      await offer(alex, "batch:a1", 1);
      await offer(alex, "batch:a2", 1);
      await offer(sam, "batch:s1", 2);
      const dismissed = await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", "batch:a2").executeTakeFirstOrThrow();
      await decideOffer(alex, first, dismissed.id, "dismissed", SYSTEM);
      expect(await offersOn()).toEqual([before[0] + 1, before[1], before[2], before[3] + 1]);
    } finally {
      const ours = db().selectFrom("evidence_offers").select("id").where("source_ref", "like", "batch:%");
      await naasDb().deleteFrom("naas_offer_decisions").where("offer_id", "in", ours).execute();
      await db().deleteFrom("evidence_offers").where("source_ref", "like", "batch:%").execute();
    }
  });

  it("answers for many people in a fixed number of queries", async () => {
    const { observeQueries } = await import("../../../app/utils/db.server");
    const people = (await db().selectFrom("people").select("id").limit(200).execute()).map((p) => p.id);
    const count = async (ids: number[]) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      await assessmentsFor(ids.map((personId) => ({ personId, track: "practitioner" as const })));
      stop();
      return n;
    };
    expect(await count(people)).toBe(await count(people.slice(0, 5)));
  });
});

describe("eligibility settings", () => {
  it("let L&D raise the threshold, with errors for nonsense, and the change shows in the reason", async () => {
    const settings = await import("../routes/settings");
    const bad = await run(settings.action, await requestAs("ld", "/programmes/naas/settings", form({ practitionerMinYears: "ten", supervisorMinReports: "0" })));
    expect(bad.status).toBe(400);
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({ practitionerMinYears: ["settings.errors.years"], supervisorMinReports: ["settings.errors.reports"], frontlineRoles: ["settings.errors.roles"] });
    const refused = await run(settings.action, await requestAs("practitioner", "/programmes/naas/settings", form({ practitionerMinYears: "5", supervisorMinReports: "1", frontlineRoles: "social_worker" })));
    expect(refused.status).toBe(403);
    const saved = await run(settings.action, await requestAs("ld", "/programmes/naas/settings", form([["practitionerMinYears", "5"], ["supervisorMinReports", "1"], ["frontlineRoles", "social_worker"], ["frontlineRoles", "senior_practitioner"]])));
    expect(saved.status).toBe(303);
    const alex = await personIdOf("practitioner");
    const now = (await naasEligibility([alex])).get(alex)!.practitioner;
    expect(now).toMatchObject({ eligible: false, reasonKey: "eligibility.practitioner.tooSoon", values: { years: 5 } });
    const audit = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "setting.changed").where("subject_id", "like", "naas.%").execute();
    // The first save stores every threshold; later saves audit only what changed.
    expect(audit.map((a) => a.subject_id).sort()).toEqual(["naas.frontlineRoles", "naas.practitionerMinYears", "naas.supervisorMinReports"]);
    await run(settings.action, await requestAs("ld", "/programmes/naas/settings", form([["practitionerMinYears", "2"], ["supervisorMinReports", "1"], ...DEFAULT_SETTINGS.frontlineRoles.map((r): [string, string] => ["frontlineRoles", r])])));
    expect((await naasEligibility([alex])).get(alex)!.practitioner.eligible).toBe(true);
  });

  it("answer a rejected save with the roles as ticked, none included, and a blank left blank, and keep the saved settings", async () => {
    const settings = await import("../routes/settings");
    const path = "/programmes/naas/settings";
    type Reply = { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    const before = await naasSettings();
    const blankYears = await run(settings.action, await requestAs("ld", path, form([["practitionerMinYears", ""], ["supervisorMinReports", "3"], ["frontlineRoles", "social_worker"]])));
    expect(blankYears.status).toBe(400);
    expect((blankYears.data as Reply).error).toEqual({ practitionerMinYears: ["settings.errors.years"] });
    expect((blankYears.data as Reply).initialValue).toEqual({ supervisorMinReports: "3", frontlineRoles: "social_worker" });
    // No ticks is what was submitted: the reply has no roles, which the page must show as none ticked, not the saved roles.
    const noRoles = await run(settings.action, await requestAs("ld", path, form({ practitionerMinYears: "4", supervisorMinReports: "2" })));
    expect(noRoles.status).toBe(400);
    expect((noRoles.data as Reply).error).toEqual({ frontlineRoles: ["settings.errors.roles"] });
    expect((noRoles.data as Reply).initialValue).toEqual({ practitionerMinYears: "4", supervisorMinReports: "2" });
    expect(await naasSettings()).toEqual(before);
  });
});
