// The apprenticeship's forms, shared by the pages and their actions. Errors are keys in the plugin's namespace.
import type { TFunction } from "i18next";
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { londonToday } from "../../app/utils/london-time";
import { optionalText, patternText, requiredText } from "../../app/utils/form-text";
import { formatNumber } from "../../app/utils/number-format";
import { DECISIONS, DEGREE_OUTCOMES, isDegreeAwarded, PRACTICE_KINDS, QUALIFICATION_STATES, REVIEW_OUTCOMES, type NumericSetting } from "./programme";

// London's date: from midnight to 1am in summer UTC's is still yesterday.
const today = () => londonToday();
const date = (required: string) => z.string({ required_error: required }).refine(isIsoDate, "errors.date");
/** A date that may be left empty, of something that has happened: not after London's today. */
const optionalPastDate = (future: string) => z.string().refine(isIsoDate, "errors.date").refine((d) => d <= today(), future).optional();
/** Whether two dates that may be empty, or not dates at all (refused at their fields), are not the wrong way round. */
const inOrder = (earlier: string | undefined, later: string | undefined) => !earlier || !later || !isIsoDate(earlier) || !isIsoDate(later) || earlier <= later;
const whole = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { errorMap: () => ({ message }) });
/**
 * The most one ledger entry may be: £10,000,000, beyond any single levy payment. Amounts are stored as
 * whole pence in an integer column, which PostgreSQL stops at £21,474,836.47.
 */
const MAX_ENTRY_PENCE = 1_000_000_000;
/** Pounds and pence as typed ("1,250.50" or "1250"), as a whole number of pence. */
const pounds = (message: string, tooLarge: string) =>
  z
    .string({ required_error: message })
    .transform((v) => v.replace(/[£,\s]/g, ""))
    .pipe(z.string().regex(/^\d+(\.\d{1,2})?$/, message))
    .transform((v) => Math.round(Number(v) * 100))
    .pipe(z.number().min(1, message).max(MAX_ENTRY_PENCE, tooLarge));

export const applicationSchema = z.object({
  statement: requiredText("apply.errors.statement", 5000, "apply.errors.statementTooLong"),
  currentRole: requiredText("apply.errors.role", 200, "apply.errors.roleTooLong"),
  serviceMonths: whole(0, 600, "apply.errors.service"),
  english: choice(QUALIFICATION_STATES, "apply.errors.english"),
  maths: choice(QUALIFICATION_STATES, "apply.errors.maths"),
});

/** An applicant's answer to their offer must say which it is: anything else is refused, never read as a decline. */
export const offerResponseSchema = z.object({ response: choice(["accepted", "declined"] as const, "offer.errors.response") });

/**
 * The manager's support, its errors worded for whoever fills it in: `support` speaks to the manager ("whether
 * you support"), `support.learningTeam` to L&D recording the manager's support for them.
 */
const supportSchemaWorded = (words: "support" | "support.learningTeam") =>
  z
    .object({ support: choice(["given", "withheld"] as const, `${words}.errors.choice`), reason: optionalText(2000, "support.errors.reasonTooLong") })
    .superRefine((v, ctx) => {
      if (v.support === "withheld" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: `${words}.errors.reason` });
    });

export const supportSchema = supportSchemaWorded("support");
export const learningTeamSupportSchema = supportSchemaWorded("support.learningTeam");

export const intakeSchema = z
  .object({
    name: requiredText("intakes.errors.name", 100, "intakes.errors.nameTooLong"),
    university: requiredText("intakes.errors.university", 200, "intakes.errors.universityTooLong"),
    startsOn: date("intakes.errors.startsOn"),
    opensOn: date("intakes.errors.opensOn"),
    closesOn: date("intakes.errors.closesOn"),
    places: whole(1, 500, "intakes.errors.places"),
    criteria: requiredText("intakes.errors.criteria", 4000, "intakes.errors.criteriaTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "intakes.errors.closesBeforeOpens" });
    if (v.startsOn <= v.closesOn) ctx.addIssue({ code: "custom", path: ["startsOn"], message: "intakes.errors.startsBeforeClose" });
  });

const score = (message: string) => choice(["1", "2", "3", "4", "5"] as const, message).transform(Number);

export const scoreSchema = z.object({
  values: score("panel.errors.values"),
  experience: score("panel.errors.experience"),
  potential: score("panel.errors.potential"),
  comment: optionalText(2000, "panel.errors.commentTooLong"),
});

export const decisionSchema = z.object({
  decision: choice(DECISIONS, "decision.errors.choice"),
  feedback: requiredText("decision.errors.feedback", 4000, "decision.errors.feedbackTooLong"),
});

/**
 * L&D recording that someone has left, and why; `shown` is the place as the page showed it. The reason is
 * kept on the place, as the core keeps a declined request's, to the same length.
 */
export const withdrawalSchema = z.object({
  reason: requiredText("withdraw.errors.reason", 500, "withdraw.errors.reasonTooLong"),
  shown: z.string().optional(),
});

export const ledgerSchema = z
  .object({
    kind: choice(["levy", "payment", "transfer"] as const, "funding.errors.kind"),
    occurredOn: date("funding.errors.date").refine((d) => d <= today(), "funding.errors.future"),
    amount: pounds("funding.errors.amount", "funding.errors.amountTooLarge"),
    person: z.string().regex(/^\d{1,9}$/, "funding.errors.person").transform(Number).optional(),
    counterparty: optionalText(200, "funding.errors.counterpartyTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "payment" && !v.person) ctx.addIssue({ code: "custom", path: ["person"], message: "funding.errors.person" });
    if (v.kind === "transfer" && !v.counterparty) ctx.addIssue({ code: "custom", path: ["counterparty"], message: "funding.errors.counterparty" });
  });

/**
 * L&D correcting a ledger entry typed wrongly, and why: the reason is kept on the reversal and in its audit
 * event, to the length a withdrawal's is.
 */
export const reversalSchema = z.object({
  reason: requiredText("funding.reverse.errors.reason", 500, "funding.reverse.errors.reasonTooLong"),
});

export const otjSchema = z.object({
  weekOf: date("otj.errors.week").refine((d) => d <= today(), "otj.errors.future"),
  hours: z
    .string({ required_error: "otj.errors.hours" })
    .regex(/^\d{1,2}(\.\d{1,2})?$/, "otj.errors.hours")
    .transform(Number)
    .pipe(z.number().min(0.25, "otj.errors.hours").max(56, "otj.errors.hours")),
  activity: requiredText("otj.errors.activity", 200, "otj.errors.activityTooLong"),
});

export const practiceSchema = z
  .object({
    kind: choice(Object.keys(PRACTICE_KINDS) as [keyof typeof PRACTICE_KINDS, ...(keyof typeof PRACTICE_KINDS)[]], "practice.errors.kind"),
    startsOn: date("practice.errors.startsOn"),
    endsOn: date("practice.errors.endsOn"),
    setting: requiredText("practice.errors.setting", 200, "practice.errors.tooLong"),
    practiceEducator: requiredText("practice.errors.educator", 200, "practice.errors.tooLong"),
    daysCompleted: whole(0, 100, "practice.errors.days"),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "practice.errors.endsBeforeStarts" });
    if (v.daysCompleted > PRACTICE_KINDS[v.kind]) ctx.addIssue({ code: "custom", path: ["daysCompleted"], message: "practice.errors.days" });
  });

