import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { CpdEntryForm, cpdFieldOrder, type CpdEntryFields } from "../components/CpdEntryForm";
import { CpdReflectionForm, reflectionFieldOrder, type ReflectionFormFields } from "../components/CpdReflectionForm";
import { ErrorSummary } from "../components/ErrorSummary";
import { FormToken } from "../components/FormToken";
import { SummaryList } from "../components/SummaryList";
import { addOwnCpdEntry, changeOwnCpdEntry, cpdEntryAsShown, cpdEntrySchema, cpdReflectionSchema, deletedByOwner, deleteOwnCpdEntry, entryOf, OWN_SOURCE, reflectOnCpdEntry, type CpdSaveOutcome } from "../services/cpd.server";
import { registrationYearOf } from "../services/cpd-standing.server";
import { londonToday } from "../utils/london-time";
import { cpdEntryView, type CpdEntryViewData } from "../services/cpd-view.server";
import { formTokenOf, newFormToken } from "../services/submitted-forms.server";
import { readFormData } from "../utils/form-data.server";
import { summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { forbidden, notFound, parseId } from "../utils/http.server";
import type { Locale } from "../utils/i18n";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

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

/**
 * The person's entry that they deleted themselves (a second tab, a double click), or undefined. Its page
 * says so rather than "not found", and a post for it is answered as below, not refused as unknown.
 */
async function deletedOwnEntry(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "me.view");
  const entryId = parseId(params.entryId);
  const deleted = entryId !== undefined && !(await entryOf(context.viewer.personId, entryId)) && (await deletedByOwner(context.viewer.personId, entryId));
  return deleted ? { ...context, entryId } : undefined;
}

const EMPTY_ENTRY = { title: "", occurredOn: "", hours: "", learning: "", practiceImpact: "", peerReflection: "" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const deleted = await deletedOwnEntry(request, params);
  if (deleted) {
    // Still 404, but it says what happened; after a refused save it also offers what was typed as a new entry.
    const page = { title: deleted.t("cpd.deletedTitle"), view: "deleted" as const, own: true, id: deleted.entryId, programme: null, today: londonToday(new Date()), formToken: newFormToken(), entry: EMPTY_ENTRY, shown: "" };
    return data(page, { status: 404 });
  }
  const { t, locale, entry, entryId, own } = await ownEntry(request, params);
  const reflection = { learning: entry.learning ?? "", practiceImpact: entry.practice_impact ?? "", peerReflection: entry.peer_reflection === 1 ? "yes" : entry.learning === null ? "" : "no" };
  // The entry as this page shows it, sent back with the form: a save is refused if it has changed since (another tab).
  const shown = cpdEntryAsShown(entry);
  if (!own) return { title: t("cpd.reflectTitle"), view: "reflect" as const, own: false, id: entryId, programme: cpdEntryView(entry, locale), today: "", formToken: "", entry: { ...EMPTY_ENTRY, ...reflection }, shown };
  // Deleting asks first, on a page of its own that a GET only shows: "Delete entry" is a link to it.
  const confirmDelete = new URL(request.url).searchParams.get("delete") === "confirm";
  return {
    title: confirmDelete ? t("cpd.deleteConfirmTitle", { title: entry.title }) : t("cpd.changeTitle"),
    view: confirmDelete ? ("confirmDelete" as const) : ("change" as const),
    own: true,
    id: entryId,
    programme: null,
    today: londonToday(new Date()),
    formToken: "",
    entry: { title: entry.title, occurredOn: entry.occurred_on, hours: String(entry.hours), ...reflection },
    shown,
  };
}

/** After a refused save the page is drawn again from the data as it now is: the entry deleted meanwhile. */
export const shouldRevalidate = revalidateOnConflict;

function refused(outcome: CpdSaveOutcome) {
  if (outcome === "not_found") notFound();
  if (outcome === "read_only") forbidden();
}

const ADD_AGAIN = "addAgain";
const back = (saved: string, day: string) => redirect(`/me/cpd?year=${registrationYearOf(day).id}&saved=${saved}`);

/** A page that did not say what it showed of the entry (drawn before pages did, or tampered with). */
const PAGE_OUT_OF_DATE = "cpd.errors.pageOutOfDate";
const CHANGED_MEANWHILE = "cpd.errors.changedMeanwhile";

/** What the page showed of the entry (`cpdEntryAsShown`), as its form sent it back; undefined if it did not say. */
function shownOf(form: FormData): string | undefined {
  const shown = form.get("shown");
  return typeof shown === "string" && /^[0-9a-f]{64}$/.test(shown) ? shown : undefined;
}

