import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { Pagination } from "../../../app/components/Pagination";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { withoutControlCharacters } from "../../../app/utils/text";
import { startSchema } from "../forms";
import { ASYE_STAGE, PLUGIN_ID } from "../programme";
import { startYear } from "../server/changes.server";
import { asyeDb } from "../server/db.server";
import { listWaiting, personByEmployeeNumber } from "../server/list.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/** The ASYE social worker chosen with ?person=, if they are at the ASYE stage and have no year yet. */
async function waitingPerson(request: Request) {
  const id = new URL(request.url).searchParams.get("person");
  if (id === null) return null;
  const personId = parseId(id);
  const person = personId
    ? await asyeDb()
        .selectFrom("people as p")
        .leftJoin("people as m", "m.id", "p.line_manager_id")
        .select(["p.id", "p.given_name", "p.family_name", "p.qualification_date", "m.employee_number as manager_number"])
        .where("p.id", "=", personId)
        .where("p.career_stage", "=", ASYE_STAGE)
        .where("p.id", "not in", (qb) => qb.selectFrom("asye_years").select("person_id"))
        .executeTakeFirst()
    : undefined;
  if (!person) notFound();
  return person;
}

/** The year of the person chosen with ?person=, once someone has started it. */
async function startedYearOf(request: Request) {
  const personId = parseId(new URL(request.url).searchParams.get("person"));
  if (!personId) return undefined;
  return asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).executeTakeFirst();
}

/** To the year that exists, saying this form saved nothing, so L&D check its assessor and supervisor. */
const toStartedYear = (yearId: number) => new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/years/${yearId}?notice=alreadyStarted` } });

/**
 * The start date the form offers: London's today (as the year's pages count it; just after midnight in
 * summer UTC's date is still yesterday), or the qualification date if that is still to come.
 */
function defaultStart(qualificationDate: string | null) {
  const today = londonToday();
  return qualificationDate && qualificationDate > today ? qualificationDate : today;
}

/** L&D start a year: first choose an ASYE social worker without one, then its start, assessor and supervisor. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const person = await waitingPerson(request);
  const params = new URL(request.url).searchParams;
  if (person) {
    return {
      title: t("asye:start.title"),
      person: { id: person.id, name: `${person.given_name} ${person.family_name}`, startsOn: defaultStart(person.qualification_date), qualified: person.qualification_date ? formatDate(person.qualification_date, locale) : null, supervisor: person.manager_number ?? "" },
      waiting: null,
    };
  }
  const search = withoutControlCharacters(params.get("q") ?? "").trim().slice(0, 100) || undefined;
  const list = await listWaiting({ page: askedPage(params), search });
  return {
    title: t("asye:start.title"),
    person: null,
    waiting: { q: search ?? "", page: list.page, pageCount: list.pageCount, total: list.total, rows: list.rows.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}`, employeeNumber: r.employee_number, qualified: formatDate(r.qualification_date, locale) })) },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  // A second click on "Start", or a colleague who started the year first: what L&D meant to start
  // exists, so they are shown it rather than "Page not found".
  const started = await startedYearOf(request);
  if (started) return toStartedYear(started.id);
  const person = await waitingPerson(request);
  if (!person) notFound();
  const submission = parseWithZod(await readFormData(request), { schema: startSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const [assessor, supervisor] = await Promise.all([personByEmployeeNumber(submission.value.assessor), personByEmployeeNumber(submission.value.supervisor)]);
  const fieldErrors: Record<string, string[]> = {};
  // Nobody, or several people whose numbers differ only in capitals and none typed exactly.
  const unfound = (found: { ambiguous?: string[] }) => [found.ambiguous ? "start.errors.ambiguousPerson" : "start.errors.unknownPerson"];
  if (!assessor.person) fieldErrors.assessor = unfound(assessor);
  if (!supervisor.person) fieldErrors.supervisor = unfound(supervisor);
  if (!assessor.person || !supervisor.person) return data(submission.reply({ fieldErrors }), { status: 400 });
  const result = await startYear({ personId: person.id, startsOn: submission.value.startsOn, assessorId: assessor.person.id, supervisorId: supervisor.person.id }, actor);
  // Started by someone else between the check above and now.
  const startedMeanwhile = !result.ok && result.error === "start.errors.already" ? await startedYearOf(request) : undefined;
  if (startedMeanwhile) return toStartedYear(startedMeanwhile.id);
  // A start before the person qualified, or the worker as their own assessor or supervisor, is shown at that field; other refusals concern the whole form.
  if (!result.ok) return data(submission.reply(result.fieldErrors ? { fieldErrors: result.fieldErrors } : { formErrors: [result.error] }), { status: 400 });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/years/${result.id}?saved=started` } });
}

export default function StartYear() {
  const { t } = useTranslation(PLUGIN_ID);
  const { person, waiting } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useForm<z.input<typeof startSchema>>({ id: "start", lastResult, defaultValue: person ? { startsOn: person.startsOn, supervisor: person.supervisor } : undefined });
  if (!person) {
    return (
      <>
        <h1 className="govuk-heading-l">{t("start.title")}</h1>
        <p className="govuk-body">{t("start.chooseIntro")}</p>
        <Form method="get" role="search" className="pathways-filter">
          <Field id="q" name="q" label={t("years.search")} defaultValue={waiting!.q} className="govuk-input--width-20" />
          <Button variant="secondary">{t("years.filter")}</Button>
        </Form>
        <p className="govuk-body">{t("start.waitingCount", { count: waiting!.total })}</p>
        {waiting!.rows.length > 0 ? (
          <Table
            caption={t("start.waitingCaption")}
            rows={waiting!.rows}
            rowKey={(r) => r.id}
            columns={[
              { key: "name", header: t("years.name"), cell: (r) => r.name },
              { key: "number", header: t("start.employeeNumber"), cell: (r) => r.employeeNumber },
              { key: "qualified", header: t("start.qualified"), cell: (r) => r.qualified },
              { key: "start", header: t("start.action"), cell: (r) => <Link className="govuk-link" to={`?person=${r.id}`}>{t("start.startFor", { name: r.name })}</Link> },
            ]}
          />
        ) : null}
        <Pagination page={waiting!.page} pageCount={waiting!.pageCount} search={location.search} />
      </>
    );
  }
  const errors = summaryItems(t, [fields.startsOn, fields.assessor, fields.supervisor], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{person.name}</span>
        <h1 className="govuk-heading-l">{t("start.title")}</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <Field {...getInputProps(fields.startsOn, { type: "date" })} key={fields.startsOn.key} id={fields.startsOn.id} name={fields.startsOn.name} label={t("year.startsOn")} hint={person.qualified ? t("start.startsOnHint", { date: person.qualified }) : undefined} error={firstError(t, fields.startsOn)} />
          <Field {...getInputProps(fields.assessor, { type: "text" })} key={fields.assessor.key} id={fields.assessor.id} name={fields.assessor.name} label={t("start.assessor")} hint={t("start.employeeNumberHint")} className="govuk-input--width-10" error={firstError(t, fields.assessor)} />
          <Field {...getInputProps(fields.supervisor, { type: "text" })} key={fields.supervisor.key} id={fields.supervisor.id} name={fields.supervisor.name} label={t("start.supervisor")} hint={t("start.supervisorHint")} className="govuk-input--width-10" error={firstError(t, fields.supervisor)} />
          <Button>{t("start.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
