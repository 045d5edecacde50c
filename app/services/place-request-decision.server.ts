// Deciding a place request from its page: one form and one set of rules, whether the line manager decides
// on /team or L&D on /admin for someone with no manager on the portal; both go through `decideRequest`.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { Locale } from "../utils/i18n";
import { formatDate } from "../utils/dates";
import { readFormData } from "../utils/form-data.server";
import { fixedT } from "../utils/i18n.server";
import { londonToday } from "../utils/london-time";
import { withoutControlCharacters } from "../utils/text";
import type { Actor } from "./audit.server";
import { decideRequest, type PlaceDecider } from "./enrolment.server";
import type { PlaceRequestRow } from "./requests.server";

const schema = z
  .object({
    decision: z.enum(["approve", "decline"], { errorMap: () => ({ message: "requests.errors.decision" }) }),
    reason: z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(500, "requests.errors.reasonTooLong")).optional(),
  })
  .refine((v) => v.decision !== "decline" || (v.reason ?? "").length > 0, { path: ["reason"], message: "requests.errors.reasonNeeded" });

/** What the decision page shows about the request. */
export function placeRequestView(locale: Locale, found: PlaceRequestRow) {
  return {
    // Once the cohort has begun a request can only be declined (decideRequest says why).
    started: found.starts_on <= londonToday(),
    request: {
      name: `${found.given_name} ${found.family_name}`,
      role: `${found.job_title}, ${found.team_name}`,
      programme: fixedT(locale, found.programme_id)("title"),
      cohort: found.cohort_name,
      dates: `${formatDate(found.starts_on, locale)} – ${formatDate(found.ends_on, locale)}`,
      asked: formatDate(found.created_at, locale),
    },
  };
}

/** Withdrawn or decided since the page was read: the reason typed comes back with why, not a 404. */
const NO_LONGER_WAITING = "requests.errors.noLongerWaiting";

export interface PendingDecision {
  enrolmentId: number;
  waiting: boolean;
  actor: Actor;
  decider: PlaceDecider;
  /** Where the decider goes once it is saved; `?decided=<status>` is added. */
  doneUrl: string;
  /** Why it does not wait for this decider, when that is not that it was withdrawn or decided. */
  notWaitingError?: string;
}

export async function decidePlaceRequest(request: Request, pending: PendingDecision) {
  const submission = parseWithZod(await readFormData(request), { schema });
  if (!pending.waiting) return data(submission.reply({ formErrors: [pending.notWaitingError ?? NO_LONGER_WAITING] }), { status: 409 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { decision, reason } = submission.value;
  const result = await decideRequest(pending.enrolmentId, decision === "approve", reason || null, pending.actor, londonToday(), pending.decider);
  // Begun since the page was read (or the approval was sent anyway): said by the decision, reason kept.
  if (!result.ok && result.error === "enrolment.errors.started") return data(submission.reply({ fieldErrors: { decision: [result.error] } }), { status: 409 });
  // A manager on the person's line can act now (L&D deciding): theirs, not "withdrawn or decided".
  if (!result.ok && result.error === "enrolment.errors.managerDecides") return data(submission.reply({ formErrors: [result.error] }), { status: 409 });
  if (!result.ok) return data(submission.reply({ formErrors: [NO_LONGER_WAITING] }), { status: 409 });
  throw redirect(`${pending.doneUrl}?decided=${result.status}`);
}
