import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { Radios } from "../components/Radios";
import { ProgressionRequestSummary } from "../components/ProgressionRequestSummary";
import { Textarea } from "../components/Textarea";
import type { Actor } from "../services/audit.server";
import { recordManagerDecision, requestById, requestForManager } from "../services/progression.server";
import { progressionReview } from "../services/progression-review.server";
import { readFormData } from "../utils/form-data.server";
import { optionalText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { notFound, parseId } from "../utils/http.server";
import { pageMeta } from "../utils/meta";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";

export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

const schema = z
  .object({
    support: z.enum(["yes", "no"], { errorMap: () => ({ message: "progression.errors.support" }) }),
    note: optionalText(2000, "progression.errors.noteTooLong"),
  })
  .superRefine((v, ctx) => {
    if (v.support === "no" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "progression.errors.noteNeeded" });
  });

/** A request from someone in the manager's line that waits for them; anything else is not found. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorize(request, "team.view");
  const id = parseId(params.requestId);
  const found = id ? await requestForManager(context.viewer, id) : undefined;
  if (!id || !found) notFound();
  return { ...context, id, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, locale, found } = await load(request, params);
  return { title: t("progression.managerTitle"), waiting: found.waitingForManager, ...(await progressionReview(found, locale, t)) };
}

/** Withdrawn or decided since the page was read: what the manager wrote comes back with the reason, not a 404. */
const NO_LONGER_WAITING = "progression.errors.noLongerWaiting";

type Recorded = Pick<NonNullable<Awaited<ReturnType<typeof requestById>>>, "status" | "manager_id" | "manager_supports" | "manager_note">;

/**
 * This manager's own decision, word for word, still standing as they left it: a second send (a double
 * click, a resend) finds it done, as a second Withdraw does, rather than being told it was refused.
 */
function sentAgain(recorded: Recorded, actor: Actor, decided: z.infer<typeof schema>): boolean {
  const supports = decided.support === "yes";
  return (
    actor.personId !== null &&
    recorded.manager_id === actor.personId &&
    recorded.status === (supports ? "awaiting_panel" : "not_supported") &&
    recorded.manager_supports === (supports ? 1 : 0) &&
    recorded.manager_note === (decided.note ?? null)
  );
}

const decidedUrl = (status: string) => `/team?progression=${status}`;

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, id, found } = await load(request, params);
  const submission = parseWithZod(await readFormData(request), { schema });
  const noLongerWaiting = () => data(submission.reply({ formErrors: [NO_LONGER_WAITING] }), { status: 409 });
  if (!found.waitingForManager) {
    if (submission.status === "success" && sentAgain(found, actor, submission.value)) throw redirect(decidedUrl(found.status));
    return noLongerWaiting();
  }
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await recordManagerDecision(actor, id, submission.value.support === "yes", submission.value.note ?? null);
  if (outcome.ok) throw redirect(decidedUrl(outcome.status));
  // Saved meanwhile by the first of two sends that both read the page while it waited.
  const now = await requestById(id);
  if (now && sentAgain(now, actor, submission.value)) throw redirect(decidedUrl(now.status));
  return noLongerWaiting();
}

export default function ManagerDecision() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "support", lastResult });
  const errors = summaryItems(t, [fields.support, fields.note], form.errors);
  const r = page.request;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("progression.managerTitle")}</h1>
        <ProgressionRequestSummary request={r} requirements={page.requirements} closeness={page.closeness} />
        {!page.waiting && !lastResult ? (
          <p className="govuk-body">{t("progression.noLongerWaiting")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
            <Radios
              id={fields.support.id}
              name={fields.support.name}
              legend={t("progression.supportLegend", { name: r.name })}
              error={firstError(t, fields.support)}
              defaultValue={fields.support.initialValue as string | undefined}
              options={[
                { value: "yes", label: t("progression.supportYes") },
                { value: "no", label: t("progression.supportNo") },
              ]}
            />
            <Textarea {...getTextareaProps(fields.note)} key={fields.note.key} id={fields.note.id} name={fields.note.name} label={t("progression.note")} hint={t("progression.managerNoteHint")} error={firstError(t, fields.note)} />
            <Button>{t("progression.submit")}</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
