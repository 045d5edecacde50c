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
import { Tag } from "../../../app/components/Tag";
import { Textarea } from "../../../app/components/Textarea";
import { searchCatalogue } from "../../../app/services/catalogue.server";
import { formTokenOf, newFormToken } from "../../../app/services/submitted-forms.server";
import { formatDate } from "../../../app/utils/dates";
import { parseId } from "../../../app/utils/http.server";
import { readFormData } from "../../../app/utils/form-data.server";
import { pageMeta } from "../../../app/utils/meta";
import { formatNumber } from "../../../app/utils/number-format";
import { withoutControlCharacters } from "../../../app/utils/text";
import { errorItems, fieldError } from "../form-errors";
import { check, formValues, type FieldErrors } from "../forms";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";
import { pageOf } from "../server/briefings/guards.server";
import { briefingSearchOf, offeredBriefings } from "../server/briefings/briefings.server";
import { findingById, findingGuard, sampleOf } from "../server/audits/audits.server";
import { actionChoices, actionsOf, closeAction, raiseAction } from "../server/audits/learning-actions.server";
import { ACTION_KINDS } from "../server/audits/db.server";
import { actionAcross, actionSchema, checkAll, closeSchema } from "../server/audits/forms.server";
import { ActionStatus, ActionsTotal, ActionWhat, RATING_COLOUR } from "./audits.$auditId";
import { BriefingSearch, SomeBriefingsListed } from "../components/BriefingChoices";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

const ORDER = ["kind", "dueOn", "rollout", "briefing", "cohort", "teams", "course", "form"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { audit, finding, locale } = await findingGuard(request, params);
  const search = searchOf(request, "q");
  // The rollouts and cohorts to choose from: the first CHOICES_SHOWN of them, or of those a search for them finds.
  const find = searchOf(request, "find");
  // The briefings to choose from: the first by title, or of those a search of their own (`?findBriefing=`)
  // finds, and the one the address names (`?briefing=`, kept by that search) wherever it falls.
  const chosen = parseId(new URL(request.url).searchParams.get("briefing"));
  const findBriefing = briefingSearchOf(request, "findBriefing");
  const [full, actions, sample, choices, briefings, courses] = await Promise.all([
    findingById(finding.id),
    actionsOf({ findingIds: [finding.id] }, pageOf(request)),
    sampleOf(audit.id),
    actionChoices(find),
    offeredBriefings({ search: findBriefing, include: chosen ? [chosen] : [] }),
    searchCatalogue(locale, { search, limit: 20 }),
  ]);
  return {
    title: finding.practice_area,
    audit: { id: audit.id, title: audit.title },
    finding: full,
    actions: actions.rows.map((a) => ({ ...a, due: formatDate(a.due_on, locale), closed: a.closed_at ? formatDate(a.closed_at, locale) : null })),
    actionsPage: { total: actions.total, page: actions.page, pageCount: actions.pageCount },
    teams: sample.teams,
    rollouts: choices.rollouts.map((r) => ({ value: String(r.id), label: `${r.title} (${formatDate(r.due_on, locale)})` })),
    cohorts: choices.cohorts.map((c) => ({ value: String(c.id), label: `${c.name} (${formatDate(c.starts_on, locale)})` })),
    choicesTotal: { rollouts: choices.rolloutTotal, cohorts: choices.cohortTotal },
    find,
    briefings: briefings.rows.map((b) => ({ value: String(b.id), label: b.title })),
    briefingsListed: { listed: briefings.listed, total: briefings.total },
    findBriefing,
    chosenBriefing: chosen !== undefined && briefings.rows.some((b) => b.id === chosen) ? String(chosen) : "",
    courses: courses.map((c) => ({ value: `${c.source}:${c.id}`, label: c.title, hint: [c.kind, c.sourceTitle].filter(Boolean).join(" · ") })),
    search,
    kinds: [...ACTION_KINDS],
    // The raise form's one-time token: the same form sent twice (a double click, a resend) raises one action.
    formToken: newFormToken(),
  };
}

