// The ASYE's forms, shared by the pages and their actions. Errors are keys in the plugin's namespace.
// A "too long" message names its field's limit, so a limit changed here is changed in both locales too.
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { patternText, requiredText } from "../../app/utils/form-text";
import { utcToLondon } from "../../app/utils/london-time";
import { DECISIONS, DEFAULT_SETTINGS, EVIDENCE_KINDS, RECOMMENDATIONS, REVIEW_OUTCOMES } from "./programme";
import { plusMonths } from "./server/schedule";

// London's date: from midnight to 1am in summer UTC's is still yesterday, and today's entries would be refused.
const today = () => utcToLondon(new Date().toISOString()).date;
const date = (required: string) => z.string({ required_error: required }).refine(isIsoDate, "errors.date");
const pastDate = (required: string) => date(required).refine((d) => d <= today(), "errors.future");
const whole = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { errorMap: () => ({ message }) });
const employeeNumber = (message: string) => patternText(message, /^[A-Za-z0-9-]{1,20}$/, message);

export const startSchema = z.object({
  startsOn: date("start.errors.startsOn"),
  assessor: employeeNumber("start.errors.assessor"),
  supervisor: employeeNumber("start.errors.supervisor"),
});

/** The assessor and supervisor of a running year, with the two the page showed (their ids) to guard against a change since. */
export const reassignSchema = z.object({
  assessor: employeeNumber("start.errors.assessor"),
  supervisor: employeeNumber("start.errors.supervisor"),
  shownAssessor: z.string().optional(),
  shownSupervisor: z.string().optional(),
});

export const reviewSchema = z.object({
  month: choice(["3", "6", "9", "12"] as const, "review.errors.month").transform(Number),
  heldOn: pastDate("review.errors.heldOn"),
  outcome: choice(REVIEW_OUTCOMES, "review.errors.outcome"),
  note: requiredText("review.errors.note", 4000, "review.errors.noteTooLong"),
});

export const evidenceSchema = z.object({
  kind: choice(EVIDENCE_KINDS, "evidence.errors.kind"),
  occurredOn: pastDate("evidence.errors.occurredOn"),
  title: requiredText("evidence.errors.title", 300, "evidence.errors.titleTooLong"),
});

export const supervisionSchema = z.object({ heldOn: pastDate("supervision.errors.heldOn") });

export const leaveSchema = z
  .object({
    startsOn: date("leave.errors.startsOn"),
    endsOn: date("leave.errors.endsOn"),
    reason: requiredText("leave.errors.reason", 200, "leave.errors.reasonTooLong"),
  })
  .superRefine((v, ctx) => {
    // zod runs this even when a date above was refused: a typed "x" is then at its field already, and
    // neither compared nor counted on (plusMonths cannot count from it).
    if (!isIsoDate(v.startsOn) || !isIsoDate(v.endsOn)) return;
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "leave.errors.order" });
    // One period lasts a year at most: the longest statutory leave (maternity or adoption) is 52 weeks, and
    // an end typed decades on (2062 for 2026) would otherwise stretch the year by as long. A longer absence
    // is recorded as a further period, which the schedule joins to this one.
    if (v.endsOn >= plusMonths(v.startsOn, 12)) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "leave.errors.tooLong" });
  });

export const recommendationSchema = z.object({
  recommendation: choice(RECOMMENDATIONS, "recommendation.errors.choice"),
  note: requiredText("recommendation.errors.note", 4000, "recommendation.errors.noteTooLong"),
});

export const decisionSchema = z
  .object({
    decision: choice(DECISIONS, "decision.errors.choice"),
    decidedOn: pastDate("decision.errors.decidedOn"),
    note: requiredText("decision.errors.note", 4000, "decision.errors.noteTooLong"),
    extensionWeeks: z.string().optional(),
    // When the recommendation the page showed was made, so a decision on one since replaced is refused.
    recommendedAt: z.string().optional(),
  })
  .transform((v, ctx) => {
    if (v.decision !== "extend") return { ...v, extensionWeeks: undefined };
    const weeks = /^\d{1,2}$/.test(v.extensionWeeks ?? "") ? Number(v.extensionWeeks) : 0;
    if (weeks < 1 || weeks > 52) {
      ctx.addIssue({ code: "custom", path: ["extensionWeeks"], message: "decision.errors.extensionWeeks" });
      return z.NEVER;
    }
    return { ...v, extensionWeeks: weeks };
  });

const weeklySupervisionWeeks = whole(0, 52, "settings.errors.weeks");
const fortnightlyUntilMonth = whole(0, 12, "settings.errors.month");
/** Whether a field, as the object check below sees it (a number once accepted, what was typed if not), passes its own check. */
const accepted = (field: z.ZodTypeAny, value: unknown) => field.safeParse(String(value)).success;

export const settingsSchema = z
  .object({
    ninthMonthReview: choice(["0", "1"] as const, "settings.errors.ninthMonthReview").transform(Number),
    directObservations: whole(0, 20, "settings.errors.count"),
    familyFeedback: whole(0, 20, "settings.errors.count"),
    professionalFeedback: whole(0, 20, "settings.errors.count"),
    writtenReports: whole(0, 20, "settings.errors.count"),
    weeklySupervisionWeeks,
    fortnightlyUntilMonth,
    supervisionGraceDays: whole(0, 14, "settings.errors.grace"),
    longLeaveDays: whole(1, 365, "settings.errors.leave"),
  })
  .superRefine((v, ctx) => {
    // zod runs this even when either field was refused on its own: one mistake gives one error, at its field.
    if (!accepted(weeklySupervisionWeeks, v.weeklySupervisionWeeks) || !accepted(fortnightlyUntilMonth, v.fortnightlyUntilMonth)) return;
    if (v.fortnightlyUntilMonth * 4 < v.weeklySupervisionWeeks) ctx.addIssue({ code: "custom", path: ["fortnightlyUntilMonth"], message: "settings.errors.fortnightlyBeforeWeekly" });
  }) satisfies z.ZodType<typeof DEFAULT_SETTINGS, z.ZodTypeDef, unknown>;
