import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { CpdEntryForm, cpdFieldOrder, type CpdEntryFields } from "../components/CpdEntryForm";
import { ErrorSummary } from "../components/ErrorSummary";
import { changeOwnCpdEntry, cpdEntrySchema, deletedByOwner, deleteOwnCpdEntry, entryOf, londonToday, OWN_SOURCE, registrationYearOf, type OwnEntryOutcome } from "../services/cpd.server";
import { readFormData } from "../utils/form-data.server";
import { summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { forbidden, notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/**
 * One of the signed-in person's own entries, to change or delete. Someone else's entry, or one that does
 * not exist, is not found; an entry a programme wrote is the programme's record and cannot be changed.
 */
async function ownEntry(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "me.view");
  const entryId = parseId(params.entryId);
  const entry = entryId ? await entryOf(context.viewer.personId, entryId) : undefined;
  if (!entryId || !entry) notFound();
  if (entry.source !== OWN_SOURCE) forbidden();
  return { ...context, entryId, entry };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, entry } = await ownEntry(request, params);
  return {
    title: t("cpd.changeTitle"),
    today: londonToday(new Date()),
    entry: {
      title: entry.title,
      occurredOn: entry.occurred_on,
      hours: String(entry.hours),
      learning: entry.learning ?? "",
      practiceImpact: entry.practice_impact ?? "",
      peerReflection: entry.peer_reflection === 1 ? "yes" : "no",
    },
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
  const { viewer, actor, entryId, entry } = await ownEntry(request, params);
  const form = await readFormData(request);
  const back = (saved: string, day: string) => redirect(`/me/cpd?year=${registrationYearOf(day).id}&saved=${saved}`);
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

export default function ChangeCpdEntry() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<CpdEntryFields>({ id: "cpd-entry", lastResult, defaultValue: page.entry, shouldValidate: "onSubmit" });
  const errors = summaryItems(t, cpdFieldOrder(fields), form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <a className="govuk-back-link" href="/me/cpd">
          {t("cpd.back")}
        </a>
        <h1 className="govuk-heading-l">{t("cpd.changeTitle")}</h1>
        <CpdEntryForm form={form} fields={fields} today={page.today} submitLabel={t("cpd.save")}>
          <input type="hidden" name="intent" value="save" />
        </CpdEntryForm>
        <h2 className="govuk-heading-m">{t("cpd.deleteHeading")}</h2>
        <p className="govuk-body">{t("cpd.deleteHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <Button variant="warning">{t("cpd.delete")}</Button>
        </Form>
      </div>
    </div>
  );
}
