import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Tag } from "../../../app/components/Tag";
import type { Actor } from "../../../app/services/audit.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { completionSchema, unitResultSchema } from "../guided-learning-form";
import { unitTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { completionOf, learnerOnCohort, recordCompletion, recordUnitResult, unitResultsOf } from "../server/learner.server";
import { progressOf, units } from "../server/progress.server";
import { hours } from "../server/report-format.server";
import { learnerGuidedText } from "../wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

async function guard(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const cohortId = parseId(params.cohortId);
  const enrolmentId = parseId(params.enrolmentId);
  // A withdrawn learner's page is still found, read-only: a completion refused because the place was
  // withdrawn meanwhile is then shown on it, with or without JavaScript, rather than "Page not found".
  const learner = cohortId && enrolmentId ? await learnerOnCohort(cohortId, enrolmentId, { withdrawn: true }) : undefined;
  if (!learner) notFound();
  // Nobody records their own Level 5 results: an L&D member with a place leaves theirs to a colleague.
  return { ...context, learner, own: learner.person_id === context.viewer.personId, holdsPlace: learner.status !== "withdrawn" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { learner, own, holdsPlace, locale } = await guard(request, params);
  const [progress, allUnits, results, completion] = await Promise.all([progressOf([learner.id]), units(), unitResultsOf(learner.id), completionOf(learner.id)]);
  const p = progress.get(learner.id)!;
  const t = fixedT(locale, PLUGIN_ID);
  return {
    title: `${learner.given_name} ${learner.family_name}`,
    own,
    holdsPlace,
    learner: { id: learner.id, name: `${learner.given_name} ${learner.family_name}`, employee: learner.employee_number, cohortId: learner.cohort_id, cohort: learner.cohort_name },
    progress: { attended: p.attended, required: p.required, guided: hours(p.guidedMinutes, locale), guidedMet: p.guidedMinutes >= p.guidedTarget * 60, target: p.guidedTarget, unitsPassed: p.unitsPassed, unitsTotal: p.unitsTotal, complete: p.complete },
    units: allUnits.map((u) => {
      const r = results.find((x) => x.unit_id === u.id);
      return { id: u.id, title: unitTitleIn(t, u.title), result: r?.result ?? null, submittedOn: r?.submitted_on ?? "", submitted: r ? formatDate(r.submitted_on, locale) : "", feedback: r?.feedback ?? "" };
    }),
    completion: completion ? { on: formatDate(completion.completed_on, locale), ilm: completion.ilm_registration, certificate: completion.certificate_number } : null,
  };
}

const UNIT_FIELDS = ["submittedOn", "result", "feedback"] as const;
const COMPLETION_FIELDS = ["ilmRegistration", "certificateNumber"] as const;
type UnitField = (typeof UNIT_FIELDS)[number];
type CompletionField = (typeof COMPLETION_FIELDS)[number];
type Errors = Record<string, string[]>;

/** A refused form: its errors by field, an error that belongs to no field, and the fields as typed. */
type RefusedUnit = { ok: false; form: "unit"; unit?: number; errors: Errors; formError?: string; values: Record<UnitField, string> };
type RefusedCompletion = { ok: false; form: "completion"; errors: Errors; formError?: string; values: Record<CompletionField, string> };
type Outcome = { ok: true; message: string } | RefusedUnit | RefusedCompletion;
type Learner = Awaited<ReturnType<typeof guard>>["learner"];

/** The named fields as typed, so a page re-rendered without JavaScript shows them again. */
function typed<Name extends string>(formData: FormData, names: readonly Name[]): Record<Name, string> {
  const text = (name: Name) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  return Object.fromEntries(names.map((name) => [name, text(name)])) as Record<Name, string>;
}

/**
 * Errors about the form's own fields, by field; any other (a unit that is not a number) has no field to
 * stand beside or link to, so it becomes the form's error.
 */
function splitErrors(error: Record<string, string[] | null> | null, fields: readonly string[]): { errors: Errors; formError?: string } {
  const errors: Errors = {};
  let formError: string | undefined;
  for (const [name, keys] of Object.entries(error ?? {})) {
    if (!keys?.length) continue;
    if (fields.includes(name)) errors[name] = keys;
    else formError ??= keys[0];
  }
  return { errors, formError };
}

async function saveUnitResult(learner: Learner, formData: FormData, actor: Actor) {
  const submission = parseWithZod(formData, { schema: unitResultSchema });
  const refuse = (found: { errors: Errors; formError?: string }, status = 400) =>
    data<Outcome>({ ok: false, form: "unit", unit: parseId(String(formData.get("unit") ?? "")), ...found, values: typed(formData, UNIT_FIELDS) }, { status });
  if (submission.status !== "success") return refuse(splitErrors(submission.error, UNIT_FIELDS));
  const saved = await recordUnitResult(learner, submission.value.unit, { submittedOn: submission.value.submittedOn, result: submission.value.result, feedback: submission.value.feedback || null }, actor);
  if (saved === "noUnit") return refuse({ errors: {}, formError: "learner.errors.unit" });
  // Withdrawn since the page was read: the core's 409, "changed meanwhile".
  if (saved === "noPlace") return refuse({ errors: {}, formError: "learner.errors.noPlace" }, 409);
  return data<Outcome>({ ok: true, message: "learner.unitSaved" });
}

/** A certificate number someone else holds is about that field; the other refusals are about the learner. */
function completionRefusal(error: string): { errors: Errors; formError?: string } {
  return error === "learner.errors.certificateTaken" ? { errors: { certificateNumber: [error] } } : { errors: {}, formError: error };
}

/**
 * A completion a colleague recorded first, or a place withdrawn since the page was read, is the core's 409,
 * "changed by someone else meanwhile": nothing typed was wrong. The other refusals are about what was sent
 * (a certificate number already in use, the requirements not met), so 400.
 */
const completionRefusalStatus = (error: string) => (error === "learner.errors.already" || error === "learner.errors.noPlace" ? 409 : 400);

async function complete(learner: Learner, formData: FormData, t: TFunction, actor: Actor) {
  const submission = parseWithZod(formData, { schema: completionSchema });
  const refuse = (found: { errors: Errors; formError?: string }, status = 400) => data<Outcome>({ ok: false, form: "completion", ...found, values: typed(formData, COMPLETION_FIELDS) }, { status });
  if (submission.status !== "success") return refuse(splitErrors(submission.error, COMPLETION_FIELDS));
  const result = await recordCompletion(learner, submission.value, actor);
  if (!result.ok) return refuse(completionRefusal(result.error), completionRefusalStatus(result.error));
  return data<Outcome>({ ok: true, message: "learner.completed" });
}

/**
 * A unit result or completion refused whichever form it came from: for the viewer's own place (400), or
 * for a place withdrawn since the page was read (the core's 409, "changed meanwhile").
 */
function refuseRecord(formData: FormData, formError: "learner.errors.own" | "learner.errors.noPlace", status: 400 | 409) {
  if (formData.get("intent") === "unit") return data<Outcome>({ ok: false, form: "unit", unit: parseId(String(formData.get("unit") ?? "")), errors: {}, formError, values: typed(formData, UNIT_FIELDS) }, { status });
  return data<Outcome>({ ok: false, form: "completion", errors: {}, formError, values: typed(formData, COMPLETION_FIELDS) }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { learner, own, holdsPlace, actor, t } = await guard(request, params);
  const formData = await readFormData(request);
  if (own) return refuseRecord(formData, "learner.errors.own", 400);
  if (!holdsPlace) return refuseRecord(formData, "learner.errors.noPlace", 409);
  return formData.get("intent") === "unit" ? saveUnitResult(learner, formData, actor) : complete(learner, formData, t, actor);
}

const RESULT_COLOUR = { pass: "green", refer: "yellow", fail: "red" } as const;

type UnitView = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];

const unitFieldId = (unitId: number | undefined, name: string) => `unit-${unitId}-${name}`;
const completionFieldId = (name: string) => `completion-${name}`;

/**
 * The summary of a refused form, its fields in page order. Links go only to fields on the page: a form
 * for a unit that does not exist, or a completion already recorded, has none.
 */
function summaryOf(t: TFunction, refused: RefusedUnit | RefusedCompletion, formShown: boolean) {
  const fields: readonly string[] = refused.form === "unit" ? UNIT_FIELDS : COMPLETION_FIELDS;
  const fieldId = (name: string) => (!formShown ? undefined : refused.form === "unit" ? unitFieldId(refused.unit, name) : completionFieldId(name));
  const items = fields.filter((name) => refused.errors[name]?.length).map((name) => ({ fieldId: fieldId(name), message: t(refused.errors[name][0]) }));
  return refused.formError ? [...items, { message: t(refused.formError) }] : items;
}

function errorOf(t: TFunction, refused: { errors: Errors } | undefined, name: string) {
  const key = refused?.errors[name]?.[0];
  return key ? t(key) : undefined;
}

/** One unit's result. Refused, it shows what was typed rather than what is saved, so nothing is lost. */
function UnitResultForm({ unit, refused }: { unit: UnitView; refused?: RefusedUnit }) {
  const { t } = useTranslation(PLUGIN_ID);
  const shown = refused?.values ?? { submittedOn: unit.submittedOn, result: unit.result ?? "", feedback: unit.feedback };
  return (
    <Form method="post" noValidate className="pathways-widget">
      <h3 className="govuk-heading-s">
        {unit.title} {unit.result ? <Tag colour={RESULT_COLOUR[unit.result]}>{t(`learner.results.${unit.result}`)}</Tag> : null}
      </h3>
      <input type="hidden" name="intent" value="unit" />
      <input type="hidden" name="unit" value={unit.id} />
      <Field id={unitFieldId(unit.id, "submittedOn")} name="submittedOn" type="date" label={t("learner.submittedOn")} defaultValue={shown.submittedOn} error={errorOf(t, refused, "submittedOn")} />
      <Select id={unitFieldId(unit.id, "result")} name="result" label={t("learner.result")} emptyLabel={t("learner.chooseResult")} options={(["pass", "refer", "fail"] as const).map((r) => ({ value: r, label: t(`learner.results.${r}`) }))} defaultValue={shown.result} error={errorOf(t, refused, "result")} />
      <Field id={unitFieldId(unit.id, "feedback")} name="feedback" label={t("learner.feedback")} defaultValue={shown.feedback} error={errorOf(t, refused, "feedback")} />
      <Button variant="secondary">{t("learner.saveUnit")}<span className="govuk-visually-hidden">: {unit.title}</span></Button>
    </Form>
  );
}

/** The unit results as they stand, without forms: what the viewer sees of their own record. */
function UnitResults({ units }: { units: UnitView[] }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <SummaryList
      rows={units.map((u) => ({
        key: String(u.id),
        label: u.title,
        value: u.result ? <><Tag colour={RESULT_COLOUR[u.result]}>{t(`learner.results.${u.result}`)}</Tag> {u.submitted}</> : t("learner.notYet"),
      }))}
    />
  );
}

/**
 * A completion refused because a colleague recorded one first: the form is gone, so the numbers typed are
 * shown read-only beside the recorded ones, to be checked against them rather than lost.
 */
function TypedNotRecorded({ refused, explanation = "learner.typedNotRecorded" }: { refused: RefusedCompletion; explanation?: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <div className="govuk-inset-text">
      <h3 className="govuk-heading-s">{t("learner.typedHeading")}</h3>
      <p className="govuk-body">{t(explanation)}</p>
      <SummaryList
        rows={[
          { key: "ilm", label: t("learner.ilmRegistration"), value: refused.values.ilmRegistration },
          { key: "cert", label: t("learner.certificateNumber"), value: refused.values.certificateNumber },
        ]}
      />
    </div>
  );
}

function CompletionForm({ refused }: { refused?: RefusedCompletion }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="complete" />
      <Field id={completionFieldId("ilmRegistration")} name="ilmRegistration" label={t("learner.ilmRegistration")} className="govuk-input--width-20" defaultValue={refused?.values.ilmRegistration} error={errorOf(t, refused, "ilmRegistration")} />
      <Field id={completionFieldId("certificateNumber")} name="certificateNumber" label={t("learner.certificateNumber")} className="govuk-input--width-20" defaultValue={refused?.values.certificateNumber} error={errorOf(t, refused, "certificateNumber")} />
      <Button>{t("learner.recordCompletion")}</Button>
    </Form>
  );
}