/** What a search field of the page's address asks for, as typed: no control characters, at most 100 characters. */
function searchOf(request: Request, name: string) {
  return withoutControlCharacters(new URL(request.url).searchParams.get(name) ?? "").trim().slice(0, 100);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { audit, finding, actor, locale } = await findingGuard(request, params);
  const form = await readFormData(request);
  if (form.get("intent") === "close") {
    const values = formValues(form, []);
    const result = check(closeSchema, values);
    const actionId = /^\d{1,9}$/.test(String(values.action ?? "")) ? Number(values.action) : 0;
    const field = `note-${actionId}`;
    if (!result.ok) return data({ errors: { [result.errors.note ? field : "form"]: result.errors.note ?? result.errors.action ?? "audits.errors.action" } as FieldErrors, values, closing: actionId, formToken: null }, { status: 400 });
    const closed = await closeAction(finding.id, result.value.action, result.value.note, actor);
    if (!closed.ok) return data({ errors: { form: closed.error } as FieldErrors, values, closing: actionId, formToken: null }, { status: 400 });
    // Back to the page of actions the form was on (a page past the end now shows the last); the first
    // when the form named none, or nothing that is a page. Done already (a second click, or someone else
    // first) is a redirect too, and the banner says so.
    const page = parseId(String(values.page ?? ""));
    throw redirect(`${BASE}/audits/${audit.id}/findings/${finding.id}?saved=${closed.changed ? "closed" : "alreadyClosed"}${page && page > 1 ? `&page=${page}` : ""}`);
  }
  const values = formValues(form, ["teams"]);
  // A refused form is shown again with the token it was drawn with, still unclaimed as nothing was saved,
  // so it stays one form: the copy sent before the refusal and the corrected one raise one action between them.
  const formToken = formTokenOf(form);
  const result = checkAll(actionSchema, values, actionAcross);
  if (!result.ok) return data({ errors: result.errors as FieldErrors, values, closing: 0, formToken }, { status: 400 });
  const saved = await raiseAction(audit, finding, result.value, actor, locale, formToken);
  // Sent again (null), the form raised nothing: the page shows the action its first send raised.
  if (saved && !saved.ok) return data({ errors: { [saved.field]: saved.error } as FieldErrors, values, closing: 0, formToken }, { status: 400 });
  throw redirect(`${BASE}/audits/${audit.id}/findings/${finding.id}?saved=action`);
}

