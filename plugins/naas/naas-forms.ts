// The NAAS forms' rules, shared by the pages and their actions. Errors are keys in the plugin's namespace.
import type { TFunction } from "i18next";
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { londonToday } from "../../app/utils/london-time";
import { ROLE_CATEGORIES } from "../../app/utils/staff-fields";
import { optionalText, patternText, requiredText } from "../../app/utils/form-text";
import { EVIDENCE_KINDS, TRACKS } from "./programme";

// London's date: from midnight to 1am in summer UTC's is still yesterday.
const today = () => londonToday();
const date = (required: string) => z.string({ required_error: required }).refine(isIsoDate, "errors.date");
const rating = (message: string) => z.enum(["1", "2", "3", "4"], { errorMap: () => ({ message }) }).transform(Number);
const text = requiredText;
// At most nine digits, within the core's LARGEST_ID (app/utils/http.server.ts): a longer id overflows PostgreSQL's integer column
// and the lookup fails instead of finding nothing.
const id = (message: string) => z.string({ required_error: message }).regex(/^\d{1,9}$/, message).transform(Number);
const wholeNumber = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

export const trackSchema = z.enum(TRACKS, { errorMap: () => ({ message: "errors.track" }) });

export const ratingSchema = z.object({ rating: rating("statement.errors.rating") });

export const evidenceSchema = z.object({
  occurredOn: date("evidence.errors.dateRequired").refine((d) => d <= today(), "evidence.errors.future"),
  kind: z.enum(EVIDENCE_KINDS, { errorMap: () => ({ message: "evidence.errors.kind" }) }),
  reflection: text("evidence.errors.reflectionRequired", 4000, "evidence.errors.reflectionTooLong"),
});

export const offerSchema = z.object({
  offer: id("errors.offer"),
  decision: z.enum(["accepted", "dismissed"], { errorMap: () => ({ message: "errors.offer" }) }),
});

export const reviewSchema = z
  .object({
    review: z.enum(["agree", "differ"], { errorMap: () => ({ message: "review.errors.review" }) }),
    rating: rating("review.errors.rating").optional(),
    comment: optionalText(2000, "review.errors.commentTooLong"),
    // The person's rating the page showed, from a hidden field. Missing or not a rating, it matches no
    // rating, so the review is refused as made on another and the page shows the one that stands.
    shownRating: z.enum(["1", "2", "3", "4"]).transform(Number).optional().catch(undefined),
    // The review the page showed, from a hidden field; absent when it showed none, so any review saved
    // since refuses this one.
    shownReview: z.string().max(200).optional().catch(undefined),
  })
  .superRefine((value, ctx) => {
    if (value.review === "differ" && value.rating === undefined) ctx.addIssue({ code: "custom", path: ["rating"], message: "review.errors.rating" });
    if (value.review === "differ" && !value.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "review.errors.commentRequired" });
  });

export const endorsementSchema = z
  .object({
    decision: z.enum(["endorsed", "not_yet"], { errorMap: () => ({ message: "endorse.errors.decision" }) }),
    note: optionalText(2000, "endorse.errors.noteTooLong"),
    // The ratings the page showed, from a hidden field, as the review form's shownRating. Missing or
    // mangled, it matches no ratings, so the decision is refused and the page shows the ones that stand.
    shownRatings: z.string().max(20_000).optional().catch(undefined),
    // The decision the page showed, from a hidden field; absent when it showed none, so any decision saved
    // (or request made) since refuses this one.
    shownDecision: z.string().max(200).optional().catch(undefined),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "not_yet" && !value.note) ctx.addIssue({ code: "custom", path: ["note"], message: "endorse.errors.noteRequired" });
  });

export const bookingSchema = z.object({ window: id("book.errors.window") });

export const outcomeSchema = z.object({
  outcome: z.enum(["accredited", "not_yet_accredited"], { errorMap: () => ({ message: "outcome.errors.outcome" }) }),
  outcomeOn: date("outcome.errors.dateRequired").refine((d) => d <= today(), "outcome.errors.future"),
});