export default function Learner() {
  const { t } = useTranslation(PLUGIN_ID);
  const { learner, own, holdsPlace, progress, units, completion } = useLoaderData<typeof loader>();
  // Their own place, or a place withdrawn: the record is shown as it stands, without forms.
  const readOnly = own || !holdsPlace;
  const outcome = useActionData<typeof action>();
  const failed = outcome && !outcome.ok ? outcome : undefined;
  const refusedUnit = failed?.form === "unit" ? failed : undefined;
  const refusedCompletion = failed?.form === "completion" ? failed : undefined;
  const formShown = !readOnly && (refusedUnit ? units.some((u) => u.id === refusedUnit.unit) : !completion);
  const summary = failed ? summaryOf(t, failed, formShown) : [];
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
          { key: "guided", label: t("learning.guided"), value: <>{tick(progress.guidedMet)} {learnerGuidedText(t, progress)}</> },
          { key: "units", label: t("learner.units"), value: <>{tick(progress.unitsPassed >= progress.unitsTotal)} {t("learner.unitsValue", { passed: progress.unitsPassed, total: progress.unitsTotal })}</> },
        ]}
      />
      {own ? <div className="govuk-inset-text">{t("learner.ownRecord")}</div> : null}
      {!holdsPlace ? <div className="govuk-inset-text">{t("learner.withdrawnRecord")}</div> : null}
      <h2 className="govuk-heading-m">{t("learner.unitsHeading")}</h2>
      {readOnly ? (
        <UnitResults units={units} />
      ) : (
        units.map((u) => <UnitResultForm key={u.id} unit={u} refused={refusedUnit?.unit === u.id ? refusedUnit : undefined} />)
      )}
      <h2 className="govuk-heading-m">{t("learner.completionHeading")}</h2>
      {completion ? (
        <>
          <SummaryList
            rows={[
              { key: "on", label: t("learner.completedOn"), value: completion.on },
              { key: "ilm", label: t("learner.ilmRegistration"), value: completion.ilm },
              { key: "cert", label: t("learner.certificateNumber"), value: completion.certificate },
            ]}
          />
          {refusedCompletion ? <TypedNotRecorded refused={refusedCompletion} /> : null}
        </>
      ) : (
        <>
          <p className="govuk-body">{t(progress.complete ? "learner.readyToComplete" : "learner.notReady")}</p>
          {readOnly ? (refusedCompletion ? <TypedNotRecorded refused={refusedCompletion} explanation="learner.typedNotRecordedNoForm" /> : null) : <CompletionForm refused={refusedCompletion} />}
        </>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${learner.cohortId}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}
