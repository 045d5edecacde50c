import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { FieldMessages } from "../../../app/components/FieldMessages";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { registerFor, saveRegister, sessionHeld, type ChangedMeanwhile } from "../../../app/services/attendance.server";
import { MARKS, type Mark } from "../../../app/utils/cohort-form";
import { readFormData } from "../../../app/utils/form-data.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { sessionTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { sessionGuard } from "../server/guards.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => sessionGuard(request, params);

/** Whether the session keeps a register: only one held does; one to come opens when it starts. */
const registerState = (session: { status: string; starts_at: string }) => (sessionHeld(session) ? "held" : session.status === "cancelled" ? "cancelled" : "toCome");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, viewer, locale } = await guard(request, params);
  const state = registerState(session);
  const rows = state === "held" ? await registerFor(session.id, session.cohort_id) : [];
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone: "Europe/London" }).format(new Date(session.starts_at));
  const title = sessionTitleIn(fixedT(locale, PLUGIN_ID), session.title);
  return {
    title: `${session.cohort_name}: ${title}`,
    session: { id: session.id, title, cohort: session.cohort_name, cohortId: session.cohort_id, when, state },
    rows: rows.map((r) => ({ enrolmentId: r.enrolment_id, name: `${r.family_name}, ${r.given_name}`, employee: r.employee_number, mark: r.mark, own: r.person_id === viewer.personId })),
  };
}

/**
 * Saved, with how many marks changed and whether the viewer's own row was left for a colleague; or refused.
 * A save refused because colleagues changed some of the same marks meanwhile names them (`people`), says
 * which rows (`rows`), and keeps the user's other choices (`kept`, by enrolment) to show again.
 */
type Outcome = { changed: number; ownLeft?: true } | { error: string; people?: string; rows?: number[]; kept?: Record<number, Mark> };

const markNamed = (value: FormDataEntryValue | null): Mark | null => ((MARKS as readonly string[]).includes(String(value)) ? (value as Mark) : null);

/**
 * The marks the form showed, by enrolment (each row's `shown-` field, empty when unmarked), for every row
 * but the viewer's own. A row the form did not show (someone given a place since) is not written.
 */
function shownMarks(form: FormData, rows: { enrolment_id: number }[]) {
  const shown = new Map<number, Mark | null>();
  for (const row of rows) {
    const value = form.get(`shown-${row.enrolment_id}`);
    if (value !== null) shown.set(row.enrolment_id, markNamed(value));
  }
  return shown;
}

/**
 * The refusal of a save some of whose rows colleagues changed meanwhile. The user's other choices are kept,
 * only where they differ from the mark shown: a row left alone shows its mark as it now is.
 */
