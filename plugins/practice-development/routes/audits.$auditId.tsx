import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { FormToken } from "../../../app/components/FormToken";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Checkboxes, Radios } from "../../../app/components/Radios";
import { Select } from "../../../app/components/Select";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { Textarea } from "../../../app/components/Textarea";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { pageMeta } from "../../../app/utils/meta";
import { formatNumber } from "../../../app/utils/number-format";
import { searchForList } from "../components/CohortTable";
import { errorItems, fieldError } from "../form-errors";
import { formValues, type FieldErrors } from "../forms";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";
import { pageOfList } from "../server/briefings/guards.server";
import { addFinding, auditGuard, findingsOf, findingsPageHolding, sampleOf } from "../server/audits/audits.server";
import { changesSince } from "../server/audits/changes.server";
import { actionsOf } from "../server/audits/learning-actions.server";
import { PCF_DOMAINS, RATINGS } from "../server/audits/db.server";
import { findingAcross, findingSchema, checkAll } from "../server/audits/forms.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const ORDER = ["rating", "practiceArea", "pcf", "kss", "team", "note", "form"];

export const RATING_COLOUR = { good: "green", requires_improvement: "yellow", inadequate: "red" } as const;
export const CHANGE_COLOUR = { better: "green", same: "grey", worse: "red", new: "blue", not_reaudited: "grey" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { audit, locale } = await auditGuard(request, params);
  // Three paged lists: the findings (`?list=findings`), this audit's actions (`?list=actions`) and the previous audit's (`?list=previous`).
  const [sample, findings, actions, changes] = await Promise.all([sampleOf(audit.id), findingsOf(audit.id, pageOfList(request, "findings")), actionsOf({ auditIds: [audit.id] }, pageOfList(request, "actions", true)), changesSince(audit, pageOfList(request, "previous"))]);
  const dated = <A extends { due_on: string; closed_at: string | null }>(a: A) => ({ ...a, due: formatDate(a.due_on, locale), closed: a.closed_at ? formatDate(a.closed_at, locale) : null });
  const paging = (list: { total: number; page: number; pageCount: number }) => ({ total: list.total, page: list.page, pageCount: list.pageCount });
  return {
    title: audit.title,
    audit: { id: audit.id, title: audit.title, theme: audit.theme, held: formatDate(audit.held_on, locale), summary: audit.summary },
    sample: sample.units.map((u) => u.name),
    teams: sample.teams,
    findings: findings.rows,
    findingsPage: paging(findings),
    actions: actions.rows.map(dated),
    actionsPage: paging(actions),
    changes: changes ? { previous: { ...changes.previous, held: formatDate(changes.previous.held_on, locale) }, ratings: changes.ratings, actions: changes.actions.rows.map(dated), actionsPage: paging(changes.actions) } : null,
    ratings: [...RATINGS],
    pcfDomains: [...PCF_DOMAINS],
    // The finding form's one-time token: the same form sent twice (a double click, a resend) adds one finding.
    formToken: newFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { audit, actor } = await auditGuard(request, params);
  const form = await readFormData(request);
  const values = formValues(form, ["pcf"]);
  // A refused form is shown again with the token it was drawn with, still unclaimed as nothing was saved,
  // so it stays one form: the copy sent before the refusal and the corrected one add one finding between them.
  const formToken = formTokenOf(form);
  const result = checkAll(findingSchema, values, findingAcross);
  if (!result.ok) return data({ errors: result.errors as FieldErrors, values, formToken }, { status: 400 });
  const saved = await addFinding(audit, result.value, actor, formToken);
  if (saved && !saved.ok) return data({ errors: { [saved.field]: saved.error } as FieldErrors, values, formToken }, { status: 400 });
  // Findings are paged oldest first, so the new one is on the last page, not the first: land on the page
  // holding it. Sent again (null), the form added nothing: the last page shows the one its first send added.
  const page = await findingsPageHolding(audit.id, saved ? saved.id : null);
  throw redirect(`${BASE}/audits/${audit.id}?saved=finding&list=findings&page=${page}#findings`);
}

type ActionItem = ReturnType<typeof useLoaderData<typeof loader>>["actions"][number];

export function ActionWhat({ action }: { action: ActionItem }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (action.kind === "rollout") return <Link className="govuk-link" to={`${BASE}/rollouts/${action.rollout_id}`}>{t("audits.what.rollout", { title: action.rollout_title ?? "" })}</Link>;
  if (action.kind === "cohort") return <>{t("audits.what.cohort", { name: action.cohort_name ?? "", teams: action.teams.join(", ") })}</>;
  return action.course_href ? <a className="govuk-link" href={action.course_href}>{t("audits.what.course", { title: action.course_title ?? "" })}</a> : <>{t("audits.what.course", { title: action.course_title ?? "" })}</>;
}

export function ActionStatus({ action }: { action: ActionItem }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (action.status === "done") return <>{<Tag colour="green">{t("audits.status.done")}</Tag>} {t("audits.closedBy", { who: action.closedBy ?? t("audits.someone"), when: action.closed ?? "" })}</>;
  return action.overdue ? <Tag colour="red">{t("audits.overdue")}</Tag> : <Tag colour="blue">{t("audits.status.open")}</Tag>;
}

/** How many actions a paged list holds, as the page says above it. */
export function ActionsTotal({ total }: { total: number }) {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  return <p className="govuk-body">{t("audits.actionsTotal", { count: total, total: formatNumber(total, i18n.language) })}</p>;
}

/** How many findings the paged list holds, as the page says above it. */
function FindingsTotal({ total }: { total: number }) {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  return <p className="govuk-body">{t("audits.findingsTotal", { count: total, total: formatNumber(total, i18n.language) })}</p>;
}

export function ActionsTable({ rows, caption }: { rows: ActionItem[]; caption: string }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { key: "area", header: t("audits.fields.practiceArea"), cell: (r) => <Link className="govuk-link" to={`${BASE}/audits/${r.audit_id}/findings/${r.finding_id}`}>{r.practice_area}</Link> },
        { key: "what", header: t("audits.fields.kind"), cell: (r) => <ActionWhat action={r} /> },
        { key: "due", header: t("audits.fields.dueOn"), cell: (r) => r.due },
        { key: "status", header: t("audits.fields.status"), cell: (r) => <ActionStatus action={r} /> },
      ]}
    />
  );
}

