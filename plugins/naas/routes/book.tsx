import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Button } from "../../../app/components/Button";
import { ErrorSummary } from "../../../app/components/ErrorSummary";
import { Radios } from "../../../app/components/Radios";
import { formatDate } from "../../../app/utils/dates";
import { readFormData } from "../../../app/utils/form-data.server";
import { firstError, summaryItems } from "../../../app/utils/forms";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageMeta } from "../../../app/utils/meta";
import { revalidateOnConflict } from "../../../app/utils/revalidate-on-conflict";
import { bookingSchema, trackSchema } from "../naas-forms";
import { PLUGIN_ID } from "../programme";
import { candidatesOf } from "../server/candidates.server";
import { naasEligibility } from "../server/eligibility.server";
import { awaitsOutcome, bookWindow, type BookingResult } from "../server/journey.server";
import { windowsWithPlaces } from "../server/windows.server";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;
export const shouldRevalidate = revalidateOnConflict;

/** The window chosen in a rejected submission, while it is still offered: one that filled up meanwhile has no radio to tick. */
const stillOffered = (chosen: unknown, open: { id: number }[]) => (typeof chosen === "string" && open.some((w) => String(w.id) === chosen) ? chosen : undefined);

async function bookingContext(request: Request) {
  const context = await authorizePlugin(request, PLUGIN_ID, "programmes.view");
  const parsed = trackSchema.safeParse(new URL(request.url).searchParams.get("track"));
  const track = parsed.success ? parsed.data : "practitioner";
  const candidate = (await candidatesOf([context.viewer.personId])).get(`${context.viewer.personId}:${track}`);
  // Booked on an assessment that has begun, the person waits for its outcome: no window is offered then.
  const sitting = awaitsOutcome(candidate, candidate?.window?.knowledge_on, londonToday()) ? candidate!.window!.knowledge_on : null;
  const eligible = Boolean((await naasEligibility([context.viewer.personId])).get(context.viewer.personId)?.[track].eligible);
  // The window the person holds: booked, and no outcome recorded on it yet.
  const held = candidate?.window && !candidate.outcome ? candidate.window : null;
  return { ...context, track, endorsed: candidate?.endorsement === "endorsed" && candidate.outcome !== "accredited", sitting, ineligible: !eligible, held };
}

/** An endorsed person picks an assessment window: the knowledge assessment and the simulated practice day. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t, track, endorsed, sitting, ineligible, held } = await bookingContext(request);
  // Windows after London's today: one starting today is past booking, even between midnight and 1am in summer.
  const windows = endorsed && !sitting && !ineligible ? await windowsWithPlaces({ track, from: londonToday() }) : [];
  return {
    title: t("naas:book.title"),
    track,
    endorsed,
    // No longer eligible for the track: no window is offered, whatever the endorsement.
    ineligible,
    assessmentBegunOn: sitting ? formatDate(sitting, locale) : null,
    held: held ? t("naas:book.held", { knowledge: formatDate(held.knowledge_on, locale), knowledgePlace: held.knowledge_place, practice: formatDate(held.practice_on, locale), practicePlace: held.practice_place }) : null,
    // The window held is said above the choices: picking it again would move nothing.
    windows: windows.filter((w) => w.id !== held?.id).map((w) => ({
      id: w.id,
      label: t("naas:book.window", { knowledge: formatDate(w.knowledge_on, locale), practice: formatDate(w.practice_on, locale) }),
      hint: t("naas:book.windowHint", { knowledgePlace: w.knowledge_place, practicePlace: w.practice_place, left: Math.max(0, w.capacity - w.booked) }),
      full: w.booked >= w.capacity,
    })),
  };
}

type BookingError = Extract<BookingResult, { ok: false }>["error"];

/**
 * The page offers only open windows, and only to someone eligible and endorsed who is not sitting the
 * assessment they booked: eligibility lost, an endorsement withdrawn or an outcome recorded by someone else, the last place taken, or the
 * booked assessment begun, while the page was open is the core's 409, "changed meanwhile", and the page
 * drawn again says why. A window that is not one of this track's, or has started, stays a 400.
 */
const LATE_REFUSALS: BookingError[] = ["book.errors.notEligible", "book.errors.notEndorsed", "book.errors.assessmentBegun", "book.errors.full"];
const bookingRefusalStatus = (error: BookingError) => (LATE_REFUSALS.includes(error) ? 409 : 400);

export async function action({ request }: ActionFunctionArgs) {
  const { viewer, actor, track } = await bookingContext(request);
  const submission = parseWithZod(await readFormData(request), { schema: bookingSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await bookWindow(viewer.personId, track, submission.value.window, londonToday(), actor);
  if (!result.ok) return data(submission.reply({ fieldErrors: { window: [result.error] } }), { status: bookingRefusalStatus(result.error) });
  return new Response(null, { status: 303, headers: { Location: `/programmes/${PLUGIN_ID}` } });
}

export default function Book() {
  const { t } = useTranslation(PLUGIN_ID);
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof bookingSchema>>({ id: "book", lastResult });
  const open = page.windows.filter((w) => !w.full);
  // A refusal can leave no window to choose (the endorsement taken back, the last place gone): the summary
  // then says why without linking to choices the page no longer shows.
  const showsChoices = !page.ineligible && page.endorsed && !page.assessmentBegunOn && open.length > 0;
  const errors = summaryItems(t, [fields.window], form.errors).map((item) => (showsChoices ? item : { message: item.message }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t("common:forms.errorSummaryTitle")} errors={errors} />
        <span className="govuk-caption-l">{t(`track.${page.track}`)}</span>
        <h1 className="govuk-heading-l">{t("book.title")}</h1>
        {page.held ? <p className="govuk-body">{page.held}</p> : null}
        {page.ineligible ? (
          <p className="govuk-body">{t("book.notEligible")}</p>
        ) : !page.endorsed ? (
          <p className="govuk-body">{t("book.notEndorsed")}</p>
        ) : page.assessmentBegunOn ? (
          <p className="govuk-body">{t("book.assessmentBegun", { date: page.assessmentBegunOn })}</p>
        ) : open.length === 0 ? (
          <p className="govuk-body">{t("book.noWindows")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} noValidate>
            <Radios key={fields.window.key} id={fields.window.id} name={fields.window.name} legend={t(page.held ? "book.moveLegend" : "book.legend")} error={firstError(t, fields.window)} defaultValue={stillOffered(fields.window.initialValue, open)} options={open.map((w) => ({ value: String(w.id), label: w.label, hint: w.hint }))} />
            <h2 className="govuk-heading-s">{t("book.checklistHeading")}</h2>
            <ul className="govuk-list govuk-list--bullet">
              <li>{t("book.photoId")}</li>
              <li>{t("book.registration")}</li>
            </ul>
            <Button>{t("book.submit")}</Button>
          </Form>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/programmes/${PLUGIN_ID}`}>{t("statement.back")}</Link>
        </p>
      </div>
    </div>
  );
}
