import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound } from "../../../app/utils/http.server";
import { pageMeta } from "../../../app/utils/meta";
import { PLUGIN_ID } from "../programme";
import { runById } from "../server/catalogue.server";
import { completeLearners, rosterOfRun } from "../server/learners.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

async function runContext(request: Request, params: LoaderFunctionArgs["params"]) {
  const context = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const run = params.runId ? await runById(params.runId) : undefined;
  if (!run) notFound();
  return { ...context, run };
}

/** A run's learners for L&D: who attended and completed; completing writes their CPD hours. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, run } = await runContext(request, params);
  const roster = await rosterOfRun(run);
  return {
    title: t("research-in-practice:run.title", { course: run.title, date: formatDate(run.starts_on, locale) }),
    run: { course: run.title, courseId: run.course_id, date: formatDate(run.starts_on, locale), venue: run.venue, capacity: run.capacity },
    learners: roster.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, employee: r.employee_number, status: r.status, position: r.waitlist_position })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, run } = await runContext(request, params);
  const chosen = (await readFormData(request)).getAll("learner").map((v) => Number(v)).filter(Number.isInteger);
  return { completed: await completeLearners(run, chosen, actor) };
}

export default function RunPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const enrolled = page.learners.filter((l) => l.status === "enrolled");
  return (
    <>
      <SuccessBanner title={t("course.doneTitle")} message={result && t("run.completed", { count: result.completed })} />
      <span className="govuk-caption-l">{page.run.course}</span>
      <h1 className="govuk-heading-l">{t("run.heading", { date: page.run.date })}</h1>
      <p className="govuk-body">{t("run.summary", { venue: page.run.venue, capacity: page.run.capacity })}</p>
      {page.learners.length === 0 ? (
        <p className="govuk-body">{t("run.none")}</p>
      ) : (
        <Form method="post">
          <Table
            caption={t("run.caption")}
            rows={page.learners}
            rowKey={(l) => l.id}
            columns={[
              { key: "name", header: t("run.learner"), cell: (l) => `${l.name} (${l.employee})` },
              { key: "status", header: t("home.status"), cell: (l) => t(`status.${l.status}`, { position: l.position }) },
              {
                key: "complete",
                header: t("run.complete"),
                cell: (l) =>
                  l.status === "enrolled" ? (
                    <div className="govuk-checkboxes govuk-checkboxes--small">
                      <div className="govuk-checkboxes__item">
                        <input className="govuk-checkboxes__input" id={`learner-${l.id}`} name="learner" type="checkbox" value={l.id} />
                        <label className="govuk-label govuk-checkboxes__label" htmlFor={`learner-${l.id}`}>
                          <span className="govuk-visually-hidden">{t("run.completeLearner", { name: l.name })}</span>
                          {t("run.attended")}
                        </label>
                      </div>
                    </div>
                  ) : null,
              },
            ]}
          />
          {enrolled.length > 0 ? <Button>{t("run.submit")}</Button> : null}
        </Form>
      )}
      <p className="govuk-body"><Link className="govuk-link" to={`/programmes/${PLUGIN_ID}/courses/${page.run.courseId}`}>{t("run.back")}</Link></p>
    </>
  );
}
