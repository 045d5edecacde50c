import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { completionSchema, unitResultSchema } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import { completionOf, learnerOnCohort, recordCompletion, recordUnitResult, unitResultsOf } from "../server/learner.server";
import { progressOf, units } from "../server/progress.server";
import { hours } from "../server/report-format.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

async function guard(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const cohortId = parseId(params.cohortId);
  const enrolmentId = parseId(params.enrolmentId);
  const learner = cohortId && enrolmentId ? await learnerOnCohort(cohortId, enrolmentId) : undefined;
  if (!learner) notFound();
  return { ...context, learner };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { learner, locale } = await guard(request, params);
  const [progress, allUnits, results, completion] = await Promise.all([progressOf([learner.id]), units(), unitResultsOf(learner.id), completionOf(learner.id)]);
  const p = progress.get(learner.id)!;
  return {
    title: `${learner.given_name} ${learner.family_name}`,
    learner: { id: learner.id, name: `${learner.given_name} ${learner.family_name}`, employee: learner.employee_number, cohortId: learner.cohort_id, cohort: learner.cohort_name },
    progress: { attended: p.attended, required: p.required, guided: hours(p.guidedMinutes, locale), guidedMet: p.guidedMinutes >= p.guidedTarget * 60, target: p.guidedTarget, unitsPassed: p.unitsPassed, unitsTotal: p.unitsTotal, complete: p.complete },
    units: allUnits.map((u) => {
      const r = results.find((x) => x.unit_id === u.id);
      return { id: u.id, title: u.title, result: r?.result ?? null, submittedOn: r?.submitted_on ?? "", submitted: r ? formatDate(r.submitted_on, locale) : "", feedback: r?.feedback ?? "" };
    }),
    completion: completion ? { on: formatDate(completion.completed_on, locale), ilm: completion.ilm_registration, certificate: completion.certificate_number } : null,
  };
}

type Outcome = { ok: true; message: string } | { ok: false; form: "unit" | "completion"; unit?: number; errors: Record<string, string[]>; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { learner, actor } = await guard(request, params);
  const formData = await readFormData(request);
  if (formData.get("intent") === "unit") {
    const submission = parseWithZod(formData, { schema: unitResultSchema });
    const unit = parseId(String(formData.get("unit") ?? ""));
    if (submission.status !== "success") return data<Outcome>({ ok: false, form: "unit", unit, errors: submission.error as Record<string, string[]> }, { status: 400 });
    const saved = await recordUnitResult(learner, submission.value.unit, { submittedOn: submission.value.submittedOn, result: submission.value.result, feedback: submission.value.feedback || null }, actor);
    if (!saved) return data<Outcome>({ ok: false, form: "unit", unit, errors: { unit: ["learner.errors.unit"] } }, { status: 400 });
    return data<Outcome>({ ok: true, message: "learner.unitSaved" });
  }
  const submission = parseWithZod(formData, { schema: completionSchema });
  if (submission.status !== "success") return data<Outcome>({ ok: false, form: "completion", errors: submission.error as Record<string, string[]> }, { status: 400 });
  const result = await recordCompletion(learner, submission.value, actor);
  if (!result.ok) return data<Outcome>({ ok: false, form: "completion", errors: {}, formError: result.error }, { status: 400 });
  return data<Outcome>({ ok: true, message: "learner.completed" });
}

const RESULT_COLOUR = { pass: "green", refer: "yellow", fail: "red" } as const;

