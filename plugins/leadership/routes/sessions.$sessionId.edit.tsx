import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { Field } from "../../../app/components/Field";
import { SummaryList } from "../../../app/components/SummaryList";
import { cohortById, sessionAsShown, updateSession, type SessionCheck, type SessionRefusal } from "../../../app/services/cohorts.server";
import { sessionSchema, sessionSchemaWithin } from "../../../app/utils/cohort-form";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { londonToUtc, utcToLondon } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import type { Database } from "../../../app/utils/db.server";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { PLUGIN_ID } from "../programme";
import { sessionGuard } from "../server/guards.server";
import type { LeadershipTables } from "../server/progress.server";
import { sessionsShortAfterCancelling } from "../server/settings.server";
import { holdUnitsLock } from "../server/units.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => sessionGuard(request, params);

/** The session's cohort, whose first and last days bound where the session may move. */
async function cohortOf(session: { cohort_id: number }) {
  const cohort = await cohortById(session.cohort_id, PLUGIN_ID);
  if (!cohort) throw new Error(`Session of cohort ${session.cohort_id}, not a Level 5 cohort`);
  return cohort;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, t, locale } = await guard(request, params);
  const cohort = await cohortOf(session);
  const start = utcToLondon(session.starts_at);
  return {
    title: t("sessionForm.title"),
    cohort: { id: session.cohort_id, name: session.cohort_name, startsOn: formatDate(cohort.starts_on, locale), endsOn: formatDate(cohort.ends_on, locale) },
    // The session as this page shows it, sent back with the form: a save is refused if someone has changed it since.
    shown: sessionAsShown(session),
    savedDate: formatDate(start.date, locale),
    current: {
      title: session.title,
      date: start.date,
      time: start.time,
      durationMinutes: String(Math.round((Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 60_000)),
      location: session.location ?? "",
      status: session.status,
    },
  };
}

// After "someone changed the session" (409) the page must show the session as it is now, and carry that
// in its hidden field, or the form would be refused again and again.
export const shouldRevalidate = revalidateOnConflict;

/** Sent from a page that did not say which session it showed. */
const PAGE_OUT_OF_DATE = "sessionEdit.pageOutOfDate";

/** Whether a posted `shown` is what a page draws (`sessionAsShown`'s list), not blank or mangled. */
function readable(shown: string): boolean {
  try {
    return Array.isArray(JSON.parse(shown));
  } catch {
    return false;
  }
}

/** Refused: cancelling the session would leave its cohort fewer sessions than a learner must attend. */
const CUTS_BELOW_RULE = "sessionEdit.cutsBelowRule";

/**
 * The programme's rule a session's change must keep: a cancellation may not leave a cohort fewer scheduled
 * sessions than a learner must attend (`sessionsShortAfterCancelling`), or nobody on it could complete.
 * Checked under the units' lock, which a raise of the rule and a completion hold while they read it, taken
 * before the cohort's as a completion takes them: a raise at the same moment is seen, or sees this.
 */
const keepsSessionsNeeded: SessionCheck = {
  lock: (trx) => holdUnitsLock(trx as unknown as Kysely<Database & LeadershipTables>),
  refuse: async (trx, { cohortId, before, after }) => {
    if (before.status !== "scheduled" || after.status !== "cancelled") return null;
    const short = await sessionsShortAfterCancelling(cohortId, trx);
    return short && { reason: CUTS_BELOW_RULE, values: { count: short.needed, left: short.left } };
  },
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, actor } = await guard(request, params);
  const cohort = await cohortOf(session);
  const formData = await readFormData(request);
  // What the page showed, carried again by a refused form (a post without JavaScript reloads the page's
  // data, which would give the session as it is now and let a colleague's change since go unnoticed).
  const posted = formData.get("shown");
  const shown = typeof posted === "string" && readable(posted) ? posted : undefined;
  const submission = parseWithZod(formData, { schema: sessionSchemaWithin(cohort, utcToLondon(session.starts_at).date) });
  // A form that does not say what its page showed (drawn before the page said, or tampered with) is refused,
  // not saved blindly: it could undo a colleague's cancellation. Its field errors come back too, and the
  // session as it is now, carried in the hidden field, so sending again from the page drawn afresh works.
  if (!shown) return data({ ...submission.reply({ formErrors: [PAGE_OUT_OF_DATE] }), shown: sessionAsShown(session), showNow: true }, { status: 409 });
  if (submission.status !== "success") return data({ ...submission.reply(), shown }, { status: 400 });
  const v = submission.value;
  const startsAt = londonToUtc(v.date, v.time);
  const saved = await updateSession(session.id, { title: v.title, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + v.durationMinutes * 60_000).toISOString(), location: v.location || null, status: v.status }, actor, shown, keepsSessionsNeeded);
  // Refused by the programme's rule: beside the status, with what was typed kept and the session unchanged.
  if (!saved.ok && "refused" in saved) return data({ ...submission.reply({ fieldErrors: { status: [saved.refused.reason] } }), shown, refusedWith: saved.refused.values }, { status: 400 });
  // Someone changed the session since this page was shown: keep what this editor typed, and show the session as it is now.
  if (!saved.ok) return data({ ...submission.reply({ formErrors: ["sessionEdit.changedMeanwhile"] }), shown: saved.now, showNow: true }, { status: 409 });
  throw redirect(`/programmes/${PLUGIN_ID}/cohorts/${session.cohort_id}?session=${v.status === "cancelled" ? "cancelled" : "updated"}`);
}