type Submission = { reply: (options?: { formErrors: string[] }) => SubmissionResult<string[]> };

/**
 * A save refused as the entry is no longer as the page showed it (or the page did not say): nothing is
 * stored; what was typed comes back with the reason and any field errors, beside the entry as saved now,
 * which the form then carries as shown, so saving again replaces it knowingly. Without JavaScript too: the
 * hidden field is in the reply, not only in the page's data.
 */
async function changedMeanwhile(submission: Submission, reason: string, { viewer, locale, entryId }: { viewer: { personId: number }; locale: Locale; entryId: number }) {
  const now = await entryOf(viewer.personId, entryId);
  if (!now) return (await deletedByOwner(viewer.personId, entryId)) ? deletedMeanwhile(submission) : notFound();
  return data({ ...submission.reply({ formErrors: [reason] }), shown: cpdEntryAsShown(now), now: cpdEntryView(now, locale) }, { status: 409 });
}

/**
 * A form refused before saving: one that does not say what its page showed, or does not pass the rules.
 * The latter is also told if the entry has changed since, so that one answer says everything.
 */
function refusedBeforeSaving(submission: Submission, shown: string | undefined, context: Parameters<typeof changedMeanwhile>[2] & { entry: Parameters<typeof cpdEntryAsShown>[0] }) {
  if (!shown) return changedMeanwhile(submission, PAGE_OUT_OF_DATE, context);
  if (shown !== cpdEntryAsShown(context.entry)) return changedMeanwhile(submission, CHANGED_MEANWHILE, context);
  return data({ ...submission.reply(), shown }, { status: 400 });
}

/** A save of an entry deleted meanwhile: nothing is stored, and what was typed comes back with the reason. */
const deletedMeanwhile = (submission: Submission) => data(submission.reply({ formErrors: ["cpd.errors.deletedMeanwhile"] }), { status: 409 });

/**
 * A post for an entry its owner has deleted. A second "Delete" finds it gone as they asked: back to the
 * record. A save is refused with what was typed, so nothing is lost, and "Add as a new entry" adds that.
 */
async function answerForDeleted({ viewer, actor }: NonNullable<Awaited<ReturnType<typeof deletedOwnEntry>>>, form: FormData) {
  if (form.get("intent") === "delete") throw redirect("/me/cpd?saved=deleted");
  const submission = parseWithZod(form, { schema: cpdEntrySchema(londonToday(new Date())) });
  if (form.get("intent") !== ADD_AGAIN) return deletedMeanwhile(submission);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  // The page's one-time token makes a second click find its entry added, as on the record's own form.
  await addOwnCpdEntry(actor, viewer.personId, submission.value, formTokenOf(form));
  throw back("added", submission.value.occurredOn);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const deleted = await deletedOwnEntry(request, params);
  if (deleted) return answerForDeleted(deleted, await readFormData(request));
  const context = await ownEntry(request, params);
  const { viewer, actor, entryId, entry, own } = context;
  const form = await readFormData(request);
  const shown = shownOf(form);
  if (!own) {
    // A programme's record stays: the person reflects on it, and cannot delete or rewrite it.
    if (form.get("intent") === "delete") forbidden();
    const submission = parseWithZod(form, { schema: cpdReflectionSchema() });
    if (!shown || submission.status !== "success") return refusedBeforeSaving(submission, shown, context);
    const outcome = await reflectOnCpdEntry(actor, viewer.personId, entryId, submission.value, shown);
    if (outcome === "changed_meanwhile") return changedMeanwhile(submission, CHANGED_MEANWHILE, context);
    refused(outcome);
    throw back("reflected", entry.occurred_on);
  }
  if (form.get("intent") === "delete") {
    const outcome = await deleteOwnCpdEntry(actor, viewer.personId, entryId);
    refused(outcome);
    throw back("deleted", entry.occurred_on);
  }
  const submission = parseWithZod(form, { schema: cpdEntrySchema(londonToday(new Date())) });
  if (!shown || submission.status !== "success") return refusedBeforeSaving(submission, shown, context);
  const outcome = await changeOwnCpdEntry(actor, viewer.personId, entryId, submission.value, shown);
  // Deleted between the look above and the change: answered as if it had been gone before.
  if (outcome === "not_found" && (await deletedByOwner(viewer.personId, entryId))) return deletedMeanwhile(submission);
  if (outcome === "changed_meanwhile") return changedMeanwhile(submission, CHANGED_MEANWHILE, context);
  refused(outcome);
  throw back("changed", submission.value.occurredOn);
}

