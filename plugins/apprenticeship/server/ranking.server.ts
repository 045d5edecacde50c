// An intake's applications in the panel's order, ranked in the database so a page of them is read, not
// the hundreds an intake gathers: the shortlist with scores first, highest mean total first (equal totals
// share a rank: 1, 2, 2, 4), then every other application by name.
import { sql, type RawBuilder } from "kysely";
import { apprenticeshipDb } from "./db.server";

/**
 * A mean of integer scores in tenths, rounded half up: (20 × sum + count) ÷ (2 × count) in whole numbers
 * is ⌊10 × sum ÷ count + ½⌋, the same on SQLite and PostgreSQL, with no floating point to round apart.
 */
const meanInTenths = (scores: RawBuilder<number>) => sql<number | string>`(20 * sum(${scores}) + count(*)) / (2 * count(*))`;

/** Each scored application of the intake: how many panel members scored it, and its means in tenths. */
function scoreMeans(intakeId: number) {
  return apprenticeshipDb()
    .selectFrom("apprenticeship_scores as s")
    .innerJoin("apprenticeship_applications as sa", "sa.id", "s.application_id")
    .where("sa.intake_id", "=", intakeId)
    .groupBy("s.application_id")
    .select([
      "s.application_id",
      (eb) => eb.fn.countAll<number | string>().as("panelists"),
      meanInTenths(sql`s.values_score + s.experience_score + s.potential_score`).as("total_tenths"),
      meanInTenths(sql`s.values_score`).as("values_tenths"),
      meanInTenths(sql`s.experience_score`).as("experience_tenths"),
      meanInTenths(sql`s.potential_score`).as("potential_tenths"),
    ]);
}

/** 0 for the ranked part of the list (shortlisted and scored), 1 for the rest. */
const section = sql<number>`case when a.shortlisted = 1 and m.total_tenths is not null then 0 else 1 end`;

/**
 * The intake's applications with their applicant, place and score means, in the panel's order: the
 * application's id last, so two applicants of the same name keep their places from page to page.
 */
export function rankedApplicationRows(intakeId: number) {
  return apprenticeshipDb()
    .selectFrom("apprenticeship_applications as a")
    .innerJoin("people as p", "p.id", "a.person_id")
    .leftJoin("enrolments as e", "e.id", "a.enrolment_id")
    .leftJoin(scoreMeans(intakeId).as("m"), "m.application_id", "a.id")
    .selectAll("a")
    .select(["p.given_name", "p.family_name", "e.status as enrolment_status", "m.panelists", "m.total_tenths", "m.values_tenths", "m.experience_tenths", "m.potential_tenths"])
    .select(sql<number | string | null>`case when ${section} = 0 then rank() over (partition by ${section} order by m.total_tenths desc) end`.as("rank"))
    .where("a.intake_id", "=", intakeId)
    .orderBy(section)
    .orderBy(sql`case when ${section} = 0 then m.total_tenths end`, "desc")
    // Given name, then family name, each in lower case as the people lists sort names: a name written in
    // lower case sorts among the others, not after every capital (SQLite lowers only A to Z, so accented
    // capitals may still order differently there than on PostgreSQL).
    .orderBy(sql`lower(p.given_name)`)
    .orderBy(sql`lower(p.family_name)`)
    .orderBy("a.id");
}

/** How many applications the intake has: the pages of its list. */
export async function applicationCount(intakeId: number) {
  const { n } = await apprenticeshipDb().selectFrom("apprenticeship_applications").select((eb) => eb.fn.countAll<number>().as("n")).where("intake_id", "=", intakeId).executeTakeFirstOrThrow();
  return Number(n);
}
