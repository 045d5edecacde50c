import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Button } from "../components/Button";
import { ErrorSummary } from "../components/ErrorSummary";
import { SuccessBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { ProgressionStatusTag } from "../components/ProgressionStatusTag";
import { Radios } from "../components/Radios";
import { Select } from "../components/Select";
import { StageRequirements } from "../components/StageRequirements";
import { Table } from "../components/Table";
import { Textarea } from "../components/Textarea";
import { evaluateStage, pathwayModel, pathwaysFor, type StageEvaluation } from "../services/pathway.server";
import { managerCanAct } from "../services/manager-on-portal.server";
import { exitDecidedFor, localName, openRequestOf, OPEN_STATUSES, requestProgression, requestsOf, stageHistoryOf, withdrawRequest } from "../services/progression.server";
import { stageSourceIn } from "../services/stage-source.server";
import { formatDate } from "../utils/dates";
import { readFormData } from "../utils/form-data.server";
import { requiredText } from "../utils/form-text";
import { firstError, summaryItems } from "../utils/forms";
import { authorize } from "../utils/guard.server";
import { conflict, notFound, parseId } from "../utils/http.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { pageMeta } from "../utils/meta";
import { askedPage } from "../utils/paging.server";
import { revalidateOnConflict } from "../utils/revalidate-on-conflict";
import { stageCloseness } from "../utils/stage-closeness";

export const meta = pageMeta;
// A refused request (a programme decides the person's next move, or one is open already) redraws the page as it now is.
export const shouldRevalidate = revalidateOnConflict;

const schema = z.object({
  toStage: z.string({ required_error: "pathway.errors.chooseStage" }).regex(/^[a-z_]{1,50}$/, "pathway.errors.chooseStage"),
  statement: requiredText("pathway.errors.statement", 4000, "pathway.errors.statementTooLong"),
});

/** What the person reads beside a request: how it closed, what was said, or why the panel may decide it. */
function requestNote(r: Awaited<ReturnType<typeof requestsOf>>["rows"][number], panelMayDecide: boolean, locale: Locale) {
  const t = fixedT(locale);
  if (r.reached_through) return t("pathway.reachedThrough", { source: stageSourceIn(locale)(r.reached_through) });
  if (panelMayDecide) return t("pathway.panelMayDecide");
  return [r.manager_note, r.panel_note].filter(Boolean).join(" ");
}

/** The stage history's own page parameter: the requests turn with `?page`, and each list turns on its own. */
const HISTORY_PAGE = "historyPage";
const askedHistoryPage = (params: URLSearchParams) => askedPage(new URLSearchParams({ page: params.get(HISTORY_PAGE) ?? "" }));

const evaluationView = (e: StageEvaluation) => ({ code: e.stage.code, name: e.stage.name, met: e.met, total: e.total, requirements: e.requirements });

/** Where the person is on the career pathway, what the next stage asks, any stage to explore, and asking to progress. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "me.view");
  const url = new URL(request.url);
  const model = await pathwayModel(locale);
  const sourceInWords = stageSourceIn(locale);
  const [pathways, requests, openRequest, history, exitDecided] = await Promise.all([
    pathwaysFor([viewer.personId], locale, { model }), requestsOf(viewer.personId, askedPage(url.searchParams)), openRequestOf(viewer.personId), stageHistoryOf(viewer.personId, askedHistoryPage(url.searchParams)),
    exitDecidedFor(viewer.personId, locale),
  ]);
  const mine = pathways.get(viewer.personId);
  if (!mine) notFound();
  // The current and next stages are on the page already: shown again, their sections repeated each other's ids.
  const shown = new Set([mine.current?.code, ...mine.next.map((e) => e.stage.code)]);
  const explorable = model.stages.filter((s) => !shown.has(s.code));
  const explored = explorable.find((s) => s.code === url.searchParams.get("stage"));
  // Asked while no line manager of theirs could act on the portal: the panel may decide it instead.
  const panelMayDecide = openRequest?.status === "awaiting_manager" && !(await managerCanAct(viewer.personId));
  const targets = [...mine.next.map((e) => e.stage), ...(explored ? [explored] : [])];
  return {
    title: t("pathway.title"),
    current: mine.current ? { code: mine.current.code, name: mine.current.name } : null,
    next: mine.next.map(evaluationView),
    explored: explored ? evaluationView(evaluateStage(model, explored, mine.facts, new Date(), locale)) : null,
    stages: explorable.map((s) => ({ value: s.code, label: s.track === "side" ? t("pathway.sideRoute", { stage: s.name }) : s.name })),
    targets: targets.map((s) => ({ value: s.code, label: s.name })),
    openRequest: openRequest ? localName(locale, openRequest.to_name_en, openRequest.to_name_cy) : null,
    // A programme moves them on from where they are (an ASYE's decision): they may explore, not ask.
    exitDecided,
    requests: requests.rows.map((r) => ({
      id: r.id,
      to: localName(locale, r.to_name_en, r.to_name_cy),
      asked: formatDate(r.created_at, locale),
      status: r.status,
      open: OPEN_STATUSES.includes(r.status),
      note: requestNote(r, r.id === openRequest?.id && panelMayDecide, locale),
    })),
    requestsPage: { page: requests.page, pageCount: requests.pageCount, total: requests.total },
    history: history.rows.map((h) => ({ id: h.id, stage: localName(locale, h.name_en, h.name_cy), started: formatDate(h.started_on, locale), source: sourceInWords(h.source), note: h.note ?? "" })),
    historyPage: { page: history.page, pageCount: history.pageCount, total: history.total },
    asked: url.searchParams.get("asked") === "1",
    askedPanel: url.searchParams.get("asked") === "panel",
    withdrawn: url.searchParams.get("withdrawn") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await authorize(request, "me.view");
  const form = await readFormData(request);
  if (form.get("intent") === "withdraw") {
    const id = parseId(String(form.get("request") ?? ""));
    if (!id) notFound();
    const outcome = await withdrawRequest(actor, viewer.personId, id);
    if (!outcome.ok) return outcome.error === "progression.errors.notFound" ? notFound() : conflict();
    throw redirect("/me/pathway?withdrawn=1");
  }
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await requestProgression(actor, viewer.personId, submission.value.toStage, submission.value.statement);
  if (!outcome.ok) return data(submission.reply(refusal(outcome.error)), { status: 409 });
  // Sent to the panel, not the line manager: the person is told so, and why.
  throw redirect(`/me/pathway?asked=${outcome.status === "awaiting_panel" ? "panel" : "1"}`);
}

/**
 * Refusals about the person, not the stage they chose, are the form's own: the page drawn again offers no
 * choice to put them beside (it says their request is open, or which programme moves them on).
 */
const PERSON_REFUSALS = ["pathway.errors.alreadyOpen", "pathway.errors.exitDecided"];
const refusal = (error: string) => (PERSON_REFUSALS.includes(error) ? { formErrors: [error] } : { fieldErrors: { toStage: [error] } });

function Evaluation({ heading, evaluation }: { heading: string; evaluation: ReturnType<typeof evaluationView> }) {
  const { t } = useTranslation();
  const closeness = stageCloseness(t, evaluation);
  return (
    <section aria-labelledby={`stage-${evaluation.code}`}>
      <h2 className="govuk-heading-m" id={`stage-${evaluation.code}`}>
        {heading}
      </h2>
      {closeness ? <p className="govuk-body">{closeness}</p> : null}
      <StageRequirements requirements={evaluation.requirements} />
    </section>
  );
}

export default function MyPathway() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "progress", lastResult });
  // The programme-decides refusal names the programme and the stage, as the page now reads them.
  const tWithExit = ((key: string) => t(key, page.exitDecided ?? {})) as unknown as typeof t;
  const errors = summaryItems(tWithExit, [fields.toStage, fields.statement], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SuccessBanner title={t("pathway.savedTitle")} message={(page.asked && t("pathway.asked")) || (page.askedPanel && t("pathway.askedPanel")) || (page.withdrawn && t("pathway.withdrawn"))} />
        <ErrorSummary title={t("forms.errorSummaryTitle")} errors={errors} />
        <h1 className="govuk-heading-l">{t("pathway.title")}</h1>
        <p className="govuk-body-l">{page.current ? t("pathway.currentStage", { stage: page.current.name }) : t("pathway.noStage")}</p>
        {page.current && page.next.length === 0 ? <p className="govuk-body">{t("pathway.noNext")}</p> : null}
        {page.next.map((e) => (
          <Evaluation key={e.code} heading={t("pathway.nextHeading", { stage: e.name })} evaluation={e} />
        ))}

        <h2 className="govuk-heading-m">{t("pathway.exploreHeading")}</h2>
        <Form method="get" className="pathways-filter">
          <Select id="stage" label={t("pathway.exploreLabel")} options={page.stages} defaultValue={page.explored?.code ?? ""} className="pathways-filter__item" />
          <Button variant="secondary">{t("pathway.exploreButton")}</Button>
        </Form>
        {page.explored ? <Evaluation heading={t("pathway.exploredHeading", { stage: page.explored.name })} evaluation={page.explored} /> : null}

        <h2 className="govuk-heading-m">{t("pathway.askHeading")}</h2>
        {page.openRequest ? (
          <div className="govuk-inset-text">{t("pathway.openRequest", { stage: page.openRequest })}</div>
        ) : page.exitDecided ? (
          <div className="govuk-inset-text">{t("pathway.errors.exitDecided", page.exitDecided)}</div>
        ) : page.targets.length === 0 ? (
          <p className="govuk-body">{t("pathway.nothingToAsk")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
            <Radios id={fields.toStage.id} name={fields.toStage.name} legend={t("pathway.toStage")} error={firstError(t, fields.toStage)} defaultValue={(fields.toStage.initialValue as string | undefined) ?? (page.targets.length === 1 ? page.targets[0].value : undefined)} options={page.targets} />
            <Textarea {...getTextareaProps(fields.statement)} key={fields.statement.key} id={fields.statement.id} name={fields.statement.name} label={t("pathway.statement")} hint={t("pathway.statementHint")} error={firstError(t, fields.statement)} />
            <Button>{t("pathway.askButton")}</Button>
          </Form>
        )}

        <h2 className="govuk-heading-m">{t("pathway.requestsHeading")}</h2>
        {page.requests.length === 0 ? (
          <p className="govuk-body">{t("pathway.noRequests")}</p>
        ) : (
          <Table
            caption={page.requestsPage.pageCount > 1 ? t("pathway.requestsCaptionPaged", { total: page.requestsPage.total, page: page.requestsPage.page, pages: page.requestsPage.pageCount }) : t("pathway.requestsCaption")}
            rows={page.requests}
            rowKey={(r) => r.id}
            columns={[
              { key: "to", header: t("progression.toStage"), cell: (r) => r.to },
              { key: "asked", header: t("progression.asked"), cell: (r) => r.asked },
              { key: "status", header: t("progression.statusHeader"), cell: (r) => <ProgressionStatusTag status={r.status} /> },
              { key: "note", header: t("progression.notes"), cell: (r) => r.note },
              {
                key: "withdraw",
                header: <span className="govuk-visually-hidden">{t("pathway.withdrawButton")}</span>,
                cell: (r) =>
                  r.open ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="request" value={r.id} />
                      <Button variant="secondary" className="govuk-!-margin-bottom-0" aria-label={t("pathway.withdrawLabel", { stage: r.to })}>
                        {t("pathway.withdrawButton")}
                      </Button>
                    </Form>
                  ) : null,
              },
            ]}
          />
        )}
        <Pagination page={page.requestsPage.page} pageCount={page.requestsPage.pageCount} search={location.search} of={t("pathway.requestsCaption")} />

        <h2 className="govuk-heading-m">{t("pathway.historyHeading")}</h2>
        {page.history.length === 0 ? (
          <p className="govuk-body">{t("pathway.noHistory")}</p>
        ) : (
          <Table
            caption={page.historyPage.pageCount > 1 ? t("pathway.historyCaptionPaged", { total: page.historyPage.total, page: page.historyPage.page, pages: page.historyPage.pageCount }) : t("pathway.historyCaption")}
            rows={page.history}
            rowKey={(h) => h.id}
            columns={[
              { key: "stage", header: t("pathway.stage"), cell: (h) => h.stage },
              { key: "started", header: t("pathway.startedOn"), cell: (h) => h.started },
              { key: "source", header: t("pathway.source"), cell: (h) => h.source },
              { key: "note", header: t("progression.notes"), cell: (h) => h.note },
            ]}
          />
        )}
        <Pagination {...page.historyPage} search={location.search} of={t("pathway.historyCaption")} param={HISTORY_PAGE} />
      </div>
    </div>
  );
}
