// One session of a cohort on its page: the register of a session held, or, for one to come or cancelled,
// why there is none. A refused save shows its message in the error summary and beside what it concerns:
// each person's marks a colleague changed meanwhile, or else the session's heading.
import { Form, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import type { ErrorItem } from "../../../app/components/ErrorSummary";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { Radios } from "../../../app/components/Radios";
import { MARKS, type Mark } from "../../../app/utils/cohort-form";
import { postBackTo } from "../post-back";
import { NOT_RECORDED } from "../register-marks";
import { PLUGIN_ID } from "../programme";

export type RegisterRow = { enrolmentId: number; name: string; mark: Mark | null; own: boolean };
export type SessionView = { id: number; title: string; when: string; state: "held" | "toCome" | "cancelled"; register: RegisterRow[] };

/**
 * A refused save of a register as the action answers it: the message, the session it concerns, and for one
 * some of whose rows colleagues changed meanwhile, whose (`people`, by name) and which (`rows`, places).
 */
export type RegisterRefusal = { error: string; session?: number; people?: string; rows?: number[] };

/** The id the error summary links to for a session's register as a whole (a session no longer held, say). */
export const sessionFieldId = (sessionId: number) => `session-${sessionId}`;

/** The id of a person's first radio on a session's register: the error summary links there for an error in their marks. */
export const markFieldId = (sessionId: number, enrolmentId: number) => `mark-${sessionId}-${enrolmentId}`;

/** Where a refused save's message is shown on one session: beside the people it concerns (`rows`), or else the register's heading. */
type SessionErrors = { register?: string; rows: Map<number, string> };

/**
 * A refusal's messages for the session it concerns. Rows a colleague changed meanwhile are errors in those
 * people's marks, each named alone beside their radios (the fieldset named for them, whose aria-describedby
 * reads it), as GOV.UK ties an error to its field. A refusal of the whole register (a session not held), or one
 * whose people are no longer on it, is shown beside its heading.
 */
function sessionErrors(t: TFunction, session: SessionView, refusal: RegisterRefusal | undefined): SessionErrors {
  const rows = new Map<number, string>();
  if (!refusal || refusal.session !== session.id) return { rows };
  const inError = session.state === "held" ? session.register.filter((r) => refusal.rows?.includes(r.enrolmentId)) : [];
  for (const r of inError) rows.set(r.enrolmentId, t(refusal.error, { people: r.name }));
  return rows.size ? { rows } : { register: t(refusal.error, { people: refusal.people }), rows };
}

/**
 * The error summary's entries for a refused save, each linking to the field it concerns: a person's first
 * radio, or a session's register; a refusal of no session shown (one not of the cohort) links nowhere.
 */
export function registerErrorItems(t: TFunction, sessions: SessionView[], refusal: RegisterRefusal | undefined): ErrorItem[] {
  if (!refusal) return [];
  const session = sessions.find((s) => s.id === refusal.session);
  if (!session) return [{ message: t(refusal.error, { people: refusal.people }) }];
  const { register, rows } = sessionErrors(t, session, refusal);
  if (register) return [{ fieldId: sessionFieldId(session.id), message: register }];
  return [...rows].map(([enrolmentId, message]) => ({ fieldId: markFieldId(session.id, enrolmentId), message }));
}

export function SessionRegister({ session: s, refusal }: { session: SessionView; refusal?: RegisterRefusal }) {
  const { t } = useTranslation(PLUGIN_ID);
  const id = sessionFieldId(s.id);
  const location = useLocation();
  const errors = sessionErrors(t, s, refusal);
  if (s.state !== "held") {
    return (
      <div className={`govuk-form-group${errors.register ? " govuk-form-group--error" : ""}`} id={id} tabIndex={-1}>
        <h2 className="govuk-heading-m">{t("register.heading", { title: s.title, when: s.when })}</h2>
        <FieldMessages id={id} error={errors.register} />
        <p className="govuk-body">{s.state === "cancelled" ? t("register.cancelled") : t("register.opens", { when: s.when })}</p>
      </div>
    );
  }
  return (
    <Form method="post" id={`register-${s.id}`} action={postBackTo(location)}>
      <input type="hidden" name="session" value={s.id} />
      {/* A heading, not a fieldset: each person's marks are a fieldset of their own, and fieldsets are not nested. */}
      <div className={`govuk-form-group${errors.register ? " govuk-form-group--error" : ""}`} id={id} tabIndex={-1}>
        <h2 className="govuk-heading-m">{t("register.legend", { title: s.title, when: s.when })}</h2>
        <FieldMessages id={id} error={errors.register} />
        {s.register.length === 0 ? (
          <p className="govuk-body">{t("register.nobody")}</p>
        ) : (
          <>
            <p className="govuk-body">{t("register.unmarkedMeans")}</p>
            {s.register.map((r) => (r.own ? <p className="govuk-body" key={r.enrolmentId}>{t("register.ownRow", { name: r.name })}</p> : <PersonMarks key={`${r.enrolmentId}-${r.mark ?? ""}`} sessionId={s.id} row={r} error={errors.rows.get(r.enrolmentId)} />))}
          </>
        )}
      </div>
      {s.register.length ? <Button variant="secondary">{t("register.save")}<span className="govuk-visually-hidden"> {s.title}</span></Button> : null}
    </Form>
  );
}

/**
 * One person's mark: a radio for each mark the core keeps (excused too, so a save never wipes an excused
 * mark recorded elsewhere), and "Not recorded", the current one chosen. "Not recorded" records nothing, not
 * an absence, and chosen for someone marked removes their mark, so a mark saved by mistake can be undone.
 * Nobody marks their own attendance: the caller shows the marker's own place as a sentence instead.
 * Keyed by the mark shown, so a row a colleague changed since is drawn afresh with their mark. In a fieldset
 * named for the person, which carries the error of a save refused over their row.
 */
function PersonMarks({ sessionId, row: r, error }: { sessionId: number; row: RegisterRow; error?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  const options = [...MARKS.map((mark) => ({ value: mark as string, label: t(`register.marks.${mark}`) })), { value: NOT_RECORDED, label: t("register.notRecorded") }];
  return (
    <>
      {/* The rows the page showed, each with its mark as shown: only these are marked, so someone given a place meanwhile is not marked, and only where the user changed the mark, so a colleague's mark saved since stands. */}
      <input type="hidden" name="shown" value={r.enrolmentId} />
      <input type="hidden" name={`shown-${r.enrolmentId}`} value={r.mark ?? ""} />
      <Radios id={markFieldId(sessionId, r.enrolmentId)} name={`mark-${r.enrolmentId}`} legend={r.name} options={options} defaultValue={r.mark ?? NOT_RECORDED} error={error} inline small />
    </>
  );
}
