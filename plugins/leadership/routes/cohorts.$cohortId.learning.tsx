import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { describedBy, FieldMessages } from "../../../app/components/FieldMessages";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import type { Actor } from "../../../app/services/audit.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { confirmEntries, othersListed, stillWaiting, WAITING_LISTED, waitingOnCohort } from "../server/guided-learning.server";
import { hours, hoursCount } from "../server/report-format.server";
import { waitingEntryText } from "../wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => cohortGuard(request, params);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, viewer, locale, t } = await guard(request, params);
  const waiting = await waitingOnCohort(cohort.id);
  return {
    // In the programme's words: the request's translator reads the core's namespace.
    title: t(`${PLUGIN_ID}:confirmLearning.title`),
    cohort: { id: cohort.id, name: cohort.name },
    // Every entry waiting, counted: the list holds the oldest few hundred, and says so when it is cut short.
    total: waiting.total,
    listLimit: WAITING_LISTED,
    newestId: waiting.newestId,
    entries: waiting.entries.map((e) => ({ id: e.id, name: `${e.family_name}, ${e.given_name}`, date: formatDate(e.occurred_on, locale), activity: e.activity, hours: hours(e.minutes, locale), hoursCount: hoursCount(e.minutes), own: e.person_id === viewer.personId })),
  };
}

/**
 * Confirmed, with how many of the viewer's own entries "confirm them all" left for a colleague, how many
 * others were logged after the page was shown (`arrived`) and how many were waiting then but not listed,
 * past the oldest the page lists (`notListed`), each left waiting; or refused, about the entries chosen.
 */
type Outcome = { confirmed: number; ownLeft?: number; arrived?: number; notListed?: number } | { error: string };

const refuse = (error: string) => data<Outcome>({ error }, { status: 400 });

/** The ids of the entries a form names in `field`. */
const idsIn = (form: FormData, field: string) => form.getAll(field).map((v) => parseId(String(v))).filter((id): id is number => id !== undefined);

/**
 * Every entry the page listed but the viewer's own (which a colleague confirms), each only if still waiting
 * on the cohort. Only those listed (`listed`): an entry logged after the page was shown counts towards the
 * learner's hours, so it is confirmed only once someone has seen it, and one past the oldest the page lists
 * likewise; the answer says how many wait for each reason. The page's newest waiting entry (`newest`)
 * tells the two apart: only the wording depends on it.
 */
async function confirmAll(cohortId: number, form: FormData, actor: Actor) {
  const outcome = await confirmEntries(cohortId, await othersListed(cohortId, idsIn(form, "listed"), actor.personId), actor);
  if (!outcome.ok) return refuse(outcome.error);
  const left = await stillWaiting(cohortId, actor.personId, parseId(String(form.get("newest") ?? "")) ?? 0);
  return data<Outcome>({ confirmed: outcome.confirmed, ...(left.own > 0 ? { ownLeft: left.own } : {}), ...(left.arrived > 0 ? { arrived: left.arrived } : {}), ...(left.notListed > 0 ? { notListed: left.notListed } : {}) });
}

/** The entries ticked. Ticking none is an error, so the page never reports confirming nothing as done. */
async function confirmSelected(cohortId: number, form: FormData, actor: Actor) {
  const ids = idsIn(form, "entry");
  if (ids.length === 0) return refuse("confirmLearning.errors.noneSelected");
  const outcome = await confirmEntries(cohortId, ids, actor);
  return outcome.ok ? data<Outcome>({ confirmed: outcome.confirmed }) : refuse(outcome.error);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor } = await guard(request, params);
  const form = await readFormData(request);
  return form.get("intent") === "all" ? confirmAll(cohort.id, form, actor) : confirmSelected(cohort.id, form, actor);
}

export default function ConfirmLearning() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, entries, total, newestId, listLimit } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const result = outcome && "confirmed" in outcome ? outcome : undefined;
  const entryError = outcome && "error" in outcome ? t(outcome.error) : undefined;
  const firstBox = entries.find((e) => !e.own);
  // More wait than the page lists: it says so, and that "confirm them all" confirms only those listed.
  const cutShort = total > entries.length ? t("confirmLearning.cutShort", { listed: entries.length, total }) : undefined;
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={entryError ? [{ fieldId: firstBox ? `entry-${firstBox.id}` : undefined, message: entryError }] : []} />
      {result ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t("confirmLearning.done", { confirmed: result.confirmed })}</p>
          {result.ownLeft ? <p className="govuk-body">{t("confirmLearning.ownLeft", { left: result.ownLeft })}</p> : null}
          {result.arrived ? <p className="govuk-body">{t("confirmLearning.arrived", { count: result.arrived })}</p> : null}
          {result.notListed ? <p className="govuk-body">{t("confirmLearning.notListed", { count: result.notListed, listed: listLimit })}</p> : null}
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{cohort.name}</span>
      <h1 className="govuk-heading-l">{t("confirmLearning.title")}</h1>
      {entries.length === 0 ? (
        <p className="govuk-body">{t("confirmLearning.none")}</p>
      ) : (
        <Form method="post">
          {/* The newest entry waiting as the page was drawn: one logged since has a later id. */}
          <input type="hidden" name="newest" value={newestId} />
          <div className={`govuk-form-group${entryError ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" aria-describedby={describedBy("entry", cutShort, entryError).describedBy}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("confirmLearning.legend", { total })}</legend>
              <FieldMessages id="entry" hint={cutShort} error={entryError} />
              <div className="govuk-checkboxes govuk-checkboxes--small">
                {entries.map((e) =>
                  e.own ? (
                    // The viewer's own hours: shown, but with no box to tick, as a colleague confirms them.
                    <p className="govuk-body" key={e.id}>
                      {waitingEntryText(t, e)}
                      <br />
                      <span className="govuk-hint">{t("confirmLearning.ownEntry")}</span>
                    </p>
                  ) : (
                    <div className="govuk-checkboxes__item" key={e.id}>
                      {/* The entries listed: "confirm them all" confirms these, never one logged since. */}
                      <input type="hidden" name="listed" value={e.id} />
                      <input className="govuk-checkboxes__input" id={`entry-${e.id}`} name="entry" type="checkbox" value={e.id} />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`entry-${e.id}`}>
                        {waitingEntryText(t, e)}
                      </label>
                    </div>
                  ),
                )}
              </div>
            </fieldset>
          </div>
          <div className="govuk-button-group">
            <Button name="intent" value="selected">{t("confirmLearning.confirmSelected")}</Button>
            <Button name="intent" value="all" variant="secondary">{t("confirmLearning.confirmAll")}</Button>
          </div>
        </Form>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/cohorts/${cohort.id}`}>{t("register.back")}</Link>
      </p>
    </>
  );
}
