// The audit forms, checked on the server. Messages are i18n keys in the plugin's namespace.
import { z } from "zod";
import { check, idList, withoutBlanks, type FieldErrors } from "../../forms";
import { isIsoDate } from "../../../../app/utils/dates";
import { optionalText, requiredText } from "../../../../app/utils/form-text";
import { ACTION_KINDS, isKssStatement, KSS_REF, PCF_DOMAINS, RATINGS, THEMES } from "./db.server";

const id = (message: string) => z.string({ required_error: message }).regex(/^\d{1,9}$/, message).transform(Number);
const date = (required: string) => z.string({ required_error: required }).trim().min(1, required).refine(isIsoDate, "errors.date");

export const auditSchema = z
  .object({
    theme: z.enum(THEMES, { errorMap: () => ({ message: "audits.errors.theme" }) }),
    title: requiredText("audits.errors.titleRequired", 200, "audits.errors.titleTooLong"),
    heldOn: date("audits.errors.heldOnRequired"),
    summary: requiredText("audits.errors.summaryRequired", 4000, "audits.errors.summaryTooLong"),
    localities: idList("audits.errors.sample"),
    teams: idList("audits.errors.sample"),
  })
  .superRefine((v, ctx) => {
    if (v.localities.length + v.teams.length === 0) ctx.addIssue({ code: "custom", path: ["localities"], message: "audits.errors.sampleRequired" });
  });
export type AuditValue = z.infer<typeof auditSchema>;

/** KSS references typed as a list: separated by commas, semicolons, spaces or new lines. */
const kssRefs = z
  .string()
  .optional()
  .transform((text) => [...new Set((text ?? "").toLowerCase().split(/[\s,;]+/).filter(Boolean))])
  .refine((refs) => refs.length <= 30, "audits.errors.kss")
  .refine((refs) => refs.every((r) => KSS_REF.test(r)), "audits.errors.kss")
  // Told apart from a typing slip: well formed, but no such statement (kss-practitioner:11, say).
  .refine((refs) => refs.every((r) => !KSS_REF.test(r) || isKssStatement(r)), "audits.errors.kssUnknown");

export const findingSchema = z
  .object({
    rating: z.enum(RATINGS, { errorMap: () => ({ message: "audits.errors.rating" }) }),
    practiceArea: requiredText("audits.errors.areaRequired", 120, "audits.errors.areaTooLong"),
    pcf: z.array(z.enum(PCF_DOMAINS, { errorMap: () => ({ message: "audits.errors.pcf" }) })).max(20, "audits.errors.pcf").default([]),
    kss: kssRefs,
    team: id("audits.errors.team").optional(),
    note: optionalText(2000, "audits.errors.noteTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.pcf.length + v.kss.length === 0) ctx.addIssue({ code: "custom", path: ["pcf"], message: "audits.errors.framework" });
  });
export type FindingValue = z.infer<typeof findingSchema>;

export const actionSchema = z
  .object({
    kind: z.enum(ACTION_KINDS, { errorMap: () => ({ message: "audits.errors.kind" }) }),
    dueOn: date("audits.errors.dueRequired"),
    rollout: z.union([z.literal("new"), id("audits.errors.rollout")]).optional(),
    briefing: id("audits.errors.briefing").optional(),
    cohort: id("audits.errors.cohort").optional(),
    teams: idList("audits.errors.teams"),
    course: z.string().max(200, "audits.errors.course").regex(/^[a-z0-9-]{1,60}:[^\s]{1,120}$/, "audits.errors.course").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "rollout" && v.rollout === undefined) ctx.addIssue({ code: "custom", path: ["rollout"], message: "audits.errors.rollout" });
    if (v.kind === "rollout" && v.rollout === "new" && v.briefing === undefined) ctx.addIssue({ code: "custom", path: ["briefing"], message: "audits.errors.briefing" });
    if (v.kind === "cohort" && v.cohort === undefined) ctx.addIssue({ code: "custom", path: ["cohort"], message: "audits.errors.cohort" });
    if (v.kind === "cohort" && v.teams.length === 0) ctx.addIssue({ code: "custom", path: ["teams"], message: "audits.errors.teams" });
    if (v.kind === "course" && v.course === undefined) ctx.addIssue({ code: "custom", path: ["course"], message: "audits.errors.course" });
  });
export type ActionValue = z.infer<typeof actionSchema>;

export const closeSchema = z.object({
  action: id("audits.errors.action"),
  note: requiredText("audits.errors.noteRequired", 1000, "audits.errors.closeNoteTooLong"),
});

/**
 * Checks a form, and with it the rules across fields (zod leaves those out while any field fails), so
 * that every error shows at once. Both see a blank answer as missing, so they agree on what is wrong.
 */
export function checkAll<S extends z.ZodTypeAny>(schema: S, values: Record<string, unknown>, across: (values: Record<string, unknown>) => FieldErrors) {
  const result = check(schema, values);
  if (result.ok) return result;
  const extra = across(withoutBlanks(values));
  for (const [field, message] of Object.entries(extra)) result.errors[field] ??= message;
  return result;
}

const listed = (value: unknown) => (Array.isArray(value) ? value.length : value ? 1 : 0);

/** The sample must name at least one unit. */
export const auditAcross = (v: Record<string, unknown>): FieldErrors => (listed(v.localities) + listed(v.teams) === 0 ? { localities: "audits.errors.sampleRequired" } : {});

/** A finding touches at least one PCF domain or KSS statement. */
export const findingAcross = (v: Record<string, unknown>): FieldErrors => (listed(v.pcf) === 0 && !String(v.kss ?? "").trim() ? { pcf: "audits.errors.framework" } : {});

/** What each kind of action needs, besides the kind and the date. */
export function actionAcross(v: Record<string, unknown>): FieldErrors {
  if (v.kind === "rollout") return !v.rollout ? { rollout: "audits.errors.rollout" } : v.rollout === "new" && !v.briefing ? { briefing: "audits.errors.briefing" } : {};
  if (v.kind === "cohort") return { ...(!v.cohort ? { cohort: "audits.errors.cohort" } : {}), ...(listed(v.teams) === 0 ? { teams: "audits.errors.teams" } : {}) };
  if (v.kind === "course") return !v.course ? { course: "audits.errors.course" } : {};
  return {};
}
