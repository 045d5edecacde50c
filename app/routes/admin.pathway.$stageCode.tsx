import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { Field } from "../components/Field";
import { Checkboxes, Radios } from "../components/Radios";
import { SummaryList } from "../components/SummaryList";
import { stageForEditing, updateStage, type StageShown } from "../services/pathway-admin.server";
import { readFormData } from "../utils/form-data.server";
import { requiredText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

export const meta = pageMeta;
// After "out of date" (409) the page is read again, with JavaScript too, so it lists the requirements and
// carries the stage's last save as they are now.
export const shouldRevalidate = revalidateOnConflict;

const whole = (min: number, max: number, message: string) => z.string({ required_error: message }).regex(/^\d{1,4}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

const schema = z.object({
  nameEn: requiredText("pathwayAdmin.errors.nameEn", 100, "pathwayAdmin.errors.nameTooLong"),
  nameCy: requiredText("pathwayAdmin.errors.nameCy", 100, "pathwayAdmin.errors.nameTooLong"),
  position: whole(1, 1000, "pathwayAdmin.errors.position"),
  track: z.enum(["main", "side"], { errorMap: () => ({ message: "pathwayAdmin.errors.track" }) }),
  // Blank means the stage asks for no years since qualifying (it is not a qualified stage).
  minYears: whole(0, 50, "pathwayAdmin.errors.minYears").optional(),
  requirements: z.array(z.string().max(200, "pathwayAdmin.errors.requirement")).max(100, "pathwayAdmin.errors.requirement").optional(),
});

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "pathway.manage");
  const code = params.stageCode ?? "";
  const found = /^[a-z_]{1,50}$/.test(code) ? await stageForEditing(code, context.locale) : undefined;
  if (!found) notFound();
  return { ...context, code, found };
}

type Editing = NonNullable<Awaited<ReturnType<typeof stageForEditing>>>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  const name = locale === "cy" ? found.stage.name_cy : found.stage.name_en;
  return {
    title: t("pathwayAdmin.editTitle", { stage: name }),
    name,
    stage: { nameEn: found.stage.name_en, nameCy: found.stage.name_cy, position: String(found.stage.position), track: found.stage.track, minYears: found.stage.min_years === null ? "" : String(found.stage.min_years) },
    requirements: found.requirements,
    // Sent back with the form (hidden fields), so a save is checked against the page that was read.
    savedAt: found.stage.updated_at,
  };
}

/** The hidden fields saying what the page showed: the stage's last save, and each requirement listed. */
const SHOWN_SAVED_AT = "shownSavedAt";
const SHOWN_REQUIREMENTS = "shownRequirements";

/** Another admin saved the stage after this page was read. */
const SAVED_MEANWHILE = "pathwayAdmin.errors.savedMeanwhile";
/** A programme was switched on or off after this page was read, so it lists other requirements than there are. */
const REQUIREMENTS_CHANGED = "pathwayAdmin.errors.requirementsChanged";
/** Sent from a page drawn before the form said what it showed. */
const PAGE_OUT_OF_DATE = "pathwayAdmin.errors.pageOutOfDate";

/**
 * What the page showed, as its hidden fields sent it back; undefined where the form lacks them. The core's
 * requirements are always listed, so a form listing none lacks them too.
 */
function shownOf(form: FormData): StageShown | undefined {
  const savedAt = form.get(SHOWN_SAVED_AT);
  const requirementKeys = form.getAll(SHOWN_REQUIREMENTS).filter((key): key is string => typeof key === "string");
  return typeof savedAt === "string" && savedAt !== "" && requirementKeys.length > 0 ? { savedAt, requirementKeys } : undefined;
}

const sameKeys = (a: string[], b: string[]) => new Set(a).size === new Set(b).size && b.every((key) => a.includes(key));

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : []);

/** Why a form cannot be saved as sent, as the stage and its requirements stand now; none when it can. */
function outOfDate(shown: StageShown, now: Editing) {
  if (shown.savedAt !== now.stage.updated_at) return SAVED_MEANWHILE;
  if (!sameKeys(shown.requirementKeys, now.requirements.map((r) => r.key))) return REQUIREMENTS_CHANGED;
  return undefined;
}

/**
 * The answer to a form refused as out of date: what was typed and ticked comes back, while the hidden
 * fields now carry the stage as it is (the next save is checked against that). A requirement the page did
 * not list shows ticked as the stage has it now: unticked, sending the form again would take it off.
 */
function keptOnThePageAsNow(reply: SubmissionResult<string[]>, now: Editing, shown: StageShown | undefined) {
  const listed = new Set(shown?.requirementKeys ?? []);
  const ticked = new Set(listOf(reply.initialValue?.requirements));
  const requirements = now.requirements.filter((r) => ticked.has(r.key) || (!listed.has(r.key) && r.included)).map((r) => r.key);
  return { ...reply, initialValue: { ...reply.initialValue, requirements, [SHOWN_SAVED_AT]: now.stage.updated_at, [SHOWN_REQUIREMENTS]: now.requirements.map((r) => r.key) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, code, locale, found } = await load(request, params);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema });
  const shown = shownOf(form);
  const refused = (error: string, now: Editing) => data(keptOnThePageAsNow(submission.reply({ formErrors: [error] }), now, shown), { status: 409 });
  // Checked before what was typed, so anything wrong with that is put right on the page as it is now.
  if (!shown) return refused(PAGE_OUT_OF_DATE, found);
  const stale = outOfDate(shown, found);
  if (stale) return refused(stale, found);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const available = new Set(found.requirements.map((r) => r.key));
  const keys = [...new Set(submission.value.requirements ?? [])];
  if (keys.some((k) => !available.has(k))) return data(submission.reply({ fieldErrors: { requirements: ["pathwayAdmin.errors.requirement"] } }), { status: 400 });
  const { nameEn, nameCy, position, track, minYears } = submission.value;
  const saved = await updateStage(actor, code, { nameEn, nameCy, position, track, minYears: minYears ?? null, requirementKeys: keys }, shown);
  if (!saved.ok) {
    // Saved by another admin between the check above and this save.
    const now = await stageForEditing(code, locale);
    if (!now) notFound();
    return refused(SAVED_MEANWHILE, now);
  }
  throw redirect(`/admin/pathway?saved=${code}`);
}

