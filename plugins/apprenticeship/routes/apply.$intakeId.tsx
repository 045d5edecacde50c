import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { Radios } from "../../../app/components/Radios";
import { SummaryList } from "../../../app/components/SummaryList";
import { Textarea } from "../../../app/components/Textarea";
import { formatDate } from "../../../app/utils/dates";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { applicationSchema } from "../forms";
import { PLUGIN_ID, QUALIFICATION_STATES, type ApprenticeshipSettings } from "../programme";
import { apply, applicationOf, openToChange } from "../server/applications.server";
import { holdsCurrentPlace } from "../server/current-place.server";
import { applicationWindow, intakeById } from "../server/intakes.server";
import { apprenticeshipSettings } from "../server/settings.server";
import { answersForApplicant } from "../server/views.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/** The error an application sent after its intake closed is refused with; the page words it with the date. */
const CLOSED = "apply.errors.closed";

/**
 * An intake open to applications, or one that has closed: an application being written when it closed
 * is answered with what was typed, not a 404 that loses it. One not yet open is not there to apply to.
 */
async function applyContext(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const id = parseId(params.intakeId);
  const intake = id ? await intakeById(id) : undefined;
  // London's date: from midnight to 1am in summer, UTC's would still take applications the day after closing.
  const standing = intake ? applicationWindow(intake, londonToday()) : "unavailable";
  if (!intake || standing === "unavailable") notFound();
  const closedOn = standing === "closed" ? formatDate(intake.enrolment_closes_on, context.locale) : null;
  return { ...context, intake, closedOn };
}

/** The sentence of the rules an applicant must meet: it names level 2 English and maths only while they are asked for. */
function entryRulesKey(settings: Pick<ApprenticeshipSettings, "requireLevel2English" | "requireLevel2Maths">) {
  if (settings.requireLevel2English && settings.requireLevel2Maths) return "apply.rules";
  if (settings.requireLevel2English) return "apply.rulesEnglishOnly";
  if (settings.requireLevel2Maths) return "apply.rulesMathsOnly";
  return "apply.rulesServiceOnly";
}

/** A member of staff applies to an open intake, or changes their application until it is shortlisted or decided. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, t, intake, closedOn } = await applyContext(request, params);
  const [existing, settings, holdsPlace] = await Promise.all([applicationOf(intake.id, viewer.personId), apprenticeshipSettings(), holdsCurrentPlace(viewer.personId, intake.cohort_id)]);
  // Shortlisted or decided, it is read back as sent, saying why: a form offered now would only be refused on submit.
  const sent = existing && !openToChange(existing) ? existing : null;
  return {
    // With nobody on their line on the portal, L&D record the manager's support: the applicant is told so.
    supportNote: t((await managerCanAct(viewer.personId)) ? "apprenticeship:apply.managerNote" : "apprenticeship:apply.learningTeamNote"),
    title: t("apprenticeship:apply.title", { intake: intake.name }),
    intake: { name: intake.name, university: intake.university, criteria: intake.criteria },
    closedOn,
    rules: t(`apprenticeship:${entryRulesKey(settings)}`, { months: settings.minServiceMonths, count: settings.minServiceMonths }),
    // Someone who already holds a place on another intake cannot apply: the page says so rather than offer a form it would refuse.
    holdsPlace,
    fixed: sent ? { reason: sent.decision ? ("decided" as const) : ("shortlisted" as const), answers: answersForApplicant(sent, t) } : null,
    existing: existing ? { statement: existing.statement, currentRole: existing.current_role, serviceMonths: String(existing.service_months), english: existing.english, maths: existing.maths } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, actor, intake, closedOn } = await applyContext(request, params);
  const submission = parseWithZod(await readFormData(request), { schema: applicationSchema });
  // Closed while it was being written: nothing is stored, and the reply carries what was typed back.
  if (closedOn) return data({ reply: submission.reply({ formErrors: [CLOSED] }), closedOn }, { status: 409 });
  if (submission.status !== "success") return data({ reply: submission.reply(), closedOn: null }, { status: 400 });
  const result = await apply(intake, viewer.personId, submission.value, actor);
  if (!result.ok) return data({ reply: submission.reply({ formErrors: [result.error] }), closedOn: null }, { status: 400 });
  // Who records the support as the application was stored, under its lock: not a second look, which could differ.
  const saved = result.supportBy === "manager" ? "applied" : "appliedToLearningTeam";
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}?saved=${saved}` } });
}

export default function Apply() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof applicationSchema>>({ id: "apply", lastResult: result?.reply, defaultValue: page.existing ?? undefined });
  const errors = summaryItems(t, [fields.statement, fields.currentRole, fields.serviceMonths, fields.english, fields.maths], form.errors?.filter((key) => key !== CLOSED));
  if (result?.closedOn) errors.unshift({ message: t(CLOSED, { date: result.closedOn }) });
  // A closed intake's page takes no application, nor a shortlisted or decided application a change, nor one
  // from someone holding a place on another intake, unless it is answering one sent as that happened: the
  // form then keeps what was typed.
  const notice = result ? null : page.closedOn ? t("apply.closed", { date: page.closedOn }) : page.holdsPlace ? t("apply.errors.holdsPlace") : null;
  const fixed = result ? null : page.fixed;
  const qualification = QUALIFICATION_STATES.map((q) => ({ value: q, label: t(`apply.qualification.${q}`) }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{page.intake.university}</span>
        <h1 className="govuk-heading-l">{t("apply.title", { intake: page.intake.name })}</h1>
        <h2 className="govuk-heading-s">{t("apply.criteria")}</h2>
        <p className="govuk-body">{page.intake.criteria}</p>
        {fixed ? (
          <>
            <div className="govuk-inset-text">{t(`apply.fixed.${fixed.reason}`)}</div>
            <SummaryList rows={fixed.answers} />
          </>
        ) : notice ? (
          <p className="govuk-body">{notice}</p>
        ) : (
          <>
            <p className="govuk-body">{page.rules}</p>
            <Form method="post" {...getFormProps(form)} noValidate>
              <Textarea {...getTextareaProps(fields.statement)} key={fields.statement.key} id={fields.statement.id} name={fields.statement.name} label={t("apply.statement")} hint={t("apply.statementHint")} rows={8} error={firstError(t, fields.statement)} />
              <Field {...getInputProps(fields.currentRole, { type: "text" })} key={fields.currentRole.key} id={fields.currentRole.id} name={fields.currentRole.name} label={t("apply.role")} error={firstError(t, fields.currentRole)} />
              <Field {...getInputProps(fields.serviceMonths, { type: "text" })} key={fields.serviceMonths.key} id={fields.serviceMonths.id} name={fields.serviceMonths.name} label={t("apply.service")} hint={t("apply.serviceHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.serviceMonths)} />
              <Radios id={fields.english.id} name={fields.english.name} legend={t("apply.english")} error={firstError(t, fields.english)} defaultValue={fields.english.initialValue as string | undefined} options={qualification} />
              <Radios id={fields.maths.id} name={fields.maths.name} legend={t("apply.maths")} error={firstError(t, fields.maths)} defaultValue={fields.maths.initialValue as string | undefined} options={qualification} />
              <p className="govuk-body">{page.supportNote}</p>
              <Button>{t("apply.submit")}</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
