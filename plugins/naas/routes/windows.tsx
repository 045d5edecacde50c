import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Field } from "../../../app/components/Field";
import { SuccessBanner } from "../../../app/components/NotificationBanner";
import { Pagination } from "../../../app/components/Pagination";
import { Radios } from "../../../app/components/Radios";
import { Table } from "../../../app/components/Table";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { askedPage } from "../../../app/utils/paging.server";
import { windowSchema } from "../naas-forms";
import { PLUGIN_ID, TRACKS } from "../programme";
import { createWindow, windowPage } from "../server/windows.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

/**
 * L&D set assessment windows: when and where the knowledge assessment and the practice day are, and places.
 * Each window's own page lists who is booked on it, for recording their outcomes.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const url = new URL(request.url);
  const { windows, page, pageCount } = await windowPage(askedPage(url.searchParams));
  return {
    title: t("naas:windows.title"),
    added: url.searchParams.has("added"),
    page,
    pageCount,
    windows: windows.map((w) => ({ id: w.id, track: w.track, knowledge: t("naas:track.when", { date: formatDate(w.knowledge_on, locale), place: w.knowledge_place }), practice: t("naas:track.when", { date: formatDate(w.practice_on, locale), place: w.practice_place }), places: t("naas:windows.placesValue", { booked: w.booked, capacity: w.capacity }), href: `/programmes/${PLUGIN_ID}/windows/${w.id}` })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const submission = parseWithZod(await readFormData(request), { schema: windowSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await createWindow(submission.value, actor);
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}/windows?added=1` } });
}

/** The query for the list's page links, without "added": turning the page would show the banner again. */
function withoutAdded(search: string) {
  const params = new URLSearchParams(search);
  params.delete("added");
  return `?${params.toString()}`;
}

export default function Windows() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof windowSchema>>({ id: "window", lastResult });
  const errors = summaryItems(t, [fields.track, fields.knowledgeOn, fields.knowledgePlace, fields.practiceOn, fields.practicePlace, fields.capacity], form.errors);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <SuccessBanner title={t("home.doneTitle")} message={page.added && t("windows.added")} />
        <h1 className="govuk-heading-l">{t("windows.title")}</h1>
        {page.windows.length === 0 ? (
          <p className="govuk-body">{t("windows.none")}</p>
        ) : (
          <Table
            caption={t("windows.caption")}
            rows={page.windows}
            rowKey={(w) => w.id}
            columns={[
              { key: "track", header: t("windows.track"), cell: (w) => t(`track.${w.track}`) },
              { key: "knowledge", header: t("track.knowledge"), cell: (w) => w.knowledge },
              { key: "practice", header: t("track.practice"), cell: (w) => w.practice },
              { key: "places", header: t("windows.places"), cell: (w) => w.places },
              {
                key: "people",
                header: t("windows.people"),
                cell: (w) => (
                  <Link className="govuk-link" to={w.href}>
                    {t("windows.seeBooked")}
                    <span className="govuk-visually-hidden">: {t("windows.whichWindow", { track: t(`track.${w.track}`), knowledge: w.knowledge })}</span>
                  </Link>
                ),
              },
            ]}
          />
        )}
        <Pagination page={page.page} pageCount={page.pageCount} search={withoutAdded(search)} />
        <h2 className="govuk-heading-m">{t("windows.addHeading")}</h2>
        <Form method="post" {...getFormProps(form)} noValidate className="govuk-!-width-two-thirds">
          <Radios id={fields.track.id} name={fields.track.name} legend={t("windows.track")} error={firstError(t, fields.track)} defaultValue={fields.track.initialValue as string | undefined} inline options={TRACKS.map((tr) => ({ value: tr, label: t(`track.${tr}`) }))} />
          <Field {...getInputProps(fields.knowledgeOn, { type: "date" })} key={fields.knowledgeOn.key} id={fields.knowledgeOn.id} name={fields.knowledgeOn.name} label={t("windows.knowledgeOn")} error={firstError(t, fields.knowledgeOn)} />
          <Field {...getInputProps(fields.knowledgePlace, { type: "text" })} key={fields.knowledgePlace.key} id={fields.knowledgePlace.id} name={fields.knowledgePlace.name} label={t("windows.knowledgePlace")} error={firstError(t, fields.knowledgePlace)} />
          <Field {...getInputProps(fields.practiceOn, { type: "date" })} key={fields.practiceOn.key} id={fields.practiceOn.id} name={fields.practiceOn.name} label={t("windows.practiceOn")} error={firstError(t, fields.practiceOn)} />
          <Field {...getInputProps(fields.practicePlace, { type: "text" })} key={fields.practicePlace.key} id={fields.practicePlace.id} name={fields.practicePlace.name} label={t("windows.practicePlace")} error={firstError(t, fields.practicePlace)} />
          <Field {...getInputProps(fields.capacity, { type: "text" })} key={fields.capacity.key} id={fields.capacity.id} name={fields.capacity.name} label={t("windows.capacity")} inputMode="numeric" className="govuk-input--width-4" error={firstError(t, fields.capacity)} />
          <Button>{t("windows.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}