/** The shared rule's refusal of a date outside the session's cohort. */
const OUTSIDE_COHORT = "cohorts.errors.sessionOutsideCohort";

export default function EditSession() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, current, shown, savedDate } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof sessionSchema>>({ id: "session", lastResult, defaultValue: current });
  // The shared rule's words name no dates; this page knows its cohort's, so its own message names them.
  // A refusal by the programme's rule names the numbers the action sent with it.
  const refusedWith = (lastResult && "refusedWith" in lastResult ? lastResult.refusedWith : {}) as SessionRefusal["values"];
  const errorT = ((key: string) => (key === OUTSIDE_COHORT ? t("sessionEdit.outsideCohort", { from: cohort.startsOn, to: cohort.endsOn }) : t(key, refusedWith))) as unknown as TFunction;
  const order = [fields.title, fields.date, fields.time, fields.durationMinutes, fields.location];
  // The status is two radios: its error links to the first of them.
  const statusError = firstError(errorT, fields.status);
  const errors = summaryItems(errorT, [...order, { id: `${fields.status.id}-scheduled`, errors: fields.status.errors }], form.errors);
  const input = (field: (typeof order)[number], type: "text" | "date" | "time" | "number", extra: Record<string, string> = {}) => (
    <Field {...getInputProps(field, { type })} key={field.key} id={field.id} name={field.name} label={t(`sessionForm.fields.${field.name}`)} error={firstError(errorT, field)} {...extra} />
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{cohort.name}</span>
        <h1 className="govuk-heading-l">{t("sessionForm.title")}</h1>
        {lastResult && "showNow" in lastResult && <SessionNow t={t} session={{ ...current, date: savedDate }} />}
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name="shown" value={lastResult?.shown ?? shown} />
          {input(fields.title, "text")}
          {input(fields.date, "date", { hint: t("sessionEdit.dateHint", { from: cohort.startsOn, to: cohort.endsOn }) })}
          {input(fields.time, "time", { className: "govuk-input--width-5" })}
          {input(fields.durationMinutes, "number", { className: "govuk-input--width-4", inputMode: "numeric" })}
          {input(fields.location, "text")}
          <div className={`govuk-form-group${statusError ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={statusError ? `${fields.status.id}-error` : undefined}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t("sessionForm.status")}</legend>
              <FieldMessages id={fields.status.id} error={statusError} />
              <div className="govuk-radios govuk-radios--inline">
                {(["scheduled", "cancelled"] as const).map((value) => (
                  <div className="govuk-radios__item" key={value}>
                    <input className="govuk-radios__input" id={`${fields.status.id}-${value}`} name={fields.status.name} type="radio" value={value} defaultChecked={(fields.status.initialValue ?? "scheduled") === value} />
                    <label className="govuk-label govuk-radios__label" htmlFor={`${fields.status.id}-${value}`}>{t(`sessionForm.statuses.${value}`)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <Button>{t("sessionForm.submit")}</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`}>{t("register.back")}</Link>
        </p>
      </div>
    </div>
  );
}

/** The session as saved now, shown beside a form refused because someone changed it after the page was shown, or whose page did not say. */
function SessionNow({ t, session }: { t: TFunction; session: { title: string; date: string; time: string; durationMinutes: string; location: string; status: "scheduled" | "cancelled" } }) {
  const rows = (["title", "date", "time", "durationMinutes", "location"] as const).map((name) => ({ key: name, label: t(`sessionForm.fields.${name}`), value: session[name] }));
  return (
    <>
      <h2 className="govuk-heading-m">{t("sessionEdit.nowHeading")}</h2>
      <SummaryList rows={[...rows, { key: "status", label: t("sessionForm.status"), value: t(`sessionForm.statuses.${session.status}`) }]} />
    </>
  );
}
