import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { FormToken } from "../../../app/components/FormToken";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { reversalSchema } from "../forms";
import { PLUGIN_ID } from "../programme";
import { entryToReverse, reverseEntry, type EntryToReverse } from "../server/ledger-reversals.server";
import { money } from "../server/money";
import { apprenticeNames } from "../server/progress.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
// Refused because the entry was reversed meanwhile, or the account changed (409), the page is drawn from the
// ledger as it now is, and what was typed comes back in the action's reply.
export const shouldRevalidate = revalidateOnConflict;

const FUNDING = `/programmes/${PLUGIN_ID}/funding`;

/** A ledger entry, for L&D and admins, who keep the levy account: the funding page's capability; otherwise 404. */
async function entryGuard(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const id = parseId(params.entryId);
  const entry = id ? await entryToReverse(id) : undefined;
  if (!entry) notFound();
  return { ...context, entry };
}

/** What the page can do with the entry: reverse it, or say why not (reversed already; a reversal or a top-up). */
function viewOf(entry: EntryToReverse): "confirm" | "reversed" | "notReversible" {
  if (entry.reversal_id !== null) return "reversed";
  return entry.reversible ? "confirm" : "notReversible";
}

/** Who the entry is about: the apprentice paid for, or the employer a transfer went to; nobody for levy. */
async function whoOf(entry: EntryToReverse) {
  if (entry.person_id) return (await apprenticeNames([entry.person_id])).get(entry.person_id) ?? "";
  return entry.counterparty ?? "";
}

/** The entry as the page shows it, with the top-up that levy brought, which is reversed with it. */
async function entryRows(entry: EntryToReverse, locale: string, t: TFunction) {
  const who = await whoOf(entry);
  return [
    { key: "on", label: t("apprenticeship:funding.date"), value: formatDate(entry.occurred_on, locale) },
    { key: "kind", label: t("apprenticeship:funding.kind"), value: t(`apprenticeship:funding.kinds.${entry.kind}`) },
    ...(who ? [{ key: "who", label: t("apprenticeship:funding.who"), value: who }] : []),
    { key: "amount", label: t("apprenticeship:funding.amount"), value: money(entry.amount_pence, locale) },
    ...(entry.topUp ? [{ key: "topUp", label: t("apprenticeship:funding.kinds.top_up"), value: money(entry.topUp.amount_pence, locale) }] : []),
  ];
}

/**
 * GOV.UK's confirmation before something that cannot be undone: this page (a GET changes nothing) shows the
 * entry and what its reversal does, and only "Reverse this entry" with a reason posts. Reached from the
 * ledger on /funding, one link an entry, so it works without JavaScript.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, entry } = await entryGuard(request, params);
  const view = viewOf(entry);
  return {
    title: t("apprenticeship:funding.reverse.title"),
    view,
    back: FUNDING,
    rows: await entryRows(entry, locale, t),
    // What the reversal does, said before it happens: levy takes its top-up with it.
    consequences: view === "confirm" ? [t("apprenticeship:funding.reverse.consequence"), ...(entry.topUp ? [t("apprenticeship:funding.reverse.withTopUp", { amount: money(entry.topUp.amount_pence, locale) })] : [])] : [],
    // The form's one-time token: sent twice (a second click, a resend), the entry is reversed once.
    formToken: newFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, locale, t, entry } = await entryGuard(request, params);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: reversalSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), detail: null }, { status: 400 });
  const result = await reverseEntry(entry.id, submission.value.reason, actor, formTokenOf(form));
  if (!result.ok) {
    // Refused by the ledger as it stands (reversed meanwhile, or money already spent): the reason typed is kept.
    const values = Object.fromEntries(Object.entries(result.values ?? {}).map(([k, pence]) => [k, money(pence, locale)]));
    return data({ reply: submission.reply({ formErrors: [result.error] }), detail: t(`apprenticeship:${result.error}`, values) }, { status: 409 });
  }
  return new Response(null, { status: 303, headers: { Location: `${FUNDING}?saved=reversed` } });
}

export default function ReverseEntry() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof reversalSchema>>({ id: "reverse", lastResult: result?.reply, shouldValidate: "onSubmit" });
  // The ledger's refusal is worded with its amount; the reason's own error is beside the field too.
  const errors = summaryItems(t, [fields.reason], result?.detail ? [] : form.errors);
  if (result?.detail) errors.push({ message: result.detail });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{page.title}</h1>
        <SummaryList rows={page.rows} />
        {page.view === "confirm" ? (
          <>
            {page.consequences.map((line) => (
              <p className="govuk-body" key={line}>{line}</p>
            ))}
            <Form method="post" {...getFormProps(form)} noValidate>
              <FormToken value={page.formToken} />
              <Textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} id={fields.reason.id} name={fields.reason.name} label={t("funding.reverse.reason")} hint={t("funding.reverse.reasonHint")} error={firstError(t, fields.reason)} />
              <div className="govuk-button-group">
                <Button variant="warning">{t("funding.reverse.submit")}</Button>
                <Link className="govuk-link" to={page.back}>{t("funding.reverse.cancel")}</Link>
              </div>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">{t(`funding.reverse.${page.view}`)}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to={page.back}>{t("funding.reverse.back")}</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