function changedMeanwhile(rows: ChangedMeanwhile[], marks: Map<number, Mark | null>, shown: Map<number, Mark | null>, locale: string) {
  const people = new Intl.ListFormat(locale, { type: "conjunction" }).format(rows.map((r) => `${r.givenName} ${r.familyName}`));
  const changed = rows.map((r) => r.enrolmentId);
  const kept = Object.fromEntries([...marks].filter(([id, mark]) => mark !== null && mark !== shown.get(id) && !changed.includes(id))) as Record<number, Mark>;
  return data<Outcome>({ error: "register.errors.changedMeanwhile", people, rows: changed, kept }, { status: 409 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, viewer, actor, locale } = await guard(request, params);
  const form = await readFormData(request);
  const everyonePresent = form.get("intent") === "all-present";
  const rows = await registerFor(session.id, session.cohort_id);
  // Nobody records their own attendance: the page offers no controls on the viewer's own row, so a mark
  // for it is refused outright, and "everyone present" leaves it for a colleague to mark.
  const own = rows.find((row) => row.person_id === viewer.personId);
  if (own && !everyonePresent && form.get(`mark-${own.enrolment_id}`) !== null) return data<Outcome>({ error: "register.errors.own" }, { status: 400 });
  // Only rows the form showed, each written only where the user chose other than the mark shown: a
  // colleague's mark saved since on a row left alone stands.
  const shown = shownMarks(form, rows.filter((row) => row !== own));
  const marks = new Map<number, Mark | null>();
  for (const id of shown.keys()) {
    const value = everyonePresent ? "present" : form.get(`mark-${id}`);
    if (value !== null) marks.set(id, markNamed(value));
  }
  const saved = await saveRegister(session.id, session.cohort_id, marks, actor, undefined, shown);
  if (!saved.ok) return saved.error === "changedMeanwhile" ? changedMeanwhile(saved.rows, marks, shown, locale) : data<Outcome>({ error: "register.errors.notHeld" }, { status: 409 });
  return data<Outcome>(own && everyonePresent ? { changed: saved.changed, ownLeft: true } : { changed: saved.changed });
}

export default function Register() {
  const { t } = useTranslation(PLUGIN_ID);
  const { session, rows } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const saved = outcome && "changed" in outcome ? outcome : undefined;
  const refused = outcome && "error" in outcome ? outcome : undefined;
  const changed = new Set(refused?.rows ?? []);
  const firstChanged = rows.find((r) => changed.has(r.enrolmentId));
  return (
    <>
      <ErrorSummary
        title={t("common:forms.errorSummaryTitle")}
        errors={refused ? [{ fieldId: firstChanged ? radioId(firstChanged.enrolmentId, MARKS[0]) : undefined, message: t(refused.error, { people: refused.people }) }] : []}
      />
      {saved ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t("register.saved", { changed: saved.changed })}</p>
          {saved.ownLeft ? <p className="govuk-body">{t("register.ownLeft")}</p> : null}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{session.cohort}</span>
      <h1 className="govuk-heading-l">{t("register.title", { title: session.title })}</h1>
      <p className="govuk-body">{session.when}</p>
      {session.state !== "held" ? (
        <p className="govuk-body">{session.state === "cancelled" ? t("register.cancelled") : t("register.opens", { when: session.when })}</p>
      ) : rows.length === 0 ? (
        <p className="govuk-body">{t("register.empty")}</p>
      ) : (
        <Form method="post">
          <Button name="intent" value="all-present" variant="secondary">{t("register.allPresent")}</Button>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{t("register.caption", { total: rows.length })}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">{t("common:person.name")}</th>
                <th scope="col" className="govuk-table__header">{t("register.mark")}</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((r) => (
                <tr key={r.enrolmentId} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">{r.name}<br /><span className="govuk-body-s">{r.employee}</span></th>
                  <td className="govuk-table__cell">
                    {r.own ? (
                      <>
                        {r.mark ? <>{t(`register.marks.${r.mark}`)}<br /></> : null}
                        <span className="govuk-hint">{t("register.ownRow")}</span>
                      </>
                    ) : (
                      // Keyed by the mark shown, so a row whose mark changed since is drawn afresh with the new
                      // one; the others keep what the user chose.
                      <MarkRadios key={`${r.enrolmentId}-${r.mark ?? ""}`} row={r} chosen={refused?.kept?.[r.enrolmentId] ?? r.mark} error={changed.has(r.enrolmentId) ? t("register.errors.changedRow") : undefined} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button name="intent" value="save">{t("register.save")}</Button>
        </Form>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${session.cohortId}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}

const radioId = (enrolmentId: number, mark: Mark) => `mark-${enrolmentId}-${mark}`;

/**
 * One row's marks, ticked as `chosen`, with the mark as shown in a hidden field: the save writes the row
 * only when the user chose another, and refuses it when a colleague changed the row meanwhile.
 */
function MarkRadios({ row, chosen, error }: { row: { enrolmentId: number; name: string; mark: string | null }; chosen: string | null; error?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  const errorId = `mark-${row.enrolmentId}-error`;
  return (
    <div className={`govuk-form-group govuk-!-margin-bottom-0${error ? " govuk-form-group--error" : ""}`}>
      <input type="hidden" name={`shown-${row.enrolmentId}`} value={row.mark ?? ""} />
      <fieldset className="govuk-fieldset" aria-describedby={error ? errorId : undefined}>
        <legend className="govuk-visually-hidden">{t("register.legend", { name: row.name })}</legend>
        <FieldMessages id={`mark-${row.enrolmentId}`} error={error} />
        <div className="govuk-radios govuk-radios--small govuk-radios--inline">
          {MARKS.map((mark) => (
            <div className="govuk-radios__item" key={mark}>
              <input className="govuk-radios__input" id={radioId(row.enrolmentId, mark)} name={`mark-${row.enrolmentId}`} type="radio" value={mark} defaultChecked={chosen === mark} />
              <label className="govuk-label govuk-radios__label" htmlFor={radioId(row.enrolmentId, mark)}>{t(`register.marks.${mark}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
