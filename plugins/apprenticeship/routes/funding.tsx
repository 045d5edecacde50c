import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { z } from "zod";
import { BandChart } from "../../../app/components/BandChart";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { NotificationBanner, SuccessBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { formatNumber } from "../../../app/utils/number-format";
import { ledgerSchema } from "../forms";
import { PLUGIN_ID, type ApprenticeshipSettings } from "../programme";
import { forecast, MONTHS_AVERAGED } from "../server/forecast.server";
import { ledgerByDay, ledgerPage, ledgerPosition, recordEntry, type LedgerEntry } from "../server/ledger.server";
import { money } from "../server/money";
import { isPayee, payees } from "../server/payees.server";
import { apprenticeCounts, apprenticeNames } from "../server/progress.server";
import { apprenticeshipSettings } from "../server/settings.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The ledger table's caption, which says which page it is only when there is more than one. */
function ledgerCaption(page: number, pageCount: number, locale: string, t: TFunction) {
  if (pageCount <= 1) return t("apprenticeship:funding.ledgerCaption");
  return t("apprenticeship:funding.ledgerCaptionPaged", { page: formatNumber(page, locale), pages: formatNumber(pageCount, locale) });
}

/** A payee as the payment's choice names them: an apprentice, one who has completed, or one who has left. */
function payeeLabel(payee: { name: string; completed: boolean; left: boolean }, t: TFunction) {
  if (payee.left) return t("apprenticeship:funding.leftApprentice", { name: payee.name });
  return payee.completed ? t("apprenticeship:funding.completedApprentice", { name: payee.name }) : payee.name;
}

type PagedEntry = Awaited<ReturnType<typeof ledgerPage>>["entries"][number];

/**
 * A ledger row as the table shows it: a reversal says what it reverses and why, its amount taken back; an
 * entry that can still be corrected links to the page that reverses it.
 */
function entryView(e: PagedEntry, names: Map<number, string>, locale: string) {
  const reversal = e.reverses_id !== null;
  return {
    id: e.id,
    on: formatDate(e.occurred_on, locale),
    kind: e.kind,
    reversal,
    reversed: e.reversal_id !== null,
    reason: e.reason,
    amount: money(reversal ? -e.amount_pence : e.amount_pence, locale),
    who: e.person_id ? (names.get(e.person_id) ?? "") : (e.counterparty ?? ""),
    correctHref: e.reversible ? `/programmes/${PLUGIN_ID}/funding/${e.id}/reverse` : null,
  };
}

/**
 * The apprentices the forecast plans for: as typed, or those in training when nothing is typed; undefined
 * when what was typed is not a whole number from 0 to 9,999.
 */
function plannedApprentices(typed: string, inTraining: number) {
  if (!typed) return inTraining;
  return /^\d{1,4}$/.test(typed) ? Number(typed) : undefined;
}

/**
 * Where the forecast's money in comes from, naming the months averaged: the last three complete months
 * with levy recorded, fewer on a young account, or none.
 */
function forecastBasis(averaged: string[], locale: string, t: TFunction) {
  if (averaged.length === 0) return t("apprenticeship:funding.forecastBasisNone");
  const monthName = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const months = averaged.map((m) => monthName.format(new Date(`${m}-01T00:00:00Z`))).join(", ");
  return t(averaged.length === MONTHS_AVERAGED ? "apprenticeship:funding.forecastBasis" : "apprenticeship:funding.forecastBasisFewer", { months });
}

/** The forecast's months, for the chart and the table, its sentence, and what expires before they start. */
function forecastView(entries: LedgerEntry[], today: string, planned: number, settings: ApprenticeshipSettings, locale: string, t: TFunction) {
  const plan = forecast(entries, today, planned, settings);
  const monthLabel = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const months = plan.rows.map((r) => ({ band: r.month, label: monthLabel.format(new Date(`${r.month}-01T00:00:00Z`)), count: Math.round(r.balance / 100), display: money(r.balance, locale), paidIn: money(r.paidIn, locale), cost: money(r.cost, locale), expired: money(r.expired, locale) }));
  return {
    months,
    forecastIntro: t("apprenticeship:funding.forecastIntro", { planned, cost: money(plan.monthlyCost, locale), paidIn: money(plan.monthlyIn, locale), basis: forecastBasis(plan.averaged, locale, t), count: planned }),
    // The months start next month: what expires in the rest of this one is named here, and dated in the banner.
    forecastThisMonth: plan.expiresThisMonth > 0 ? t("apprenticeship:funding.forecastThisMonth", { amount: money(plan.expiresThisMonth, locale) }) : null,
    chartDescription: months.map((m) => `${m.label}: ${m.display}`).join("; "),
  };
}

/**
 * The levy account for L&D: balance, what expires soon, the ledger a page at a time, and a forecast for
 * planned places. The balance and forecast come from the whole ledger, summed by day in the database.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const url = new URL(request.url);
  // London's date, which the form lets an entry be dated: from midnight to 1am in summer, UTC's would
  // leave an entry dated today out of the balance and start the forecast a month early on the 1st.
  const today = londonToday();
  const [byDay, ledger, settings, counts, payable] = await Promise.all([ledgerByDay(), ledgerPage(askedPage(url.searchParams)), apprenticeshipSettings(), apprenticeCounts(), payees()]);
  const typed = (url.searchParams.get("planned") ?? "").trim().slice(0, 40);
  const planned = plannedApprentices(typed, counts.current);
  const position = ledgerPosition(byDay, today, settings);
  const names = await apprenticeNames(ledger.entries.flatMap((e) => (e.person_id ? [e.person_id] : [])));
  const page = {
    // The forecast is a GET form, so its refusal comes from here, not an action: "Error:" as after a post.
    title: planned === undefined ? `${t("common:forms.errorPrefix")} ${t("apprenticeship:funding.title")}` : t("apprenticeship:funding.title"),
    // A reversal lands here too, said as such.
    saved: url.searchParams.has("saved") ? t(url.searchParams.get("saved") === "reversed" ? "apprenticeship:funding.reverse.saved" : "apprenticeship:funding.saved") : null,
    planned: planned ?? null,
    plannedField: { value: planned === undefined ? typed : String(planned), error: planned === undefined ? t("apprenticeship:funding.errors.planned") : undefined },
    position: { balance: money(position.balance, locale), paidIn: money(position.paidIn, locale), spent: money(position.spent, locale), expired: money(position.expired, locale), transferAllowance: money(position.transferAllowance, locale) },
    expiring: position.expiringSoon.map((e) => ({ on: formatDate(e.expiresOn, locale), amount: money(e.amount, locale) })),
    // Current apprentices, those lately registered whose completion payment may still be due, and those
    // lately withdrawn, for the training they had before they left.
    apprentices: payable.map((a) => ({ value: a.personId, label: payeeLabel(a, t) })),
    entries: ledger.entries.map((e) => entryView(e, names, locale)),
    ledgerCaption: ledgerCaption(ledger.page, ledger.pageCount, locale, t),
    ledgerPage: ledger.page,
    ledgerPageCount: ledger.pageCount,
    // A forecast for a number nobody asked for would mislead, so a refused number shows none.
    ...(planned === undefined ? { months: [], forecastIntro: null, forecastThisMonth: null, chartDescription: "" } : forecastView(byDay, today, planned, settings, locale, t)),
    // The entry form's one-time token: the same form sent twice (a second click, a resend) records its entry once.
    formToken: newFormToken(),
  };
  return planned === undefined ? data(page, { status: 400 }) : page;
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ledgerSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), detail: null }, { status: 400 });
  const v = submission.value;
  // Any apprentice, current, completed or withdrawn, may be paid for; asked about the one person, not read for all.
  if (v.kind === "payment" && !(v.person && (await isPayee(v.person)))) return data({ reply: submission.reply({ fieldErrors: { person: ["funding.errors.person"] } }), detail: null }, { status: 400 });
  const result = await recordEntry({ occurredOn: v.occurredOn, kind: v.kind, amountPence: v.amount, personId: v.person ?? null, counterparty: v.counterparty ?? null }, actor, formTokenOf(form));
  if (!result.ok) {
    const values = Object.fromEntries(Object.entries(result.values ?? {}).map(([k, pence]) => [k, money(pence, locale)]));
    return data({ reply: submission.reply({ fieldErrors: { [result.field]: [result.error] } }), detail: t(`apprenticeship:${result.error}`, values) }, { status: 400 });
  }
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/funding?saved=1` } });
}

export default function Funding() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useForm<z.input<typeof ledgerSchema>>({ id: "ledger", lastResult: result?.reply });
  // A refusal by the account (over the balance, the cap or the allowance) is worded with its amounts.
  const amountError = fields.amount.errors?.length ? (result?.detail ?? firstError(t, fields.amount)) : undefined;
  const errors = summaryItems(t, [fields.kind, fields.occurredOn, fields.person, fields.counterparty], form.errors);
  if (amountError) errors.splice(2, 0, { fieldId: fields.amount.id, message: amountError });
  if (page.plannedField.error) errors.push({ fieldId: "planned", message: page.plannedField.error });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.saved} />
        <h1 className="govuk-heading-l">{t("funding.title")}</h1>
        {page.expiring.length > 0 ? (
          <NotificationBanner title={t("funding.expiringTitle")}>
            <p className="govuk-notification-banner__heading">{t("funding.expiringIntro")}</p>
            <ul className="govuk-list govuk-list--bullet">
              {page.expiring.map((e) => <li key={e.on}>{t("funding.expiringLine", e)}</li>)}
            </ul>
          </NotificationBanner>
        ) : null}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <SummaryList
              rows={[
                { key: "balance", label: t("funding.balance"), value: page.position.balance },
                { key: "in", label: t("funding.paidIn"), value: page.position.paidIn },
                { key: "spent", label: t("funding.spent"), value: page.position.spent },
                { key: "expired", label: t("funding.expired"), value: page.position.expired },
                { key: "transfer", label: t("funding.transferAllowance"), value: page.position.transferAllowance },
              ]}
            />
          </div>
        </div>
        <h2 className="govuk-heading-m">{t("funding.addHeading")}</h2>
        <Form method="post" {...getFormProps(form)} noValidate className="govuk-!-width-two-thirds">
          <FormToken value={page.formToken} />
          <Radios id={fields.kind.id} name={fields.kind.name} legend={t("funding.kind")} error={firstError(t, fields.kind)} defaultValue={fields.kind.initialValue as string | undefined} options={(["levy", "payment", "transfer"] as const).map((k) => ({ value: k, label: t(`funding.kinds.${k}`), hint: t(`funding.kindHints.${k}`) }))} />
          <Field {...getInputProps(fields.occurredOn, { type: "date" })} key={fields.occurredOn.key} id={fields.occurredOn.id} name={fields.occurredOn.name} label={t("funding.date")} error={firstError(t, fields.occurredOn)} />
          <Field {...getInputProps(fields.amount, { type: "text" })} key={fields.amount.key} id={fields.amount.id} name={fields.amount.name} label={t("funding.amount")} hint={t("funding.amountHint")} inputMode="decimal" className="govuk-input--width-10" error={amountError} />
          <Select id={fields.person.id} name={fields.person.name} label={t("funding.person")} emptyLabel={t("funding.noPerson")} options={page.apprentices} defaultValue={(fields.person.initialValue as string | undefined) ?? ""} error={firstError(t, fields.person)} />
          <Field {...getInputProps(fields.counterparty, { type: "text" })} key={fields.counterparty.key} id={fields.counterparty.id} name={fields.counterparty.name} label={t("funding.counterparty")} hint={t("funding.counterpartyHint")} error={firstError(t, fields.counterparty)} />
          <Button>{t("funding.submit")}</Button>
        </Form>
        <h2 className="govuk-heading-m">{t("funding.forecastHeading")}</h2>
        <Form method="get" className="pathways-filter">
          <Field key={page.plannedField.value} id="planned" name="planned" label={t("funding.planned")} inputMode="numeric" className="govuk-input--width-4" defaultValue={page.plannedField.value} error={page.plannedField.error} />
          <Button variant="secondary">{t("funding.recalculate")}</Button>
        </Form>
        {page.forecastIntro ? <p className="govuk-body">{page.forecastIntro}</p> : null}
        {page.forecastThisMonth ? <p className="govuk-body">{page.forecastThisMonth}</p> : null}
        {page.months.length > 0 ? (
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <BandChart title={t("funding.chartTitle")} description={page.chartDescription} bands={page.months} />
            </div>
            <div className="govuk-grid-column-one-half">
              <Table
                caption={t("funding.forecastCaption")}
                rows={page.months}
                rowKey={(m) => m.band}
                columns={[
                  { key: "month", header: t("funding.month"), cell: (m) => m.label },
                  { key: "in", header: t("funding.monthIn"), numeric: true, cell: (m) => m.paidIn },
                  { key: "cost", header: t("funding.monthCost"), numeric: true, cell: (m) => m.cost },
                  { key: "expired", header: t("funding.monthExpired"), numeric: true, cell: (m) => m.expired },
                  { key: "balance", header: t("funding.balance"), numeric: true, cell: (m) => m.display },
                ]}
              />
            </div>
          </div>
        ) : null}
        <Table
          caption={page.ledgerCaption}
          rows={page.entries}
          rowKey={(e) => e.id}
          columns={[
            { key: "on", header: t("funding.date"), cell: (e) => e.on },
            { key: "kind", header: t("funding.kind"), cell: (e) => (e.reversal ? t("funding.reverse.reversalOf", { kind: t(`funding.kinds.${e.kind}`) }) : t(`funding.kinds.${e.kind}`)) },
            { key: "who", header: t("funding.who"), cell: (e) => e.who },
            { key: "amount", header: t("funding.amount"), numeric: true, cell: (e) => e.amount },
            { key: "correction", header: t("funding.reverse.column"), cell: (e) => <Correction entry={e} /> },
          ]}
        />
        <Pagination page={page.ledgerPage} pageCount={page.ledgerPageCount} search={location.search} />
      </div>
    </div>
  );
}

/** What the ledger's last column says of an entry: the link to correct it, that it was reversed, or a reversal's reason. */
function Correction({ entry }: { entry: ReturnType<typeof entryView> }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (entry.reversal) return <>{t("funding.reverse.reasonGiven", { reason: entry.reason ?? "" })}</>;
  if (entry.reversed) return <strong className="govuk-tag govuk-tag--grey">{t("funding.reverse.reversedTag")}</strong>;
  if (!entry.correctHref) return null;
  return (
    <Link className="govuk-link" to={entry.correctHref}>
      {t("funding.reverse.link")}
      <span className="govuk-visually-hidden">{` ${t("funding.reverse.linkHidden", { kind: t(`funding.kinds.${entry.kind}`), amount: entry.amount, on: entry.on })}`}</span>
    </Link>
  );
}