export const reviewSchema = z.object({
  heldOn: date("review.errors.date").refine((d) => d <= today(), "review.errors.future"),
  outcome: choice(REVIEW_OUTCOMES, "review.errors.outcome"),
  actions: requiredText("review.errors.actions", 4000, "review.errors.actionsTooLong"),
});

export const completionSchema = z
  .object({
    // A date in the future is a typo: a registration "recorded" ahead would finish the apprenticeship at once.
    gatewayOn: optionalPastDate("completion.errors.gatewayFuture"),
    degreeOutcome: choice(DEGREE_OUTCOMES, "completion.errors.outcome").optional(),
    degreeOn: optionalPastDate("completion.errors.degreeFuture"),
    registeredOn: optionalPastDate("completion.errors.registeredFuture"),
    registrationNumber: patternText("completion.errors.registration", /^SW\d{3,8}$/, "completion.errors.registration").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.degreeOutcome && !v.degreeOn) ctx.addIssue({ code: "custom", path: ["degreeOn"], message: "completion.errors.degreeOn" });
    if (v.registeredOn && !v.registrationNumber) ctx.addIssue({ code: "custom", path: ["registrationNumber"], message: "completion.errors.registration" });
    if (v.registeredOn && !isDegreeAwarded(v.degreeOutcome)) ctx.addIssue({ code: "custom", path: ["registeredOn"], message: "completion.errors.registeredWithoutDegree" });
    // The gateway comes before the degree, and the degree before registration.
    if (!inOrder(v.gatewayOn, v.degreeOn)) ctx.addIssue({ code: "custom", path: ["degreeOn"], message: "completion.errors.degreeBeforeGateway" });
    if (!inOrder(v.degreeOn, v.registeredOn)) ctx.addIssue({ code: "custom", path: ["registeredOn"], message: "completion.errors.registeredBeforeDegree" });
  });

/**
 * The whole numbers each setting takes. The field's hint is worded from these; its error message
 * (settings.errors.<key>) names the same range in words, and a test keeps the two in step.
 */
export const SETTINGS_RANGES = {
  minServiceMonths: [0, 120],
  fullTimeHours: [1, 60],
  fullTimeFromHours: [1, 60],
  otjFullTimeHours: [1, 40],
  otjPartTimePercent: [1, 100],
  fundingBandCap: [1000, 100000],
  durationMonths: [12, 72],
  topUpPercent: [0, 100],
  transferPercent: [0, 100],
  expiryMonths: [1, 60],
  reviewWeeks: [1, 52],
} as const satisfies Record<NumericSetting, readonly [number, number]>;

const setting = (key: NumericSetting) => whole(SETTINGS_RANGES[key][0], SETTINGS_RANGES[key][1], `settings.errors.${key}`);

/** A yes-or-no setting, chosen as "true" or "false" on the form. */
const yesOrNo = (message: string) => choice(["true", "false"] as const, message).transform((v) => v === "true");

export const settingsSchema = z.object({
  minServiceMonths: setting("minServiceMonths"),
  fullTimeHours: setting("fullTimeHours"),
  fullTimeFromHours: setting("fullTimeFromHours"),
  otjFullTimeHours: setting("otjFullTimeHours"),
  otjPartTimePercent: setting("otjPartTimePercent"),
  fundingBandCap: setting("fundingBandCap"),
  durationMonths: setting("durationMonths"),
  topUpPercent: setting("topUpPercent"),
  transferPercent: setting("transferPercent"),
  expiryMonths: setting("expiryMonths"),
  reviewWeeks: setting("reviewWeeks"),
  requireLevel2English: yesOrNo("settings.errors.requireLevel2English"),
  requireLevel2Maths: yesOrNo("settings.errors.requireLevel2Maths"),
});

/** A setting's hint, naming the whole numbers it takes, in the reader's language ("From 1,000 to 100,000."). */
export function settingHint(key: NumericSetting, t: TFunction, locale: string) {
  const [min, max] = SETTINGS_RANGES[key];
  return t("apprenticeship:settings.hint", { min: formatNumber(min, locale), max: formatNumber(max, locale) });
}
