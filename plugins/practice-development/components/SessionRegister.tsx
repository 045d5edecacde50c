// One session of a cohort on its page: the register of a session held, or, for one to come or cancelled,
// why there is none. A refused save shows its message here as well as in the error summary.
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { Radios } from "../../../app/components/Radios";
import { MARKS, type Mark } from "../../../app/utils/cohort-form";
import { postBackTo } from "../post-back";
import { PLUGIN_ID } from "../programme";

export type RegisterRow = { enrolmentId: number; name: string; mark: Mark | null; own: boolean };
export type SessionView = { id: number; title: string; when: string; state: "held" | "toCome" | "cancelled"; register: RegisterRow[] };

/** The id the error summary links to for a session's register. */
export const sessionFieldId = (sessionId: number) => `session-${sessionId}`;

export function SessionRegister({ session: s, error }: { session: SessionView; error?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  const id = sessionFieldId(s.id);
  const location = useLocation();
  if (s.state !== "held") {
    return (
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`} id={id} tabIndex={-1}>
        <h2 className="govuk-heading-m">{t("register.heading", { title: s.title, when: s.when })}</h2>
        <FieldMessages id={id} error={error} />
        <p className="govuk-body">{s.state === "cancelled" ? t("register.cancelled") : t("register.opens", { when: s.when })}</p>
      </div>
    );
  }
  return (
    <Form method="post" id={`register-${s.id}`} action={postBackTo(location)}>
      <input type="hidden" name="session" value={s.id} />
      {/* A heading, not a fieldset: each person's marks are a fieldset of their own, and fieldsets are not nested. */}
      <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`} id={id} tabIndex={-1}>
        <h2 className="govuk-heading-m">{t("register.legend", { title: s.title, when: s.when })}</h2>
        <FieldMessages id={id} error={error} />
        {s.register.length === 0 ? (
          <p className="govuk-body">{t("register.nobody")}</p>
        ) : (
          <>
            <p className="govuk-body">{t("register.unmarkedMeans")}</p>
            {s.register.map((r) => (r.own ? <p className="govuk-body" key={r.enrolmentId}>{t("register.ownRow", { name: r.name })}</p> : <PersonMarks key={`${r.enrolmentId}-${r.mark ?? ""}`} sessionId={s.id} row={r} />))}
          </>
        )}
      </div>
      {s.register.length ? <Button variant="secondary">{t("register.save")}<span className="govuk-visually-hidden"> {s.title}</span></Button> : null}
    </Form>
  );
}

/**
 * One person's mark: a radio for each mark the core keeps (excused too, so a save never wipes an excused
 * mark recorded elsewhere), the current one chosen. None chosen records nothing, not an absence.
 * Nobody marks their own attendance: the caller shows the marker's own place as a sentence instead.
 * Keyed by the mark shown, so a row a colleague changed since is drawn afresh with their mark.
 */
function PersonMarks({ sessionId, row: r }: { sessionId: number; row: RegisterRow }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <>
      {/* The rows the page showed, each with its mark as shown: only these are marked, so someone given a place meanwhile is not marked, and only where the user changed the mark, so a colleague's mark saved since stands. */}
      <input type="hidden" name="shown" value={r.enrolmentId} />
      <input type="hidden" name={`shown-${r.enrolmentId}`} value={r.mark ?? ""} />
      <Radios id={`mark-${sessionId}-${r.enrolmentId}`} name={`mark-${r.enrolmentId}`} legend={r.name} options={MARKS.map((mark) => ({ value: mark, label: t(`register.marks.${mark}`) }))} defaultValue={r.mark} inline small />
    </>
  );
}
