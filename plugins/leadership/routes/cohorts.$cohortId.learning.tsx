import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { confirmEntries, waitingOnCohort } from "../server/guided-learning.server";
import { hours, hoursCount } from "../server/report-format.server";
import { waitingEntryText } from "../wording";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const guard = (request: Request, params: LoaderFunctionArgs["params"]) => cohortGuard(request, params);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, locale, t } = await guard(request, params);
  const waiting = await waitingOnCohort(cohort.id);
  return {
    title: t("confirmLearning.title"),
    cohort: { id: cohort.id, name: cohort.name },
    entries: waiting.map((e) => ({ id: e.id, name: `${e.family_name}, ${e.given_name}`, date: formatDate(e.occurred_on, locale), activity: e.activity, hours: hours(e.minutes, locale), hoursCount: hoursCount(e.minutes) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { cohort, actor } = await guard(request, params);
  const form = await readFormData(request);
  const ids = form.get("intent") === "all" ? (await waitingOnCohort(cohort.id)).map((e) => e.id) : form.getAll("entry").map((v) => parseId(String(v))).filter((id): id is number => id !== undefined);
  return data({ confirmed: await confirmEntries(cohort.id, ids, actor) });
}

export default function ConfirmLearning() {
  const { t } = useTranslation(PLUGIN_ID);
  const { cohort, entries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {result ? (
        <NotificationBanner title={t("home.outcome.title")} success>
          <p className="govuk-notification-banner__heading">{t("confirmLearning.done", { confirmed: result.confirmed })}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{cohort.name}</span>
      <h1 className="govuk-heading-l">{t("confirmLearning.title")}</h1>
      {entries.length === 0 ? (
        <p className="govuk-body">{t("confirmLearning.none")}</p>
      ) : (
        <Form method="post">
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("confirmLearning.legend", { total: entries.length })}</legend>
              <div className="govuk-checkboxes govuk-checkboxes--small">
                {entries.map((e) => (
                  <div className="govuk-checkboxes__item" key={e.id}>
                    <input className="govuk-checkboxes__input" id={`entry-${e.id}`} name="entry" type="checkbox" value={e.id} />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`entry-${e.id}`}>
                      {waitingEntryText(t, e)}
                    </label>
                  </div>
                ))}
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
