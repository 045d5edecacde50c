// Reading ASYE years: for a list of people at once (readiness, widgets, inbox), each year's whole
// picture (schedule, reviews, evidence, supervision) from a fixed number of queries per batch.
import type { Selectable } from "kysely";
import { chunks } from "../../../app/services/readiness.server";
import { utcToLondon } from "../../../app/utils/london-time";
import { peopleKey, readOncePerRequest } from "../../../app/utils/request-memo.server";
import { ASYE_STAGE, PLUGIN_ID, type EvidenceKind } from "../programme";
import { asyeDb, type AsyeDatabase } from "./db.server";
import { evidenceOutstanding, evidenceProgress, monthOfYear, reviewStates, supervisionGaps, yearSchedule, type EvidenceProgress, type ReviewState, type SupervisionGap, type YearSchedule } from "./schedule";
import { settingsOfYear } from "./settings.server";

export type YearRow = Awaited<ReturnType<typeof yearRows>>[number];

export type LeaveRow = Selectable<AsyeDatabase["asye_leave"]>;

export type YearStatus = "in_progress" | "awaiting_decision" | "passed" | "failed";

export interface YearPicture {
  year: YearRow;
  status: YearStatus;
  schedule: YearSchedule;
  month: number;
  reviews: ReviewState[];
  evidence: EvidenceProgress[];
  outstanding: EvidenceProgress[];
  supervision: string[];
  gaps: SupervisionGap[];
  /** The gap still open today: supervision is overdue. */
  openGap: SupervisionGap | null;
  leave: LeaveRow[];
  /** Final reviews held before the year's latest extension: kept for the record, never counted or offered. */
  earlierFinalReviews: EarlierFinalReview[];
}

/** A final review of the year before it was extended, with the weeks of extension decided since. */
export interface EarlierFinalReview {
  heldOn: string;
  outcome: string;
  note: string;
  weeksSince: number;
}

function yearRows(ids: number[], by: "person" | "year") {
  return asyeDb()
    .selectFrom("asye_years as y")
    .innerJoin("people as p", "p.id", "y.person_id")
    .leftJoin("people as a", "a.id", "y.assessor_id")
    .leftJoin("people as s", "s.id", "y.supervisor_id")
    .selectAll("y")
    .select(["p.given_name", "p.family_name", "p.fte as person_fte", "p.line_manager_id", "p.career_stage", "a.given_name as assessor_given", "a.family_name as assessor_family", "s.given_name as supervisor_given", "s.family_name as supervisor_family"])
    .where(by === "person" ? "y.person_id" : "y.id", "in", ids)
    .execute();
}

export function yearStatus(year: Pick<YearRow, "decision" | "recommendation">): YearStatus {
  if (year.decision === "pass") return "passed";
  if (year.decision === "fail") return "failed";
  return year.recommendation ? "awaiting_decision" : "in_progress";
}

export const personName = (row: { given_name: string; family_name: string }) => `${row.given_name} ${row.family_name}`;

type ReviewRow = { review_month: number; extension_weeks: number; held_on: string; outcome: string; note: string };

/**
 * The reviews of the year as long as it now is. An extension asks for a fresh final review, of the
 * extended year (migration 0008), so a final review recorded before it is the unextended year's: it stays
 * stored, but no longer stands for the final review the page offers and the recommendation waits for.
 * The other reviews are of months before the first end, whatever extension follows.
 */
function reviewsOfTheYearAsItIs(year: YearRow, schedule: YearSchedule, reviews: ReviewRow[]) {
  return reviews.filter((r) => !isEarlierFinalReview(year, schedule, r));
}

/** A final review recorded while the year had fewer weeks of extension than it has now. */
function isEarlierFinalReview(year: YearRow, schedule: YearSchedule, review: ReviewRow) {
  const finalMonth = schedule.reviews[schedule.reviews.length - 1].month;
  return Number(review.review_month) === finalMonth && Number(review.extension_weeks) !== Number(year.extension_weeks);
}

/**
 * The final reviews held before the extension, oldest first: the year's page shows them apart, as part of
 * why the year was extended, while only the extended year's own final review counts.
 */
function earlierFinalReviews(year: YearRow, schedule: YearSchedule, reviews: ReviewRow[]): EarlierFinalReview[] {
  return reviews
    .filter((r) => isEarlierFinalReview(year, schedule, r))
    .sort((a, b) => Number(a.extension_weeks) - Number(b.extension_weeks))
    .map((r) => ({ heldOn: r.held_on, outcome: r.outcome, note: r.note, weeksSince: Number(year.extension_weeks) - Number(r.extension_weeks) }));
}

