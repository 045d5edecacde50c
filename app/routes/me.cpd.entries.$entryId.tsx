import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { CpdEntryForm, cpdFieldOrder, type CpdEntryFields } from "../components/CpdEntryForm";
import { CpdReflectionForm, reflectionFieldOrder, type ReflectionFormFields } from "../components/CpdReflectionForm";
import { ErrorSummary } from "../components/ErrorSummary";
import { SummaryList } from "../components/SummaryList";
import { changeOwnCpdEntry, cpdEntrySchema, cpdReflectionSchema, deletedByOwner, deleteOwnCpdEntry, entryOf, londonToday, OWN_SOURCE, reflectOnCpdEntry, registrationYearOf, type OwnEntryOutcome } from "../services/cpd.server";
import { cpdEntryView } from "../services/cpd-view.server";
import { readFormData } from "../utils/form-data.server";
import { summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { forbidden, notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/**
 * One of the signed-in person's entries. Someone else's entry, or one that does not exist, is not found.
 * Their own entry is changed or deleted in full; an entry a programme wrote is the programme's record of
 * the learning, so its title, date and hours stay as written, and the person adds their reflection to it.
 */
async function ownEntry(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "me.view");
  const entryId = parseId(params.entryId);
  const entry = entryId ? await entryOf(context.viewer.personId, entryId) : undefined;
  if (!entryId || !entry) notFound();
  return { ...context, entryId, entry, own: entry.source === OWN_SOURCE };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, entry, own } = await ownEntry(request, params);
  const reflection = { learning: entry.learning ?? "", practiceImpact: entry.practice_impact ?? "", peerReflection: entry.peer_reflection === 1 ? "yes" : entry.learning === null ? "" : "no" };
  if (!own) return { title: t("cpd.reflectTitle"), own: false as const, programme: cpdEntryView(entry, locale), today: "", entry: { title: "", occurredOn: "", hours: "", ...reflection } };
  return {
    title: t("cpd.changeTitle"),
    own: true as const,
    programme: null,
    today: londonToday(new Date()),
    entry: { title: entry.title, occurredOn: entry.occurred_on, hours: String(entry.hours), ...reflection },
  };
}

function refused(outcome: OwnEntryOutcome) {
  if (outcome === "not_found") notFound();
  if (outcome === "read_only") forbidden();
}

/** A second "Delete" (a double click, a second tab) finds the entry gone as its owner asked: back to the record, not "not found". */
async function deletedAlready(request: Request, params: ActionFunctionArgs["params"]) {
  const { viewer } = await authorize(request, "me.view");
  const entryId = parseId(params.entryId);
  return entryId !== undefined && !(await entryOf(viewer.personId, entryId)) && (await deletedByOwner(viewer.personId, entryId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (await deletedAlready(request, params)) throw redirect("/me/cpd?saved=deleted");
  const { viewer, actor, entryId, entry, own } = await ownEntry(request, params);
  const form = await readFormData(request);
  const back = (saved: string, day: string) => redirect(`/me/cpd?year=${registrationYearOf(day).id}&saved=${saved}`);
  if (!own) {
    // A programme's record stays: the person reflects on it, and cannot delete or rewrite it.
    if (form.get("intent") === "delete") forbidden();
    const submission = parseWithZod(form, { schema: cpdReflectionSchema() });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    refused(await reflectOnCpdEntry(actor, viewer.personId, entryId, submission.value));
    throw back("reflected", entry.occurred_on);
  }
  if (form.get("intent") === "delete") {
    const outcome = await deleteOwnCpdEntry(actor, viewer.personId, entryId);
    refused(outcome);
    throw back("deleted", entry.occurred_on);
  }
  const submission = parseWithZod(form, { schema: cpdEntrySchema(londonToday(new Date())) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  refused(await changeOwnCpdEntry(actor, viewer.personId, entryId, submission.value));
  throw back("changed", submission.value.occurredOn);
}

export default function CpdEntryPage() {
  const page = useLoaderData<typeof loader>();
  return page.own ? <ChangeOwnEntry /> : <ReflectOnProgrammeEntry />;
}

function ChangeOwnEntry() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<CpdEntryFields>({ id: "cpd-entry", lastResult, defaultValue: page.entry, shouldValidate: "onSubmit" });
  const errors = summaryItems(t, cpdFieldOrder(fields), form.errors);
  return (
    <EntryPage errors={errors} title={t("cpd.changeTitle")}>
      <CpdEntryForm form={form} fields={fields} today={page.today} submitLabel={t("cpd.save")}>
        <input type="hidden" name="intent" value="save" />
      </CpdEntryForm>
      <h2 className="govuk-heading-m">{t("cpd.deleteHeading")}</h2>
      <p className="govuk-body">{t("cpd.deleteHint")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <Button variant="warning">{t("cpd.delete")}</Button>
      </Form>
    </EntryPage>
  );
}

function ReflectOnProgrammeEntry() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<ReflectionFormFields>({ id: "cpd-reflection", lastResult, defaultValue: page.entry, shouldValidate: "onSubmit" });
  const errors = summaryItems(t, reflectionFieldOrder(fields), form.errors);
  const programme = page.programme!;
  return (
    <EntryPage errors={errors} title={t("cpd.reflectTitle")}>
      <p className="govuk-body">{t("cpd.reflectIntro", { programme: programme.source })}</p>
      <SummaryList
        rows={[
          { key: "title", label: t("cpd.columns.title"), value: programme.title },
          { key: "date", label: t("cpd.columns.date"), value: programme.date },
          { key: "hours", label: t("cpd.columns.hours"), value: programme.hours },
        ]}
      />
      <CpdReflectionForm form={form} fields={fields} submitLabel={t("cpd.saveReflection")} />
    </EntryPage>
  );
}

/** An entry's page: the error summary, the way back to the record and the heading, around its forms. */
function EntryPage({ errors, title, children }: { errors: ReturnType<typeof summaryItems>; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <a className="govuk-back-link" href="/me/cpd">
          {t("cpd.back")}
        </a>
        <h1 className="govuk-heading-l">{title}</h1>
        {children}
      </div>
    </div>
  );
}
