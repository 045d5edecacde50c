import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { Pagination } from "../components/Pagination";
import { AUDIT_PAGE_SIZE, listAuditEvents, type AuditFilter } from "../services/audit.server";
import { formatDateTime, isIsoDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

function filterFrom(url: URL) {
  const p = url.searchParams;
  const date = (key: string) => {
    const v = p.get(key) ?? "";
    return isIsoDate(v) ? v : undefined;
  };
  const filter: AuditFilter = { personId: parseId(p.get("person")), actorPersonId: parseId(p.get("actor")), from: date("from"), to: date("to") };
  const invalid = ["from", "to"].filter((k) => (p.get(k) ?? "") !== "" && !date(k));
  return { filter, invalid, raw: { person: p.get("person") ?? "", actor: p.get("actor") ?? "", from: p.get("from") ?? "", to: p.get("to") ?? "" } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "audit.read");
  const url = new URL(request.url);
  const { filter, invalid, raw } = filterFrom(url);
  const page = Math.min(parseId(url.searchParams.get("page")) ?? 1, 100_000);
  const { rows, total } = await listAuditEvents(filter, page);
  return {
    title: t("audit.title"),
    raw,
    invalid,
    page,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    total,
    events: rows.map((e) => ({
      id: e.id,
      when: formatDateTime(e.occurred_at, locale),
      action: e.action,
      subject: `${e.subject_type} ${e.subject_id}`,
      person: e.subject_given ? `${e.subject_given} ${e.subject_family}` : "",
      personId: e.person_id,
      actor: e.actor_given ? `${e.actor_given} ${e.actor_family}` : t("audit.system"),
      change: [e.before_json ? `${t("audit.before")}: ${e.before_json}` : "", e.after_json ? `${t("audit.after")}: ${e.after_json}` : ""].filter(Boolean).join("\n"),
    })),
  };
}

export default function Audit() {
  const { t } = useTranslation();
  const { raw, invalid, events, page, pageCount, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  const dateField = (name: "from" | "to") => (
    <div className={`govuk-form-group pathways-filter__item${invalid.includes(name) ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={name}>{t(`audit.${name}`)}</label>
      <div id={`${name}-hint`} className="govuk-hint">{t("audit.dateHint")}</div>
      {invalid.includes(name) ? (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {t("audit.invalidDate")}
        </p>
      ) : null}
      <input className={`govuk-input govuk-input--width-10${invalid.includes(name) ? " govuk-input--error" : ""}`} id={name} name={name} type="date" defaultValue={raw[name]} aria-describedby={invalid.includes(name) ? `${name}-hint ${name}-error` : `${name}-hint`} />
    </div>
  );
  return (
    <>
      {invalid.length > 0 ? (
        <div className="govuk-error-summary" tabIndex={-1}>
          <div role="alert">
            <h2 className="govuk-error-summary__title">{t("forms.errorSummaryTitle")}</h2>
            <div className="govuk-error-summary__body">
              <ul className="govuk-list govuk-error-summary__list">
                {invalid.map((name) => (
                  <li key={name}><a href={`#${name}`}>{t("audit.invalidDate")}</a></li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      ) : null}
      <h1 className="govuk-heading-l">{t("audit.title")}</h1>
      <Form method="get" className="pathways-filter">
        <div className="govuk-form-group pathways-filter__item">
          <label className="govuk-label" htmlFor="person">{t("audit.person")}</label>
          <div id="person-hint" className="govuk-hint">{t("audit.personHint")}</div>
          <input className="govuk-input govuk-input--width-5" id="person" name="person" inputMode="numeric" defaultValue={raw.person} aria-describedby="person-hint" />
        </div>
        <div className="govuk-form-group pathways-filter__item">
          <label className="govuk-label" htmlFor="actor">{t("audit.actor")}</label>
          <div id="actor-hint" className="govuk-hint">{t("audit.personHint")}</div>
          <input className="govuk-input govuk-input--width-5" id="actor" name="actor" inputMode="numeric" defaultValue={raw.actor} aria-describedby="actor-hint" />
        </div>
        {dateField("from")}
        {dateField("to")}
        <Button variant="secondary">{t("audit.filter")}</Button>
      </Form>
      <p className="govuk-body" role="status">{t("audit.count", { total })}</p>
      {events.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{t("audit.caption", { page, pages: pageCount })}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">{t("audit.when")}</th>
              <th scope="col" className="govuk-table__header">{t("audit.action")}</th>
              <th scope="col" className="govuk-table__header">{t("audit.who")}</th>
              <th scope="col" className="govuk-table__header">{t("audit.about")}</th>
              <th scope="col" className="govuk-table__header">{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {events.map((e) => (
              <tr key={e.id} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">{e.when}</th>
                <td className="govuk-table__cell"><code>{e.action}</code><br />{e.subject}</td>
                <td className="govuk-table__cell">{e.actor}</td>
                <td className="govuk-table__cell">{e.person}</td>
                <td className="govuk-table__cell pathways-audit__change">{e.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
