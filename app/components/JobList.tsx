import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "./Button";
import { Tag } from "./Tag";

interface JobView {
  key: string;
  title: string;
  everyMinutes: number;
  run: { status: string; started: string; finished: string | null; done: number; total: number; outcome: string | null; details: string[] } | null;
}

const COLOUR = { running: "blue", succeeded: "green", failed: "red" } as const;

/** Each scheduled job with its last run, and a button to run it now. */
export function JobList({ jobs, canRun }: { jobs: JobView[]; canRun: boolean }) {
  const { t } = useTranslation();
  if (jobs.length === 0) return null;
  return (
    <section aria-labelledby="jobs-heading">
      <h2 className="govuk-heading-m" id="jobs-heading">{t("jobs.heading")}</h2>
      {jobs.map((job) => (
        <div className="pathways-widget" key={job.key}>
          <h3 className="govuk-heading-s">{job.title}</h3>
          <p className="govuk-body-s">{t("jobs.every", { minutes: job.everyMinutes, count: job.everyMinutes })}</p>
          {job.run ? (
            <>
              <p className="govuk-body">
                <Tag colour={COLOUR[job.run.status as keyof typeof COLOUR]}>{t(`jobs.status.${job.run.status}`)}</Tag>{" "}
                {job.run.status === "running" ? t("jobs.progress", { done: job.run.done, total: job.run.total, started: job.run.started }) : t("jobs.finished", { finished: job.run.finished })}
              </p>
              {job.run.outcome ? <p className="govuk-body" role="status">{job.run.outcome}</p> : null}
              {job.run.details.length > 0 ? (
                <ul className="govuk-list govuk-list--bullet">
                  {job.run.details.map((d, i) => <li key={i}>{d}</li>)}
                </ul>
              ) : null}
              {job.run.status === "running" ? <a className="govuk-link" href="/admin">{t("jobs.refresh")}</a> : null}
            </>
          ) : (
            <p className="govuk-body">{t("jobs.never")}</p>
          )}
          {canRun && job.run?.status !== "running" ? (
            <Form method="post" action={`/admin/jobs/${encodeURIComponent(job.key)}`}>
              <Button variant="secondary">{t("jobs.runNow")}<span className="govuk-visually-hidden">: {job.title}</span></Button>
            </Form>
          ) : null}
        </div>
      ))}
    </section>
  );
}