/** Builds one year's picture from its rows, on a given day. Exported for tests on fixed dates. */
export function pictureOf(year: YearRow, related: { leave: LeaveRow[]; reviews: ReviewRow[]; counts: Partial<Record<EvidenceKind, number>>; supervision: string[] }, today: string): YearPicture {
  // The year's rules are its own, fixed at its start (review months, evidence counts, supervision cadence,
  // long leave): L&D's changes since apply to the years started after them, and do not move this one.
  const settings = settingsOfYear(year);
  const schedule = yearSchedule({ startsOn: year.starts_on, fte: year.fte ?? year.person_fte, leave: related.leave, extensionWeeks: year.extension_weeks, ninthMonthReview: Number(year.ninth_month_review) === 1 }, settings);
  const status = yearStatus(year);
  const open = status === "in_progress" || status === "awaiting_decision";
  const until = today < schedule.endsOn ? today : schedule.endsOn;
  // A finished year has nothing overdue; its record stays as it was. Weeks of long leave are no gap.
  const gaps = supervisionGaps(year.starts_on, related.supervision, until, settings, schedule.longLeave, year.fte ?? year.person_fte).filter((g) => open || g.until !== null);
  const evidence = evidenceProgress(related.counts, settings);
  const reviews = reviewStates(schedule, reviewsOfTheYearAsItIs(year, schedule, related.reviews), today).map((r) => ({ ...r, overdue: open && r.overdue }));
  return { year, status, schedule, month: monthOfYear(year.starts_on, schedule, today), reviews, evidence, outstanding: evidenceOutstanding(evidence), supervision: related.supervision, gaps, openGap: gaps.find((g) => g.until === null) ?? null, leave: related.leave, earlierFinalReviews: earlierFinalReviews(year, schedule, related.reviews) };
}

function byYear<T extends { year_id: number }>(rows: T[]) {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.year_id);
    if (list) list.push(row);
    else grouped.set(row.year_id, [row]);
  }
  return grouped;
}

async function picturesOf(ids: number[], by: "person" | "year", now: Date): Promise<YearPicture[]> {
  if (ids.length === 0) return [];
  // London's date, as the forms take it, so an entry dated today counts today.
  const today = utcToLondon(now.toISOString()).date;
  const pictures: YearPicture[] = [];
  for (const batch of chunks(ids)) {
    const years = await yearRows(batch, by);
    if (years.length === 0) continue;
    const yearIds = years.map((y) => y.id);
    const [leave, reviews, counts, supervision] = await Promise.all([
      asyeDb().selectFrom("asye_leave").selectAll().where("year_id", "in", yearIds).orderBy("starts_on").execute(),
      asyeDb().selectFrom("asye_reviews").select(["year_id", "review_month", "extension_weeks", "held_on", "outcome", "note"]).where("year_id", "in", yearIds).execute(),
      asyeDb().selectFrom("asye_evidence").select(["year_id", "kind", (eb) => eb.fn.countAll<number>().as("n")]).where("year_id", "in", yearIds).groupBy(["year_id", "kind"]).execute(),
      asyeDb().selectFrom("asye_supervision").select(["year_id", "held_on"]).where("year_id", "in", yearIds).orderBy("held_on").execute(),
    ]);
    const leaveOf = byYear(leave);
    const reviewsOf = byYear(reviews);
    const countsOf = byYear(counts);
    const supervisionOf = byYear(supervision);
    for (const year of years) {
      pictures.push(
        pictureOf(
          year,
          {
            leave: leaveOf.get(year.id) ?? [],
            reviews: reviewsOf.get(year.id) ?? [],
            counts: Object.fromEntries((countsOf.get(year.id) ?? []).map((c) => [c.kind, Number(c.n)])),
            supervision: (supervisionOf.get(year.id) ?? []).map((s) => s.held_on),
          },
          today,
        ),
      );
    }
  }
  return pictures;
}

/**
 * The ASYE year of each of these people who has one. /team asks three times for the same people (its
 * card, readiness and the manager's inbox), so a page request reads them once; callers only read them.
 */
export const yearsOfPeople = (personIds: number[], now = new Date()) => readOncePerRequest(`${PLUGIN_ID}:years:${peopleKey(personIds)}`, () => picturesOf(personIds, "person", now));

export async function yearById(yearId: number, now = new Date()) {
  const [picture] = await picturesOf([yearId], "year", now);
  return picture;
}

/** The person's ASYE year, if they have one; shares the read of the same person's years in a page request. */
export async function yearOfPerson(personId: number, now = new Date()) {
  const [picture] = await yearsOfPeople([personId], now);
  return picture;
}

/** Whether the person is at the ASYE stage: one without a year is waiting for L&D to start it. */
export async function isAtAsyeStage(personId: number) {
  const person = await asyeDb().selectFrom("people").select("career_stage").where("id", "=", personId).executeTakeFirst();
  return person?.career_stage === ASYE_STAGE;
}