export default function AuditPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { audit, sample, teams, findings, findingsPage, actions, actionsPage, changes, ratings, pcfDomains, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const v = (failed?.values ?? {}) as Record<string, string | string[] | undefined>;
  const e = fieldError(t, failed?.errors);
  // The banner confirms the last save: not shown over a refused post's errors.
  const saved = failed ? null : params.get("saved");
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(t, failed?.errors, ORDER)} />
      {saved === "audit" || saved === "finding" ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(`audits.saved.${saved}`)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("audits.title")}</span>
      <h1 className="govuk-heading-l">{audit.title}</h1>
      <SummaryList
        rows={[
          { key: "theme", label: t("audits.fields.theme"), value: t(`audits.theme.${audit.theme}`) },
          { key: "held", label: t("audits.fields.heldOn"), value: audit.held },
          { key: "sample", label: t("audits.fields.sample"), value: sample.join(", ") },
          { key: "summary", label: t("audits.fields.summary"), value: audit.summary },
        ]}
      />

      <h2 className="govuk-heading-m">{t("audits.changesHeading")}</h2>
      {!changes ? (
        <p className="govuk-body">{t("audits.noPrevious")}</p>
      ) : (
        <>
          <p className="govuk-body">
            {t("audits.previousWas")} <Link className="govuk-link" to={`${BASE}/audits/${changes.previous.id}`}>{changes.previous.title}</Link> ({changes.previous.held})
          </p>
          <Table
            caption={t("audits.changesCaption")}
            rows={changes.ratings}
            rowKey={(r) => r.area}
            columns={[
              { key: "area", header: t("audits.fields.practiceArea"), cell: (r) => r.area },
              { key: "previous", header: t("audits.previousRating"), cell: (r) => (r.previous ? t(`audits.rating.${r.previous}`) : t("audits.notRated")) },
              { key: "current", header: t("audits.currentRating"), cell: (r) => (r.current ? t(`audits.rating.${r.current}`) : t("audits.notRated")) },
              { key: "change", header: t("audits.change"), cell: (r) => <Tag colour={CHANGE_COLOUR[r.change]}>{t(`audits.changeValue.${r.change}`)}</Tag> },
            ]}
          />
          {changes.actions.length === 0 ? (
            <p className="govuk-body">{t("audits.previousNoActions")}</p>
          ) : (
            <>
              <ActionsTotal total={changes.actionsPage.total} />
              <ActionsTable rows={changes.actions} caption={t("audits.previousActionsCaption")} />
              <Pagination page={changes.actionsPage.page} pageCount={changes.actionsPage.pageCount} search={searchForList(location.search, "previous")} of={t("audits.previousActionsCaption")} />
            </>
          )}
        </>
      )}

      <h2 className="govuk-heading-m" id="findings">{t("audits.findingsHeading")}</h2>
      {findings.length === 0 ? (
        <p className="govuk-body">{t("audits.noFindings")}</p>
      ) : (
        <>
          <FindingsTotal total={findingsPage.total} />
          <Table
            caption={t("audits.findingsCaption")}
            rows={findings}
            rowKey={(r) => r.id}
            columns={[
              { key: "area", header: t("audits.fields.practiceArea"), cell: (r) => <Link className="govuk-link" to={`${BASE}/audits/${audit.id}/findings/${r.id}`}>{r.practice_area}</Link> },
              { key: "rating", header: t("audits.fields.rating"), cell: (r) => <Tag colour={RATING_COLOUR[r.rating]}>{t(`audits.rating.${r.rating}`)}</Tag> },
              { key: "team", header: t("audits.fields.team"), cell: (r) => r.team ?? t("audits.wholeSample") },
              { key: "refs", header: t("audits.framework"), cell: (r) => [...r.pcf.map((p) => t(`audits.pcf.${p}`)), ...r.kss].join("; ") },
            ]}
          />
          <Pagination page={findingsPage.page} pageCount={findingsPage.pageCount} search={searchForList(location.search, "findings")} of={t("audits.findingsCaption")} />
        </>
      )}
      {actions.length ? (
        <>
          <ActionsTotal total={actionsPage.total} />
          <ActionsTable rows={actions} caption={t("audits.actionsCaption")} />
          <Pagination page={actionsPage.page} pageCount={actionsPage.pageCount} search={searchForList(location.search, "actions")} of={t("audits.actionsCaption")} />
        </>
      ) : null}

      <h2 className="govuk-heading-m">{t("audits.addFinding")}</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">{t("audits.noCaseData")}</p>
          <Form method="post" id="finding" action={postBackTo(location)} noValidate>
            <FormToken value={failed?.formToken ?? formToken} />
            <Radios id="rating" name="rating" legend={t("audits.fields.rating")} defaultValue={v.rating as string} error={e("rating")} options={ratings.map((r) => ({ value: r, label: t(`audits.rating.${r}`) }))} />
            <Field id="practiceArea" name="practiceArea" label={t("audits.fields.practiceArea")} hint={t("audits.areaHint")} defaultValue={v.practiceArea as string} error={e("practiceArea")} maxLength={120} />
            <Checkboxes id="pcf" name="pcf" small legend={t("audits.fields.pcf")} hint={t("audits.frameworkHint")} defaultValues={v.pcf as string[]} error={e("pcf")} options={pcfDomains.map((p) => ({ value: p, label: t(`audits.pcf.${p}`) }))} />
            <Field id="kss" name="kss" label={t("audits.fields.kss")} hint={t("audits.kssHint")} defaultValue={v.kss as string} error={e("kss")} spellCheck={false} />
            <Select id="team" name="team" label={t("audits.fields.team")} error={e("team")} defaultValue={(v.team as string) ?? ""} emptyLabel={t("audits.wholeSample")} options={teams.map((team) => ({ value: String(team.id), label: team.name }))} />
            <Textarea id="note" name="note" label={t("audits.fields.note")} hint={t("audits.noteHint")} defaultValue={v.note as string} error={e("note")} />
            <Button>{t("audits.saveFinding")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}
