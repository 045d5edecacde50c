// The fields of a new cohort and its session plan, checked on the server. Error messages are i18n
// keys in the `common` namespace.
import { z } from "zod";
import { addDaysToDate, isIsoDate } from "./dates";
import { optionalText, requiredText } from "./form-text";

// Shared with the pages, so not in a .server module.
export const CADENCES = ["weekly", "fortnightly", "monthly"] as const;
export type Cadence = (typeof CADENCES)[number];
export const MARKS = ["present", "absent", "excused"] as const;
export type Mark = (typeof MARKS)[number];

function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The date of a plan's session `index` (from 0), London's: monthly keeps the first's day, or the month's
 * last. The one planning of every cohort's sessions, so the form checks the dates the cohort will get.
 */
export function plannedSessionDate(firstDate: string, cadence: Cadence, index: number): string {
  return cadence === "monthly" ? addMonthsClamped(firstDate, index) : addDaysToDate(firstDate, index * (cadence === "weekly" ? 7 : 14));
}

const date = (required: string) => z.string({ required_error: required }).refine(isIsoDate, "cohorts.errors.date");
const optionalDate = z.string().refine(isIsoDate, "cohorts.errors.date").optional();
const whole = (required: string, min: number, max: number, message: string) =>
  z.string({ required_error: required }).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

export const cohortSchema = z
  .object({
    name: requiredText("cohorts.errors.nameRequired", 120, "cohorts.errors.nameTooLong"),
    startsOn: date("cohorts.errors.startsOnRequired"),
    endsOn: date("cohorts.errors.endsOnRequired"),
    capacity: whole("cohorts.errors.capacityRequired", 1, 500, "cohorts.errors.capacity"),
    enrolmentOpensOn: optionalDate,
    enrolmentClosesOn: optionalDate,
    venue: optionalText(200, "cohorts.errors.venueTooLong"),
    onlineUrl: z.string().url("cohorts.errors.url").refine((u) => /^https:\/\//.test(u), "cohorts.errors.url").optional(),
    requiresManagerApproval: z.enum(["yes", "no"], { errorMap: () => ({ message: "cohorts.errors.approval" }) }).default("yes"),
    firstSession: date("cohorts.errors.firstSessionRequired"),
    cadence: z.enum(CADENCES, { errorMap: () => ({ message: "cohorts.errors.cadence" }) }),
    sessionCount: whole("cohorts.errors.sessionCountRequired", 1, 52, "cohorts.errors.sessionCount"),
    sessionTime: z.string({ required_error: "cohorts.errors.timeRequired" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "cohorts.errors.time"),
    durationMinutes: whole("cohorts.errors.durationRequired", 15, 600, "cohorts.errors.duration"),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "cohorts.errors.endsBeforeStart" });
    if (v.enrolmentOpensOn && v.enrolmentClosesOn && v.enrolmentClosesOn < v.enrolmentOpensOn) ctx.addIssue({ code: "custom", path: ["enrolmentClosesOn"], message: "cohorts.errors.closesBeforeOpens" });
    if (v.firstSession < v.startsOn || v.firstSession > v.endsOn) ctx.addIssue({ code: "custom", path: ["firstSession"], message: "cohorts.errors.firstSessionOutside" });
    else if (planRunsPastEnd(v)) ctx.addIssue({ code: "custom", path: ["sessionCount"], message: "cohorts.errors.lastSessionAfterEnd" });
  });

/**
 * Whether the plan's last session falls after the cohort ends: eight monthly sessions from the start of a
 * six-month cohort. Checked only on a plan whose parts are valid: a refused field is refused by itself.
 */
function planRunsPastEnd(v: { endsOn: string; firstSession: string; cadence: string; sessionCount: unknown }): boolean {
  const valid = isIsoDate(v.firstSession) && isIsoDate(v.endsOn) && (CADENCES as readonly string[]).includes(v.cadence) && Number.isInteger(v.sessionCount) && (v.sessionCount as number) >= 1;
  return valid && plannedSessionDate(v.firstSession, v.cadence as Cadence, (v.sessionCount as number) - 1) > v.endsOn;
}

export type CohortFormValue = z.infer<typeof cohortSchema>;

/** One session's changes: moved, retitled, relocated or cancelled. */
export const sessionSchema = z.object({
  title: requiredText("cohorts.errors.titleRequired", 200, "cohorts.errors.titleTooLong"),
  date: date("cohorts.errors.dateRequired"),
  time: z.string({ required_error: "cohorts.errors.timeRequired" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "cohorts.errors.time"),
  durationMinutes: whole("cohorts.errors.durationRequired", 15, 600, "cohorts.errors.duration"),
  location: optionalText(200, "cohorts.errors.locationTooLong"),
  status: z.enum(["scheduled", "cancelled"], { errorMap: () => ({ message: "cohorts.errors.sessionStatus" }) }).default("scheduled"),
});

/**
 * One session's changes, its date on or between its cohort's first and last days. A session already
 * outside them (planned before plans were checked) may keep its date, so it can still be renamed or cancelled.
 */
export function sessionSchemaWithin(cohort: { starts_on: string; ends_on: string }, currentDate: string) {
  return sessionSchema.superRefine((v, ctx) => {
    const outside = v.date < cohort.starts_on || v.date > cohort.ends_on;
    if (outside && v.date !== currentDate && isIsoDate(v.date)) ctx.addIssue({ code: "custom", path: ["date"], message: "cohorts.errors.sessionOutsideCohort" });
  });
}

/** The most a reason for enrolling someone the programme is not meant for may hold, as the database keeps it. */
export const OVERRIDE_REASON_MAX = 500;