export const windowSchema = z
  .object({
    track: trackSchema,
    knowledgeOn: date("windows.errors.knowledgeOnRequired").refine((d) => d > today(), "windows.errors.past"),
    knowledgePlace: text("windows.errors.placeRequired", 200, "windows.errors.placeTooLong"),
    practiceOn: date("windows.errors.practiceOnRequired"),
    practicePlace: text("windows.errors.placeRequired", 200, "windows.errors.placeTooLong"),
    capacity: wholeNumber(1, 500, "windows.errors.capacity"),
  })
  .superRefine((value, ctx) => {
    if (value.practiceOn < value.knowledgeOn) ctx.addIssue({ code: "custom", path: ["practiceOn"], message: "windows.errors.practiceBeforeKnowledge" });
  });

/** A bad statement line's error carries its line number after this prefix. */
export const STATEMENT_LINE_ERROR = "frameworks.errors.statementLine:";
/** A well-formed statement line whose English or Welsh title is too long: its own error, with its line number. */
export const STATEMENT_TITLE_TOO_LONG = "frameworks.errors.statementTitleTooLong:";
export const STATEMENT_TITLE_MAX = 300;

/** The words for a framework form error: statement-line errors carry their line number after "key:". */
export function frameworkErrorText(t: TFunction, key: string) {
  const prefix = [STATEMENT_LINE_ERROR, STATEMENT_TITLE_TOO_LONG].find((p) => key.startsWith(p));
  return prefix ? t(prefix.slice(0, -1), { line: key.slice(prefix.length), max: STATEMENT_TITLE_MAX }) : t(key);
}

/** "number | title | Welsh title", one statement a line, numbered 1, 2, 3 without gaps. */
export function parseStatements(value: string) {
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const statements = lines.map((line) => {
    const [number, title, titleCy] = line.split("|").map((part) => part.trim());
    return { number: Number(number), title: title ?? "", titleCy: titleCy ?? "" };
  });
  return statements;
}

const statementLines = z
  .string({ required_error: "frameworks.errors.statementsRequired" })
  .pipe(requiredText("frameworks.errors.statementsRequired", 20_000, "frameworks.errors.statementsTooLong"))
  .transform(parseStatements)
  .superRefine((statements, ctx) => {
    statements.forEach((s, i) => {
      // A line in the wrong shape is told its shape; a right-shaped one with a long title is told the limit.
      if (s.number !== i + 1 || !s.title || !s.titleCy) ctx.addIssue({ code: "custom", message: `${STATEMENT_LINE_ERROR}${i + 1}` });
      else if (s.title.length > STATEMENT_TITLE_MAX || s.titleCy.length > STATEMENT_TITLE_MAX) ctx.addIssue({ code: "custom", message: `${STATEMENT_TITLE_TOO_LONG}${i + 1}` });
    });
  });

export const frameworkSchema = z
  .object({
    code: patternText("frameworks.errors.code", /^[a-z][a-z0-9-]{2,40}$/, "frameworks.errors.code"),
    track: trackSchema,
    version: text("frameworks.errors.version", 20, "frameworks.errors.version"),
    title: text("frameworks.errors.title", 300, "frameworks.errors.titleTooLong"),
    titleCy: text("frameworks.errors.titleCy", 300, "frameworks.errors.titleTooLong"),
    validFrom: date("frameworks.errors.validFromRequired"),
    validTo: z.string().refine(isIsoDate, "errors.date").optional(),
    statements: statementLines,
  })
  .superRefine((value, ctx) => {
    if (value.validTo && value.validTo < value.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "frameworks.errors.validToBeforeFrom" });
  });

export const settingsSchema = z.object({
  practitionerMinYears: wholeNumber(0, 20, "settings.errors.years"),
  supervisorMinReports: wholeNumber(1, 50, "settings.errors.reports"),
  frontlineRoles: z
    .array(z.enum(ROLE_CATEGORIES, { errorMap: () => ({ message: "settings.errors.roles" }) }), { required_error: "settings.errors.roles" })
    .min(1, "settings.errors.roles"),
});