export default function FindingPage() {
  const { t } = useTranslation(PLUGIN_ID);
  const { audit, finding, actions, actionsPage, teams, rollouts, cohorts, choicesTotal, find, briefings, briefingsListed, findBriefing, chosenBriefing, courses, search, kinds, formToken } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const closing = failed?.closing ?? 0;
  const v = (!closing ? failed?.values ?? { briefing: chosenBriefing } : {}) as Record<string, string | string[] | undefined>;
  const e = fieldError(t, failed?.errors);
  // The banner confirms the last save: not shown over a refused post's errors.
  const saved = failed ? null : params.get("saved");
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errorItems(t, failed?.errors, ORDER)} />
      {saved === "action" || saved === "closed" || saved === "alreadyClosed" ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(`audits.saved.${saved}`)}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">
        <Link className="govuk-link" to={`${BASE}/audits/${audit.id}`}>{audit.title}</Link>
      </span>
      <h1 className="govuk-heading-l">{finding.practice_area}</h1>
      <SummaryList
        rows={[
          { key: "rating", label: t("audits.fields.rating"), value: <Tag colour={RATING_COLOUR[finding.rating]}>{t(`audits.rating.${finding.rating}`)}</Tag> },
          { key: "team", label: t("audits.fields.team"), value: finding.team ?? t("audits.wholeSample") },
          { key: "pcf", label: t("audits.fields.pcf"), value: finding.pcf.map((p) => t(`audits.pcf.${p}`)).join("; ") || "–" },
          { key: "kss", label: t("audits.fields.kss"), value: finding.kss.join("; ") || "–" },
          { key: "note", label: t("audits.fields.note"), value: finding.note ?? "–" },
        ]}
      />

      <h2 className="govuk-heading-m">{t("audits.actionsHeading")}</h2>
      {actions.length === 0 ? <p className="govuk-body">{t("audits.noActions")}</p> : <ActionsTotal total={actionsPage.total} />}
      {actions.map((a) => (
        <div className="govuk-summary-card" key={a.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">{t(`audits.kind.${a.kind}`)}</h3>
          </div>
          <div className="govuk-summary-card__content">
            <SummaryList
              rows={[
                { key: "what", label: t("audits.fields.kind"), value: <ActionWhat action={a} /> },
                { key: "due", label: t("audits.fields.dueOn"), value: a.due },
                { key: "status", label: t("audits.fields.status"), value: <ActionStatus action={a} /> },
                ...(a.closed_note ? [{ key: "note", label: t("audits.fields.closeNote"), value: a.closed_note }] : []),
              ]}
            />
            {a.status === "open" ? (
              <Form method="post" id={`close-${a.id}`} action={postBackTo(location)} noValidate>
                <input type="hidden" name="intent" value="close" />
                <input type="hidden" name="action" value={a.id} />
                <input type="hidden" name="page" value={actionsPage.page} />
                <Textarea id={`note-${a.id}`} name="note" rows={2} label={t("audits.fields.closeNote")} hint={t("audits.closeHint")} error={e(`note-${a.id}`)} defaultValue={closing === a.id ? (failed?.values.note as string) : undefined} />
                <Button variant="secondary">{t("audits.close")}</Button>
              </Form>
            ) : null}
          </div>
        </div>
      ))}
      <Pagination page={actionsPage.page} pageCount={actionsPage.pageCount} search={location.search} />

      <h2 className="govuk-heading-m">{t("audits.raiseHeading")}</h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Form method="get" id="course-search" role="search" aria-label={t("audits.searchCourses")}>
            {find ? <input type="hidden" name="find" value={find} /> : null}
            <KeptBriefingSearch find={findBriefing} chosen={chosenBriefing} />
            <Field id="q" name="q" type="search" label={t("audits.searchCourses")} hint={t("audits.searchHint")} defaultValue={search} />
            <Button variant="secondary">{t("audits.search")}</Button>
          </Form>
          <Form method="get" id="choice-search" role="search" aria-label={t("audits.searchChoices")}>
            {search ? <input type="hidden" name="q" value={search} /> : null}
            <KeptBriefingSearch find={findBriefing} chosen={chosenBriefing} />
            <Field id="find" name="find" type="search" label={t("audits.searchChoices")} hint={t("audits.searchChoicesHint")} defaultValue={find} />
            <Button variant="secondary">{t("audits.search")}</Button>
          </Form>
          <BriefingSearch {...briefingsListed} find={findBriefing} chosen={chosenBriefing} what="briefings" name="findBriefing" keep={{ q: search, find }} />
          <Form method="post" id="raise" action={postBackTo(location)} noValidate>
            <FormToken value={failed?.formToken ?? formToken} />
            <input type="hidden" name="intent" value="raise" />
            <Radios id="kind" name="kind" legend={t("audits.fields.kind")} defaultValue={v.kind as string} error={e("kind")} options={kinds.map((k) => ({ value: k, label: t(`audits.kind.${k}`), hint: t(`audits.kindHint.${k}`) }))} />
            <Field id="dueOn" name="dueOn" type="date" label={t("audits.fields.dueOn")} className="govuk-input--width-10" defaultValue={v.dueOn as string} error={e("dueOn")} />
            <h3 className="govuk-heading-s">{t("audits.kind.rollout")}</h3>
            <Select id="rollout" name="rollout" label={t("audits.fields.rollout")} error={e("rollout")} defaultValue={(v.rollout as string) ?? ""} emptyLabel={t("audits.chooseRollout")} options={[{ value: "new", label: t("audits.newRollout") }, ...rollouts]} />
            <SomeShown shown={rollouts.length} total={choicesTotal.rollouts} what="rollouts" find={find} />
            <Select id="briefing" name="briefing" label={t("audits.fields.briefing")} error={e("briefing")} defaultValue={(v.briefing as string) ?? ""} emptyLabel={t("audits.chooseBriefing")} options={briefings} />
            <SomeBriefingsListed {...briefingsListed} find={findBriefing} what="briefings" />
            <h3 className="govuk-heading-s">{t("audits.kind.cohort")}</h3>
            <Select id="cohort" name="cohort" label={t("audits.fields.cohort")} error={e("cohort")} defaultValue={(v.cohort as string) ?? ""} emptyLabel={t("audits.chooseCohort")} options={cohorts} />
            <SomeShown shown={cohorts.length} total={choicesTotal.cohorts} what="cohorts" find={find} />
            {teams.length ? <Checkboxes id="teams" name="teams" small legend={t("audits.fields.actionTeams")} defaultValues={v.teams as string[]} error={e("teams")} options={teams.map((team) => ({ value: String(team.id), label: team.name }))} /> : null}
            <h3 className="govuk-heading-s">{t("audits.kind.course")}</h3>
            {courses.length ? (
              <Radios id="course" name="course" small legend={t("audits.fields.course")} error={e("course")} defaultValue={v.course as string} options={courses} />
            ) : (
              <div className={`govuk-form-group${e("course") ? " govuk-form-group--error" : ""}`}>
                {e("course") ? <p className="govuk-error-message" id="course-error"><span className="govuk-visually-hidden">{t("common:forms.errorPrefix")}</span> {e("course")}</p> : null}
                <p className="govuk-body" id="course" tabIndex={-1}>{t(search ? "audits.noCoursesFound" : "audits.noCourses")}</p>
              </div>
            )}
            <Button>{t("audits.raise")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

/**
 * Where a list of choices holds only the first of those there are (CHOICES_SHOWN), says so, and how to find
 * the others: a search for them (or a narrower one).
 */
function SomeShown({ shown, total, what, find }: { shown: number; total: number; what: "rollouts" | "cohorts"; find: string }) {
  const { t, i18n } = useTranslation(PLUGIN_ID);
  if (total <= shown) return null;
  return <p className="govuk-inset-text">{t(find ? `audits.someShownFound.${what}` : `audits.someShown.${what}`, { shown: formatNumber(shown, i18n.language), total: formatNumber(total, i18n.language) })}</p>;
}

/** The briefing search's parameters, carried on by the page's other searches so the briefings listed stay as they were. */
function KeptBriefingSearch({ find, chosen }: { find: string; chosen: string }) {
  return (
    <>
      {find ? <input type="hidden" name="findBriefing" value={find} /> : null}
      {chosen ? <input type="hidden" name="briefing" value={chosen} /> : null}
    </>
  );
}