export default function EditStage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "stage", lastResult, defaultValue: { ...page.stage, requirements: page.requirements.filter((r) => r.included).map((r) => r.key) } });
  const errors = summaryItems(t, [fields.nameEn, fields.nameCy, fields.position, fields.track, fields.minYears, fields.requirements], form.errors);
  // After a post, the form as the action answered it: as sent when refused for what was typed, and after
  // "out of date" carrying the stage as it is now (see keptOnThePageAsNow). Read from the answer itself, as
  // the form's own initial values are kept from its first drawing when JavaScript runs.
  const sent = lastResult?.initialValue;
  const chosen = sent ? listOf(sent.requirements) : page.requirements.filter((r) => r.included).map((r) => r.key);
  const shownSavedAt = sent ? sent[SHOWN_SAVED_AT] : page.savedAt;
  const shownRequirements = sent ? listOf(sent[SHOWN_REQUIREMENTS]) : page.requirements.map((r) => r.key);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("pathwayAdmin.editTitle", { stage: page.name })}</h1>
        {form.errors?.includes(SAVED_MEANWHILE) ? <SavedNow page={page} /> : null}
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={SHOWN_SAVED_AT} value={typeof shownSavedAt === "string" ? shownSavedAt : ""} />
          {shownRequirements.map((key) => (
            <input key={key} type="hidden" name={SHOWN_REQUIREMENTS} value={key} />
          ))}
          <Field {...getInputProps(fields.nameEn, { type: "text" })} key={fields.nameEn.key} id={fields.nameEn.id} name={fields.nameEn.name} label={t("pathwayAdmin.nameEn")} error={firstError(t, fields.nameEn)} />
          <Field {...getInputProps(fields.nameCy, { type: "text" })} key={fields.nameCy.key} id={fields.nameCy.id} name={fields.nameCy.name} label={t("pathwayAdmin.nameCy")} lang="cy" error={firstError(t, fields.nameCy)} />
          <Field {...getInputProps(fields.position, { type: "text" })} key={fields.position.key} id={fields.position.id} name={fields.position.name} label={t("pathwayAdmin.position")} hint={t("pathwayAdmin.positionHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.position)} />
          <Radios
            id={fields.track.id}
            name={fields.track.name}
            legend={t("pathwayAdmin.track")}
            error={firstError(t, fields.track)}
            defaultValue={fields.track.initialValue as string | undefined}
            inline
            options={[
              { value: "main", label: t("pathwayAdmin.tracks.main") },
              { value: "side", label: t("pathwayAdmin.tracks.side") },
            ]}
          />
          <Field {...getInputProps(fields.minYears, { type: "text" })} key={fields.minYears.key} id={fields.minYears.id} name={fields.minYears.name} label={t("pathwayAdmin.minYears")} hint={t("pathwayAdmin.minYearsHint")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.minYears)} />
          <Checkboxes
            id={fields.requirements.id}
            name={fields.requirements.name}
            legend={t("pathwayAdmin.requirements")}
            hint={t("pathwayAdmin.requirementsHint")}
            error={firstError(t, fields.requirements)}
            defaultValues={chosen}
            options={page.requirements.map((r) => ({ value: r.key, label: r.label }))}
          />
          <Button>{t("pathwayAdmin.save")}</Button>
        </Form>
      </div>
    </div>
  );
}

/** The stage as another admin saved it while this page was open, beside what this admin typed below. */
function SavedNow({ page }: { page: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation();
  const requirements = page.requirements.filter((r) => r.included).map((r) => r.label);
  return (
    <>
      <h2 className="govuk-heading-m">{t("pathwayAdmin.savedNow")}</h2>
      <SummaryList
        rows={[
          { key: "nameEn", label: t("pathwayAdmin.nameEn"), value: page.stage.nameEn },
          { key: "nameCy", label: t("pathwayAdmin.nameCy"), value: <span lang="cy">{page.stage.nameCy}</span> },
          { key: "position", label: t("pathwayAdmin.position"), value: page.stage.position },
          { key: "track", label: t("pathwayAdmin.track"), value: t(`pathwayAdmin.tracks.${page.stage.track}`) },
          { key: "minYears", label: t("pathwayAdmin.minYears"), value: page.stage.minYears || t("pathwayAdmin.noMinYears") },
          { key: "requirements", label: t("pathwayAdmin.requirements"), value: requirements.join("; ") || t("pathway.noRequirements") },
        ]}
      />
    </>
  );
}
