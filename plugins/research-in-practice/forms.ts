// The Research in Practice forms, shared by the pages and their actions. Errors are keys in the plugin's namespace.
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { optionalText, requiredText } from "../../app/utils/form-text";
import { londonToday } from "../../app/utils/london-time";
import { CHANGED } from "./programme";

const date = (required: string) => z.string({ required_error: required }).refine(isIsoDate, "errors.date");

export const tailoredRunSchema = z
  .object({
    name: requiredText("course.errors.name", 150, "course.errors.nameTooLong"),
    // Tomorrow or later in London: from midnight to 1am in summer, UTC's date would still allow today.
    startsOn: date("course.errors.startsOn").refine((d) => d > londonToday(), "course.errors.past"),
    endsOn: date("course.errors.endsOn"),
    venue: requiredText("course.errors.venue", 200, "course.errors.venueTooLong"),
    capacity: z.string({ required_error: "course.errors.capacity" }).regex(/^\d+$/, "course.errors.capacity").transform(Number).pipe(z.number().min(1, "course.errors.capacity").max(500, "course.errors.capacity")),
    managerApproval: z.enum(["yes", "no"], { errorMap: () => ({ message: "course.errors.approval" }) }),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "course.errors.endsBeforeStarts" });
  });

/** A confidence rating 1 to 5 for each of the course's objectives, as fields o0, o1, ... */
export function confidenceSchema(objectives: number, after: boolean) {
  const rating = z.enum(["1", "2", "3", "4", "5"], { errorMap: () => ({ message: "evaluation.errors.rating" }) }).transform(Number);
  const shape: Record<string, z.ZodTypeAny> = Object.fromEntries(Array.from({ length: objectives }, (_, i) => [`o${i}`, rating]));
  if (after) shape.differently = requiredText("evaluation.errors.differently", 2000, "evaluation.errors.tooLong");
  return z.object(shape);
}

/**
 * The learners L&D tick as having attended and completed a run, by enrolment id. Ticking nobody is an
 * error rather than an empty success, so the page never claims to have recorded a completion it did not.
 */
export const completionSchema = z.object({
  learner: z.array(z.number({ invalid_type_error: "run.errors.learner" }).int("run.errors.learner")).min(1, "run.errors.learner"),
});

/**
 * Checks nothing: an evaluation sent for a stage no longer due is refused whatever it says, and this
 * carries its answers back to the page without marking them wrong.
 */
export const refusedAnswersSchema = z.object({});

export const followUpSchema = z
  .object({
    changed: z.enum(CHANGED, { errorMap: () => ({ message: "evaluation.errors.changed" }) }),
    example: optionalText(2000, "evaluation.errors.tooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.changed !== "no" && !v.example) ctx.addIssue({ code: "custom", path: ["example"], message: "evaluation.errors.example" });
  });
