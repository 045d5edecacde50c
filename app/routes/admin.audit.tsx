import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { Pagination } from "../components/Pagination";
import { Table } from "../components/Table";
import { AUDIT_LISTED_MAX, listAuditEvents, type AuditFilter } from "../services/audit.server";
import { heldInAnyCase } from "../services/employee-numbers.server";
import { formatDateTime, isIsoDate } from "../utils/dates";
import { db } from "../utils/db.server";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";
import { formatNumber } from "../utils/number-format";
import { withoutControlCharacters } from "../utils/text";

export const meta = pageMeta;

const FIELDS = ["person", "actor", "from", "to"] as const;
type FilterField = (typeof FIELDS)[number];

type FilterError = { field: FilterField; key: string; values?: Record<string, string> };

/**
 * The person an employee number names, typed in any case (employee-numbers.server.ts): the import
 * stores numbers in capitals, but migration 0013 left numbers that differ only in case ("old-3" and
 * "Old-3") as they were. Held as typed first, then in capitals, then in any case; when that is more than
 * one person, which is meant is not ours to guess, so both are named.
 */
async function personByEmployeeNumber(value: string): Promise<{ id?: number; ambiguous?: string[] }> {
  const typed = value.trim();
  const held = await db().selectFrom("people").select(["id", "employee_number"]).where("employee_number", "in", [typed, typed.toUpperCase()]).execute();
  const found = held.find((p) => p.employee_number === typed) ?? held[0];
  if (found) return { id: found.id };
  const inAnyCase = await heldInAnyCase(db(), typed);
  // Named in one order whatever the engine's collation.
  if (inAnyCase.length > 1) return { ambiguous: inAnyCase.map((p) => p.employee_number).sort() };
  return { id: inAnyCase[0]?.id };
}

/** The filter from the query string, with a reason for each value that cannot be used. */
async function filterFrom(url: URL) {
  const raw = Object.fromEntries(FIELDS.map((f) => [f, withoutControlCharacters(url.searchParams.get(f) ?? "").slice(0, 40)])) as Record<FilterField, string>;
  const errors: FilterError[] = [];
  const filter: AuditFilter = {};
  for (const field of ["person", "actor"] as const) {
    if (!raw[field]) continue;
    const { id, ambiguous } = await personByEmployeeNumber(raw[field]);
    if (id) filter[field === "person" ? "personId" : "actorPersonId"] = id;
    else if (ambiguous) errors.push({ field, key: "audit.ambiguousPerson", values: { numbers: ambiguous.join(", ") } });
    else errors.push({ field, key: "audit.unknownPerson" });
  }
  for (const field of ["from", "to"] as const) {
    if (!raw[field]) continue;
    if (isIsoDate(raw[field])) filter[field] = raw[field];
    else errors.push({ field, key: "audit.invalidDate" });
  }
  if (filter.from && filter.to && filter.from > filter.to) errors.push({ field: "to", key: "audit.toBeforeFrom" });
  return { filter, errors, raw };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "audit.read");
  const url = new URL(request.url);
  const { filter, errors, raw } = await filterFrom(url);
  // A filter that cannot be used shows nothing rather than everything.
  const { rows, total, page, pageCount, more } = errors.length ? { rows: [], total: 0, page: 1, pageCount: 1, more: false } : await listAuditEvents(filter, askedPage(url.searchParams));
  return {
    // The filter is a GET form, so its refusal comes from here, not an action: "Error:" as after a post.
    title: errors.length ? `${t("forms.errorPrefix")} ${t("audit.title")}` : t("audit.title"),
    raw,
    errors,
    page,
    pageCount,
    total,
    // Past the events listed, the count is "more than": counting all of a log that only grows would grow with it.
    moreThan: more ? formatNumber(AUDIT_LISTED_MAX, locale) : null,
    events: rows.map((e) => ({
      id: e.id,
      when: formatDateTime(e.occurred_at, locale),
      action: e.action,
      subject: `${e.subject_type} ${e.subject_id}`,
      person: e.subject_given ? `${e.subject_given} ${e.subject_family}` : "",
      actor: e.actor_given ? `${e.actor_given} ${e.actor_family}` : t("audit.system"),
      change: [e.before_json ? `${t("audit.before")}: ${e.before_json}` : "", e.after_json ? `${t("audit.after")}: ${e.after_json}` : ""].filter(Boolean).join("\n"),
    })),
  };
}

export default function Audit() {
  const { t } = useTranslation();
  const { raw, errors, events, page, pageCount, total, moreThan } = useLoaderData<typeof loader>();
  const location = useLocation();
  const errorOf = (field: FilterField) => errors.find((e) => e.field === field);
  const field = (name: FilterField, hintKey: string, type: "text" | "date", width: string) => {
    const error = errorOf(name);
    const describedBy = error ? `${name}-hint ${name}-error` : `${name}-hint`;
    return (
      <div className={`govuk-form-group pathways-filter__item${error ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label" htmlFor={name}>{t(`audit.${name}`)}</label>
        <div id={`${name}-hint`} className="govuk-hint">{t(hintKey)}</div>
        {error ? (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">{t("forms.errorPrefix")}</span> {t(error.key, error.values)}
          </p>
        ) : null}
        <input className={`govuk-input ${width}${error ? " govuk-input--error" : ""}`} id={name} name={name} type={type} defaultValue={raw[name]} aria-describedby={describedBy} />
      </div>
    );
  };
  return (
    <>
      <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors.map((e) => ({ fieldId: e.field, message: t(e.key, e.values) }))} />
      <h1 className="govuk-heading-l">{t("audit.title")}</h1>
      <Form method="get" className="pathways-filter">
        {field("person", "audit.personHint", "text", "govuk-input--width-10")}
        {field("actor", "audit.personHint", "text", "govuk-input--width-10")}
        {field("from", "audit.dateHint", "date", "govuk-input--width-10")}
        {field("to", "audit.dateHint", "date", "govuk-input--width-10")}
        <Button variant="secondary">{t("audit.filter")}</Button>
      </Form>
      <p className="govuk-body" role="status">{moreThan ? t("audit.countMore", { max: moreThan }) : t("audit.count", { total })}</p>
      {events.length > 0 ? (
        <Table
          caption={t("audit.caption", { page, pages: pageCount })}
          rows={events}
          rowKey={(e) => e.id}
          columns={[
            { key: "when", header: t("audit.when"), cell: (e) => e.when },
            { key: "action", header: t("audit.action"), cell: (e) => <><code>{e.action}</code><br />{e.subject}</> },
            { key: "who", header: t("audit.who"), cell: (e) => e.actor },
            { key: "about", header: t("audit.about"), cell: (e) => e.person },
            { key: "change", header: t("audit.change"), cell: (e) => <span className="pathways-audit__change">{e.change}</span> },
          ]}
        />
      ) : null}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
