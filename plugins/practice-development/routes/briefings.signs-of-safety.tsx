import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { NotificationBanner } from "../../../app/components/NotificationBanner";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { parseId } from "../../../app/utils/http.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { pageMeta } from "../../../app/utils/meta";
import { can } from "../../../app/utils/permissions.server";
import { PlaceStatus } from "../components/PlaceStatus";
import { beforeStart, placesByCohort } from "../places";
import { BASE, PLUGIN_ID, SOS_STAGES } from "../programme";
import { guard } from "../server/briefings/guards.server";
import { bookPlace, cancelOwnPlace, cohortsOfKind, errorKeyOf, myPlaces, prerequisiteOf, sosStagesDone } from "../server/briefings/sessions.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale } = await guard(request, "programmes.view");
  const [cohorts, done, places] = await Promise.all([Promise.all(SOS_STAGES.map((kind) => cohortsOfKind({ kind, heldBy: viewer.personId }, true))), sosStagesDone([viewer.personId]), myPlaces(viewer.personId)]);
  const mine = done.get(viewer.personId) ?? new Set<string>();
  const held = placesByCohort(places, ["enrolled", "waitlisted", "requested", "approved", "completed"]);
  return {
    title: fixedT(locale, PLUGIN_ID)("sos.title"),
    canManage: can(viewer, "cohorts.manage"),
    stages: SOS_STAGES.map((kind, i) => {
      const needs = prerequisiteOf(kind);
      return {
        kind,
        needs,
        done: mine.has(kind),
        ready: !needs || mine.has(needs),
        cohorts: cohorts[i].map((c) => ({ id: c.id, name: c.name, starts: c.first_session ? formatDate(c.starts_on, locale) : null, left: Math.max(0, c.capacity - c.taken), capacity: c.capacity, place: held.get(c.id) ?? null, cancellable: beforeStart(c.first_session) })),
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor } = await guard(request, "programmes.view");
  const form = await readFormData(request);
  // The booking form predates intents, so a post without one books.
  const cancelling = form.get("intent") === "cancel";
  const cohortId = parseId(String(form.get("cohort") ?? ""));
  // A place on a past cohort can still be named, so cancelling it is refused as too late rather than unknown.
  const offered = cohortId ? (await Promise.all(SOS_STAGES.map((kind) => cohortsOfKind({ kind }, !cancelling)))).flat().some((c) => c.id === cohortId) : false;
  if (!cohortId || !offered) return data({ error: "sessions.errors.unknownCohort" }, { status: 400 });
  const result = cancelling ? await cancelOwnPlace(cohortId, viewer.personId, actor) : await bookPlace(cohortId, viewer.personId, actor);
  if (!result.ok) return data({ error: errorKeyOf(result.error) }, { status: 400 });
  throw redirect(`${BASE}/briefings/signs-of-safety?saved=${cancelling ? "cancelled" : "booked"}`);
}

export default function SignsOfSafety() {
  const { t } = useTranslation(PLUGIN_ID);
  const { stages, canManage } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={failed ? [{ message: t(failed.error) }] : []} />
      {params.get("saved") ? (
        <NotificationBanner title={t("saved.title")} success>
          <p className="govuk-notification-banner__heading">{t(params.get("saved") === "cancelled" ? "saved.cancelled" : "saved.booked")}</p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{t("title")}</span>
      <h1 className="govuk-heading-l">{t("sos.title")}</h1>
      <p className="govuk-body">{t("sos.intro")}</p>
      {canManage ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`${BASE}/briefings/sessions/new`}>{t("sessions.newLink")}</Link>
        </p>
      ) : null}
      {stages.map((stage, index) => (
        <section key={stage.kind} aria-labelledby={`stage-${stage.kind}`}>
          <h2 className="govuk-heading-m" id={`stage-${stage.kind}`}>{t("sos.stageHeading", { n: index + 1, name: t(`kind.${stage.kind}`) })}</h2>
          <p className="govuk-body">{t(`sos.describe.${stage.kind}`)}</p>
          {stage.needs ? <div className="govuk-inset-text">{t("sos.prerequisite", { name: t(`kind.${stage.needs}`) })}{stage.ready ? ` ${t("sos.prerequisiteMet")}` : ""}</div> : null}
          {stage.done ? <p className="govuk-body">{t("sos.stageDone")}</p> : null}
          {stage.cohorts.length === 0 ? (
            <p className="govuk-body">{t("sos.noCohorts")}</p>
          ) : (
            <Table
              caption={t("sos.cohortsCaption", { name: t(`kind.${stage.kind}`) })}
              rows={stage.cohorts}
              rowKey={(c) => c.id}
              columns={[
                { key: "name", header: t("sessions.name"), cell: (c) => (canManage ? <Link className="govuk-link" to={`${BASE}/briefings/sessions/${c.id}`}>{c.name}</Link> : c.name) },
                { key: "starts", header: t("sessions.when"), cell: (c) => c.starts ?? t("sessions.allCancelled") },
                { key: "places", header: t("sessions.places"), cell: (c) => t("sessions.placesLeft", { left: c.left, capacity: c.capacity }) },
                {
                  key: "action",
                  header: t("sessions.action"),
                  cell: (c) =>
                    c.place ? (
                      <PlaceStatus place={c.place} cohort={c} />
                    ) : stage.ready ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="book" />
                        <input type="hidden" name="cohort" value={c.id} />
                        <Button className="govuk-!-margin-bottom-0">
                          {t("sessions.book")}
                          <span className="govuk-visually-hidden"> {c.name}</span>
                        </Button>
                      </Form>
                    ) : (
                      t("sos.notYetReady")
                    ),
                },
              ]}
            />
          )}
        </section>
      ))}
    </>
  );
}
