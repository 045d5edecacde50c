// A year's picture as the pages show it: dates formatted in the reader's language, names joined.
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import { personName, type YearPicture } from "./years.server";

export function yearView(picture: YearPicture, locale: Locale) {
  const { year, schedule } = picture;
  const date = (iso: string | null | undefined) => formatDate(iso, locale);
  return {
    id: year.id,
    name: personName(year),
    status: picture.status,
    month: picture.month,
    startsOn: date(year.starts_on),
    endsOn: date(schedule.endsOn),
    fte: year.fte ?? year.person_fte,
    partTimeDays: schedule.partTimeDays,
    leaveDays: schedule.leaveDays,
    extensionWeeks: year.extension_weeks,
    assessor: year.assessor_given ? `${year.assessor_given} ${year.assessor_family}` : "",
    supervisor: year.supervisor_given ? `${year.supervisor_given} ${year.supervisor_family}` : "",
    reviews: picture.reviews.map((r) => ({ month: r.month, dueOn: date(r.dueOn), overdue: r.overdue, heldOn: r.recorded ? date(r.recorded.heldOn) : null, outcome: r.recorded?.outcome ?? null, note: r.recorded?.note ?? null })),
    // Held before the latest extension: shown apart, marked with the weeks the year was extended by since.
    earlierFinalReviews: picture.earlierFinalReviews.map((r) => ({ heldOn: date(r.heldOn), outcome: r.outcome, note: r.note, weeksSince: r.weeksSince })),
    evidence: picture.evidence.map((e) => ({ kind: e.kind, required: e.required, recorded: e.recorded, done: e.recorded >= e.required })),
    supervisionCount: picture.supervision.length,
    lastSupervision: picture.supervision.length > 0 ? date(picture.supervision[picture.supervision.length - 1]) : null,
    gaps: picture.gaps.map((g) => ({ after: date(g.after), dueOn: date(g.dueOn), until: g.until ? date(g.until) : null })),
    leave: picture.leave.map((l) => ({ id: l.id, startsOn: date(l.starts_on), endsOn: date(l.ends_on), reason: l.reason })),
    recommendation: year.recommendation ? { value: year.recommendation, note: year.recommendation_note ?? "", on: date(year.recommended_at) } : null,
    decision: year.decision ? { value: year.decision, note: year.decision_note ?? "", on: date(year.decided_on) } : null,
  };
}

export type YearView = ReturnType<typeof yearView>;
