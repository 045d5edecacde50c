// The new-cohort page's fields in the order it shows them. The error summary lists errors in this
// order, so every field the server can refuse must be here, or its error would show in no summary.
import type { z } from "zod";
import type { cohortSchema } from "../../app/utils/cohort-form";

export const COHORT_FIELD_ORDER = [
  "name",
  "startsOn",
  "endsOn",
  "capacity",
  "enrolmentOpensOn",
  "enrolmentClosesOn",
  "venue",
  "onlineUrl",
  "requiresManagerApproval",
  "firstSession",
  "cadence",
  "sessionCount",
  "sessionTime",
  "durationMinutes",
] as const satisfies readonly (keyof z.input<typeof cohortSchema>)[];

export { OVERRIDE_REASON_MAX } from "../../app/utils/cohort-form";

// The core's staff import refuses an employee number over 20 characters, so nobody holds a longer one.
export const EMPLOYEE_NUMBER_MAX = 20;
