// Deciding a place request from its page: one form and one set of rules, whether the line manager decides
// on /team or L&D on /admin for someone with no manager on the portal; both go through `decideRequest`.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { EnrolmentStatus } from "../../db/schema";
import type { Locale } from "../utils/i18n";
import { formatDate } from "../utils/dates";
import { db } from "../utils/db.server";
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
    /** Which request the page showed: its `created_at`, compared under the cohort's lock. */
    askedAt: z.string().optional(),
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
    // Sent back with the decision, so one made on this page never lands on a request asked since.
    askedAt: found.created_at,
  };
}

/** Withdrawn or decided since the page was read: the reason typed comes back with why, not a 404. */
const NO_LONGER_WAITING = "requests.errors.noLongerWaiting";
/** Withdrawn or declined, then asked again since the page was read: the page now shows the new request. */
const ASKED_AGAIN = "requests.errors.askedAgain";
/** Sent from a page drawn before it said which request it showed. */
const PAGE_OUT_OF_DATE = "requests.errors.pageOutOfDate";

type Refusal = typeof NO_LONGER_WAITING | typeof ASKED_AGAIN | typeof PAGE_OUT_OF_DATE;

/** The refusal's words, saying the reason is below only when one was typed. */
function refusalKeepingReason(refusal: Refusal, payload: Record<string, unknown>): string {
  const reason = typeof payload.reason === "string" ? withoutControlCharacters(payload.reason).trim() : "";
  return reason ? `${refusal}ReasonKept` : refusal;
}

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

type Decided = z.infer<typeof schema>;

/** What each decision leaves the request as: an approval gives a place or a place on the waiting list. */
const DECIDED_AS: Record<Decided["decision"], readonly EnrolmentStatus[]> = { approve: ["enrolled", "waitlisted"], decline: ["declined"] };

/**
 * The decider's own decision on the request the page showed, word for word, still standing: a second send
 * (a double click, a resend) finds it done and answers as the first did, rather than "not saved". Its status
 * now, which is what the first answered unless the waiting list has moved since.
 */
async function sentAgain(pending: PendingDecision, decided: Decided): Promise<EnrolmentStatus | undefined> {
  if (pending.actor.personId === null || !decided.askedAt) return undefined;
  const recorded = await db().selectFrom("enrolments").select(["status", "reason", "decided_by", "created_at"]).where("id", "=", pending.enrolmentId).executeTakeFirst();
  const same =
    recorded !== undefined &&
    recorded.decided_by === pending.actor.personId &&
    recorded.created_at === decided.askedAt &&
    recorded.reason === (decided.reason || null) &&
    DECIDED_AS[decided.decision].includes(recorded.status);
  return same ? recorded.status : undefined;
}

export async function decidePlaceRequest(request: Request, pending: PendingDecision) {
  const submission = parseWithZod(await readFormData(request), { schema });
  const refused = (refusal: Refusal) => data(submission.reply({ formErrors: [refusalKeepingReason(refusal, submission.payload)] }), { status: 409 });
  const done = (status: string) => redirect(`${pending.doneUrl}?decided=${status}`);
  if (!pending.waiting) {
    const status = submission.status === "success" ? await sentAgain(pending, submission.value) : undefined;
    if (status) throw done(status);
    return pending.notWaitingError ? data(submission.reply({ formErrors: [pending.notWaitingError] }), { status: 409 }) : refused(NO_LONGER_WAITING);
  }
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { decision, reason, askedAt } = submission.value;
  // A page drawn before the form said which request it showed may show one withdrawn and asked again
  // since: refused, not trusted, as deciding it could tell the person "declined" for a reason written
  // about another request, while refusing costs one more press on the page drawn afresh (with the field).
  if (!askedAt) return refused(PAGE_OUT_OF_DATE);
  const result = await decideRequest(pending.enrolmentId, decision === "approve", reason || null, pending.actor, londonToday(), pending.decider, askedAt);
  if (result.ok) throw done(result.status);
  // Begun since the page was read (or the approval was sent anyway): said by the decision, reason kept.
  // To L&D, what they can do instead: "L&D offer places" would point them at themselves.
  if (result.error === "enrolment.errors.started") return data(submission.reply({ fieldErrors: { decision: [pending.decider === "learning_development" ? "enrolment.errors.startedForLearningTeam" : result.error] } }), { status: 409 });
  // A manager on the person's line can act now (L&D deciding): theirs, not "withdrawn or decided".
  if (result.error === "enrolment.errors.managerDecides") return data(submission.reply({ formErrors: [result.error] }), { status: 409 });
  // Moved off the manager's line since the page was read: no longer theirs to decide.
  if (result.error === "enrolment.errors.notOnLine") return data(submission.reply({ formErrors: [result.error] }), { status: 409 });
  if (result.error === "enrolment.errors.askedAgain") return refused(ASKED_AGAIN);
  // Saved meanwhile by the first of two sends that both read the page while it waited.
  const status = await sentAgain(pending, submission.value);
  if (status) throw done(status);
  return refused(NO_LONGER_WAITING);
}
