// The programme's forms, checked on the server: briefings, rollouts, session cohorts and the induction
// setting. Messages are i18n keys in the plugin's namespace. Shared with the pages (not a .server module).
import { z } from "zod";
import { optionalText, requiredText } from "../../app/utils/form-text";
import { isIsoDate } from "../../app/utils/dates";
import { ROLE_CATEGORIES } from "../../app/utils/staff-fields";
import { COHORT_KINDS, DELIVERIES } from "./programme";

// A long address (a SharePoint link, say) is a real address: it is told the limit, not that it is not a web address.
const httpUrl = (message: string, tooLong: string) =>
  optionalText(500, tooLong).refine((value) => {
    if (value === undefined) return true;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, message);

// A box ticked twice, or a unit sent as both 5 and 05 (a tampered or replayed form), must count once:
// each becomes a row keyed on its value, and a repeat would break that key.
const once = <T>(list: T[]) => [...new Set(list)];
/**
 * Posted ids as numbers, each once, at most 500 (MOST_TEAMS in server/org-choices.server.ts). Repeats are
 * dropped before the limit is applied: a list that is within it, once each id counts once, is the person's
 * choice, and refusing it for its repeats would contradict the team picker, which counts each team once.
 */
export const idList = (message: string) =>
  z
    .array(z.string().regex(/^\d{1,9}$/, message))
    .default([])
    .transform((list) => once(list.map(Number)))
    .pipe(z.array(z.number()).max(500, message));
// Briefings and rollouts store their teams and localities as text.
const ids = (message: string) => idList(message).transform((list) => list.map(String));
const roles = (message: string) => z.array(z.enum(ROLE_CATEGORIES, { errorMap: () => ({ message }) })).default([]).transform(once);
const flag = z.enum(["yes"]).optional();
const whole = (required: string, min: number, max: number, message: string) =>
  z.string({ required_error: required }).trim().min(1, required).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
const date = (required: string) => z.string({ required_error: required }).trim().min(1, required).refine(isIsoDate, "errors.date");

export const briefingSchema = z
  .object({
    title: requiredText("briefing.errors.titleRequired", 200, "briefing.errors.titleTooLong"),
    summary: requiredText("briefing.errors.summaryRequired", 4000, "briefing.errors.summaryTooLong"),
    linkUrl: httpUrl("briefing.errors.url", "briefing.errors.urlTooLong"),
    documentUrl: httpUrl("briefing.errors.url", "briefing.errors.urlTooLong"),
    delivery: z.enum(DELIVERIES, { errorMap: () => ({ message: "briefing.errors.delivery" }) }),
    roles: roles("briefing.errors.roles"),
    teams: ids("briefing.errors.teams"),
    induction: flag,
    newVersion: flag,
    reconfirm: flag,
    // The version the edit page showed: a new version is published only on top of that one. Hidden fields
    // nobody can correct: the edit page refuses a form without them readable as a whole, as out of date.
    shownVersion: z.string().regex(/^\d{1,9}$/, "briefing.errors.pageOutOfDate").transform(Number).optional(),
    // The briefing's revision the edit page showed: any save is refused once someone else has saved since.
    shownRevision: z.string().regex(/^\d{1,9}$/, "briefing.errors.pageOutOfDate").transform(Number).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.linkUrl && !v.documentUrl) ctx.addIssue({ code: "custom", path: ["linkUrl"], message: "briefing.errors.linkOrDocument" });
    if (v.reconfirm && !v.newVersion) ctx.addIssue({ code: "custom", path: ["reconfirm"], message: "briefing.errors.reconfirmNeedsVersion" });
  });
export type BriefingValue = z.infer<typeof briefingSchema>;

export const rolloutSchema = z
  .object({
    briefing: z.string({ required_error: "rollout.errors.briefing" }).regex(/^\d{1,9}$/, "rollout.errors.briefing").transform(Number),
    dueOn: date("rollout.errors.dueRequired"),
    targetPercent: whole("rollout.errors.targetRequired", 1, 100, "rollout.errors.target"),
    roles: roles("rollout.errors.roles"),
    teams: ids("rollout.errors.teams"),
    localities: ids("rollout.errors.localities"),
  });
export type RolloutValue = z.infer<typeof rolloutSchema>;

export const sessionCohortSchema = z
  .object({
    kind: z.enum(COHORT_KINDS, { errorMap: () => ({ message: "sessions.errors.kind" }) }),
    briefing: z.string().regex(/^\d{1,9}$/, "sessions.errors.briefing").transform(Number).optional(),
    name: requiredText("sessions.errors.nameRequired", 120, "sessions.errors.nameTooLong"),
    firstDate: date("sessions.errors.dateRequired"),
    time: z.string({ required_error: "sessions.errors.timeRequired" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "sessions.errors.time"),
    durationMinutes: whole("sessions.errors.durationRequired", 15, 600, "sessions.errors.duration"),
    days: whole("sessions.errors.daysRequired", 1, 5, "sessions.errors.days"),
    capacity: whole("sessions.errors.capacityRequired", 1, 500, "sessions.errors.capacity"),
    venue: optionalText(200, "sessions.errors.venueTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "briefing" && !v.briefing) ctx.addIssue({ code: "custom", path: ["briefing"], message: "sessions.errors.briefing" });
  });
export type SessionCohortValue = z.infer<typeof sessionCohortSchema>;

export const inductionSettingsSchema = z.object({ days: whole("induction.errors.daysRequired", 1, 730, "induction.errors.days") });

/**
 * Reads a form into plain values exactly as submitted, with repeated fields (checkboxes) as lists. Blanks
 * are kept: a rejected form is shown again from these, and a field left blank must come back blank.
 */
export function formValues(form: FormData, lists: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || lists.includes(key)) continue;
    out[key] = value;
  }
  for (const key of lists) out[key] = form.getAll(key).filter((v): v is string => typeof v === "string");
  return out;
}

/** The values without blank answers, so that the rules treat a blank field as missing and give its "required" message. */
export function withoutBlanks(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value !== "string" || value.trim() !== ""));
}

export type FieldErrors = Record<string, string>;

/** Checks values against a schema (blanks counting as missing): the value, or the first message for each field (and the form). */
export function check<S extends z.ZodTypeAny>(schema: S, values: Record<string, unknown>): { ok: true; value: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(withoutBlanks(values));
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