export default function Learner() {
  const { t } = useTranslation(PLUGIN_ID);
  const { learner, progress, units, completion } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const failed = outcome && !outcome.ok ? outcome : undefined;
  const fieldId = (form: "unit" | "completion", name: string, unit?: number) => (form === "unit" ? `unit-${unit}-${name}` : `completion-${name}`);
  const summary = failed
    ? [
        ...Object.entries(failed.errors).map(([name, keys]) => ({ fieldId: fieldId(failed.form, name, failed.unit), message: t(keys[0]) })),
        ...(failed.formError ? [{ message: t(failed.formError) }] : []),
      ]
    : [];
  const errorFor = (form: "unit" | "completion", name: string, unit?: number) => (failed && failed.form === form && (form === "completion" || failed.unit === unit) ? failed.errors[name]?.[0] : undefined);
  const tick = (met: boolean) => (met ? <Tag colour="green">{t("learner.met")}</Tag> : <Tag colour="grey">{t("learner.notYet")}</Tag>);
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={summary} />
      {outcome?.ok ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t(outcome.message)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{learner.cohort}</span>
      <h1 className="govuk-heading-l">{learner.name}</h1>
      <h2 className="govuk-heading-m">{t("learner.progress")}</h2>
      <SummaryList
        rows={[
          { key: "sessions", label: t("learner.sessions"), value: <>{tick(progress.attended >= progress.required)} {t("learner.sessionsValue", { attended: progress.attended, required: progress.required })}</> },
          { key: "guided", label: t("learning.guided"), value: <>{tick(progress.guidedMet)} {t("learner.guidedValue", { hours: progress.guided, target: progress.target })}</> },
          { key: "units", label: t("learner.units"), value: <>{tick(progress.unitsPassed >= progress.unitsTotal)} {t("learner.unitsValue", { passed: progress.unitsPassed, total: progress.unitsTotal })}</> },
        ]}
      />
      <h2 className="govuk-heading-m">{t("learner.unitsHeading")}</h2>
      {units.map((u) => (
        <Form method="post" key={u.id} noValidate className="pathways-widget">
          <h3 className="govuk-heading-s">
            {u.title} {u.result ? <Tag colour={RESULT_COLOUR[u.result]}>{t(`learner.results.${u.result}`)}</Tag> : null}
          </h3>
          <input type="hidden" name="intent" value="unit" />
          <input type="hidden" name="unit" value={u.id} />
          <Field id={`unit-${u.id}-submittedOn`} name="submittedOn" type="date" label={t("learner.submittedOn")} defaultValue={u.submittedOn} error={errorFor("unit", "submittedOn", u.id) ? t(errorFor("unit", "submittedOn", u.id)!) : undefined} />
          <Select id={`unit-${u.id}-result`} name="result" label={t("learner.result")} emptyLabel={t("learner.chooseResult")} options={(["pass", "refer", "fail"] as const).map((r) => ({ value: r, label: t(`learner.results.${r}`) }))} defaultValue={u.result ?? ""} error={errorFor("unit", "result", u.id) ? t(errorFor("unit", "result", u.id)!) : undefined} />
          <Field id={`unit-${u.id}-feedback`} name="feedback" label={t("learner.feedback")} defaultValue={u.feedback} error={errorFor("unit", "feedback", u.id) ? t(errorFor("unit", "feedback", u.id)!) : undefined} />
          <Button variant="secondary">{t("learner.saveUnit")}<span className="govuk-visually-hidden">: {u.title}</span></Button>
        </Form>
      ))}
      <h2 className="govuk-heading-m">{t("learner.completionHeading")}</h2>
      {completion ? (
        <SummaryList
          rows={[
            { key: "on", label: t("learner.completedOn"), value: completion.on },
            { key: "ilm", label: t("learner.ilmRegistration"), value: completion.ilm },
            { key: "cert", label: t("learner.certificateNumber"), value: completion.certificate },
          ]}
        />
      ) : (
        <>
          <p className="govuk-body">{t(progress.complete ? "learner.readyToComplete" : "learner.notReady")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="complete" />
            <Field id="completion-ilmRegistration" name="ilmRegistration" label={t("learner.ilmRegistration")} className="govuk-input--width-20" error={errorFor("completion", "ilmRegistration") ? t(errorFor("completion", "ilmRegistration")!) : undefined} />
            <Field id="completion-certificateNumber" name="certificateNumber" label={t("learner.certificateNumber")} className="govuk-input--width-20" error={errorFor("completion", "certificateNumber") ? t(errorFor("completion", "certificateNumber")!) : undefined} />
            <Button>{t("learner.recordCompletion")}</Button>
          </Form>
        </>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${learner.cohortId}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}