export default function CpdEntryPage() {
  const page = useLoaderData<typeof loader>();
  if (page.view === "reflect") return <ReflectOnProgrammeEntry />;
  if (page.view === "confirmDelete") return <ConfirmDelete />;
  return page.view === "deleted" ? <DeletedEntry /> : <ChangeOwnEntry />;
}

/** The entry's form as the change page and the deleted page both show it: what the loader or a refused save gave, with its error summary. */
function useEntryForm() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<CpdEntryFields>({ id: "cpd-entry", lastResult, defaultValue: page.entry, shouldValidate: "onSubmit" });
  return { page, lastResult, form, fields, errors: summaryItems(t, cpdFieldOrder(fields), form.errors) };
}

/**
 * What a refused save sent back about the entry: what its form now carries as shown (what the page showed
 * before a 400; the entry as saved now after a 409, which `now` then lists).
 */
function sentBack(lastResult: unknown): { shown?: string; now?: CpdEntryViewData } {
  return lastResult !== null && typeof lastResult === "object" ? (lastResult as { shown?: string; now?: CpdEntryViewData }) : {};
}

function ChangeOwnEntry() {
  const { t } = useTranslation();
  const { page, lastResult, form, fields, errors } = useEntryForm();
  const { shown, now } = sentBack(lastResult);
  return (
    <EntryPage errors={errors} title={t("cpd.changeTitle")}>
      {now ? <SavedNow now={now} own /> : null}
      <CpdEntryForm form={form} fields={fields} today={page.today} submitLabel={t("cpd.save")}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="shown" value={shown ?? page.shown} />
      </CpdEntryForm>
      <h2 className="govuk-heading-m">{t("cpd.deleteHeading")}</h2>
      <p className="govuk-body">{t("cpd.deleteHint")}</p>
      <a href={`/me/cpd/entries/${page.id}?delete=confirm`} className="govuk-button govuk-button--warning">
        {t("cpd.delete")}
      </a>
    </EntryPage>
  );
}

/** GOV.UK's confirmation before something that cannot be undone: only "Yes, delete this entry" posts. */
function ConfirmDelete() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const entryPath = `/me/cpd/entries/${page.id}`;
  return (
    <EntryPage errors={[]} title={page.title}>
      <p className="govuk-body">{t("cpd.deleteConfirmHint")}</p>
      <Form method="post" action={entryPath}>
        <input type="hidden" name="intent" value="delete" />
        <div className="govuk-button-group">
          <Button variant="warning">{t("cpd.deleteConfirm")}</Button>
          <a className="govuk-link" href={entryPath}>
            {t("cpd.cancel")}
          </a>
        </div>
      </Form>
    </EntryPage>
  );
}

/** An entry its owner deleted. After a save refused for that, what was typed is there to add as a new entry. */
function DeletedEntry() {
  const { t } = useTranslation();
  const { page, lastResult, form, fields, errors } = useEntryForm();
  return (
    <EntryPage errors={errors} title={t("cpd.deletedTitle")}>
      <p className="govuk-body">{t("cpd.deletedBody")}</p>
      {lastResult ? (
        <CpdEntryForm form={form} fields={fields} today={page.today} submitLabel={t("cpd.addAgain")}>
          <input type="hidden" name="intent" value={ADD_AGAIN} />
          <FormToken value={page.formToken} />
        </CpdEntryForm>
      ) : null}
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
  const { shown, now } = sentBack(lastResult);
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
      {now ? <SavedNow now={now} own={false} /> : null}
      <CpdReflectionForm form={form} fields={fields} submitLabel={t("cpd.saveReflection")}>
        <input type="hidden" name="shown" value={shown ?? page.shown} />
      </CpdReflectionForm>
    </EntryPage>
  );
}

/**
 * The entry as saved now, above a form refused because the entry changed after the page was shown (or the
 * page did not say what it showed): what the person typed stays in the form, to save over it or not.
 */
function SavedNow({ now, own }: { now: CpdEntryViewData; own: boolean }) {
  const { t } = useTranslation();
  const record = [
    { key: "title", label: t("cpd.columns.title"), value: now.title },
    { key: "date", label: t("cpd.columns.date"), value: now.date },
    { key: "hours", label: t("cpd.columns.hours"), value: now.hours },
  ];
  const reflection = [
    { key: "learning", label: t("cpd.columns.learning"), value: now.learning },
    { key: "practiceImpact", label: t("cpd.columns.practiceImpact"), value: now.practiceImpact },
    { key: "peer", label: t("cpd.columns.peer"), value: t(now.peerReflection ? "cpd.yes" : "cpd.no") },
  ];
  return (
    <>
      <h2 className="govuk-heading-m">{t("cpd.savedNow")}</h2>
      <SummaryList rows={own ? [...record, ...reflection] : reflection} />
    </>
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
