// Rows the demo does not seed in tables about a person, so that the personal-data coverage test finds a
// row to look for in every one. Each optional column is given a value too: a column the download drops
// is then missed by its value, not only by its name. The core's rows go through the services that write
// them; a programme's through its tables, as its own tests write them.
import { db } from "../../app/utils/db.server";
import { offerEvidenceToMany } from "../../app/services/evidence.server";
import { addNotice, dismissNotice } from "../../app/services/notices.server";
import { signIn } from "../../app/services/sign-in.server";
import { startSession } from "../../app/utils/auth.server";
import { apprenticeshipDb } from "../../plugins/apprenticeship/server/db.server";
import { asyeDb } from "../../plugins/asye/server/db.server";
import { leadershipDb } from "../../plugins/leadership/server/progress.server";
import { naasDb } from "../../plugins/naas/server/db.server";
import { decideOffer } from "../../plugins/naas/server/journey.server";
import { statementRefs } from "../../plugins/naas/server/statement.server";
import { DEMO_EMAILS, personIdOf, userIdOf, type DemoAccount } from "./fixtures";

const STAMP = "2026-03-02T10:15:00.000Z";

/** A signed-in session, a failed sign-in, notices, and an evidence offer the person dismissed in NAAS. */
async function coreRowsOf(account: DemoAccount) {
  const personId = await personIdOf(account);
  const actor = { userId: await userIdOf(account), personId };
  await startSession(actor.userId);
  await signIn(DEMO_EMAILS[account], "not the password", "192.0.2.44");
  // One read and dismissed, one not: the download holds both.
  for (const cohort of ["Coverage cohort", "Second coverage cohort"]) {
    await addNotice({ personId, source: "common", messageKey: "notices.requestToLearningTeam", values: { cohort }, href: "/programmes/leadership" });
  }
  const read = await db().selectFrom("notices").select("id").where("person_id", "=", personId).orderBy("id").executeTakeFirstOrThrow();
  await dismissNotice(personId, read.id, actor);
  const statement = await naasDb().selectFrom("naas_statements").select("id").orderBy("id").executeTakeFirstOrThrow();
  await offerEvidenceToMany([
    { personId, source: "leadership", sourceRef: "enrolment:coverage", statementRefs: await statementRefs(statement.id), title: "Coverage course", titleCy: "Cwrs cwmpas", occurredOn: "2026-02-20" },
  ]);
  const offer = await db().selectFrom("evidence_offers").select("id").where("person_id", "=", personId).where("source_ref", "=", "enrolment:coverage").executeTakeFirstOrThrow();
  await decideOffer(personId, statement.id, offer.id, "dismissed", actor);
}

/** A period of ASYE leave, a Level 5 completion and a finished apprenticeship, each recorded by L&D. */
async function programmeRows() {
  const recordedBy = await personIdOf("ld");
  const year = await asyeDb().selectFrom("asye_years").select(["id", "starts_on"]).orderBy("id").executeTakeFirstOrThrow();
  await asyeDb().insertInto("asye_leave").values({ year_id: year.id, starts_on: "2026-01-05", ends_on: "2026-02-13", reason: "Coverage leave", recorded_by: recordedBy, created_at: STAMP }).execute();
  const place = await db()
    .selectFrom("enrolments")
    .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
    .select("enrolments.id")
    .where("cohorts.programme_id", "=", "leadership")
    .orderBy("enrolments.id")
    .executeTakeFirstOrThrow();
  await leadershipDb().insertInto("leadership_completions").values({ enrolment_id: place.id, completed_on: "2026-02-27", ilm_registration: "ILM-COVER", certificate_number: "CERT-COVER", recorded_by: recordedBy }).execute();
  const apprentice = await apprenticeshipDb().selectFrom("apprenticeship_otj").select("person_id").orderBy("id").executeTakeFirstOrThrow();
  await apprenticeshipDb()
    .insertInto("apprenticeship_completions")
    .values({ person_id: apprentice.person_id, gateway_on: "2026-01-12", degree_outcome: "upper_second", degree_on: "2026-02-02", registered_on: "2026-02-23", registration_number: "SW-COVER", updated_at: STAMP })
    .execute();
}

export async function seedRowsTheDemoLeavesOut() {
  await coreRowsOf("asye");
  await programmeRows();
}
