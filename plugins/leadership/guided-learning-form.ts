// The self-study entry a learner submits (named "guided learning" in the code, its first name), unit
// results, completion and the programme rules; shared by the pages and their actions. Errors are keys in
// the plugin's namespace.
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { optionalText, patternText, requiredText } from "../../app/utils/form-text";
import { londonToday } from "../../app/utils/london-time";
import { withoutControlCharacters } from "../../app/utils/text";
import { SUPERVISOR_STATEMENT } from "./programme";


export const guidedEntrySchema = z.object({
  occurredOn: z.string({ required_error: "learning.errors.dateRequired" }).refine(isIsoDate, "learning.errors.date").refine((d) => d <= londonToday(), "learning.errors.future"),
  activity: requiredText("learning.errors.activityRequired", 200, "learning.errors.activityTooLong"),
  hours: z
    .string({ required_error: "learning.errors.hoursRequired" })
    .regex(/^\d{1,2}(\.\d{1,2})?$/, "learning.errors.hours")
    .transform(Number)
    .pipe(z.number().min(0.25, "learning.errors.hours").max(24, "learning.errors.hours")),
  reflection: optionalText(2000, "learning.errors.reflectionTooLong"),
});

const certificateCode = (required: string) => patternText(required, /^[A-Za-z0-9/-]{3,30}$/, "learner.errors.code");

export const unitResultSchema = z.object({
  // At most nine digits, within the core's LARGEST_ID (app/utils/http.server.ts): PostgreSQL refuses a larger number for an integer id.
  unit: z.string().regex(/^\d{1,9}$/, "learner.errors.unit").transform(Number),
  submittedOn: z.string({ required_error: "learner.errors.submittedRequired" }).refine(isIsoDate, "learning.errors.date").refine((d) => d <= londonToday(), "learning.errors.future"),
  result: z.enum(["pass", "refer", "fail"], { errorMap: () => ({ message: "learner.errors.result" }) }),
  feedback: optionalText(2000, "learner.errors.feedbackTooLong"),
});

export const completionSchema = z.object({
  ilmRegistration: certificateCode("learner.errors.ilmRequired"),
  certificateNumber: certificateCode("learner.errors.certificateRequired"),
});

const wholeNumber = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

/** The most a unit's title may hold, renamed or new. */
export const UNIT_TITLE_MAX = 200;

export const settingsSchema = z.object({
  requiredSessions: wholeNumber(1, 52, "settings.errors.requiredSessions"),
  guidedHoursTarget: wholeNumber(0, 500, "settings.errors.guidedHoursTarget"),
  topics: z
    .string({ required_error: "settings.errors.topics" })
    .transform((text) => withoutControlCharacters(text.replace(/\r/g, "")).split("\n").map((line) => line.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(200, "settings.errors.topicTooLong")).min(1, "settings.errors.topics").max(52, "settings.errors.topics")),
  // One statement a line (commas also part them); a statement given twice is one offer, so there are at
  // most eight. Checked as a whole, so the error is the field's own and shows beside it.
  supervisorStatements: z
    .string({ required_error: "settings.errors.supervisorStatements" })
    .transform((text) => [...new Set(text.split(/[\n,]/).map((part) => part.trim().toLowerCase()).filter(Boolean))])
    .refine((refs) => refs.length > 0 && refs.every((ref) => SUPERVISOR_STATEMENT.test(ref)), "settings.errors.supervisorStatements"),
  newUnit: optionalText(UNIT_TITLE_MAX, "settings.errors.unitTooLong"),
});

/**
 * Whether a learner on a new cohort could meet the rules: a new cohort has one session a topic, so with
 * more sessions needed than topics nobody on it could complete. Checked by the page once the form is well
 * formed, so a number of sessions already refused is not refused twice.
 */
export const sessionsNeededCanBeHeld = (rules: { requiredSessions: number; topics: string[] }) => rules.requiredSessions <= rules.topics.length;

/**
 * The unit titles the settings page shows. The titles are not in the schema, so Conform does not fill
 * them in: when the form is refused they are read from the reply, as typed, so no edit is lost.
 */
export function unitTitlesShown(units: { id: number; title: string }[], lastResult: { status?: string; initialValue?: Record<string, unknown> | null } | undefined) {
  const typed = lastResult?.status === "error" ? lastResult.initialValue : undefined;
  return units.map((u) => {
    const title = typed?.[`unit-${u.id}`];
    return { ...u, title: typeof title === "string" ? title : u.title };
  });
}
