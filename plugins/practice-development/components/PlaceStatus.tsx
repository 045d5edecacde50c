// The viewer's own enrolment on a session, in a table's action cell: what it is, the calendar entry
// when it is a place, and a way to give it up: a place before the session starts, a request or a spot on
// the waiting list at any time.
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { cancelLabel, hasPlace, placeText, type Place } from "../places";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";

export function PlaceStatus({ place, cohort }: { place: Place; cohort: { id: number; name: string; begun: boolean; cancellable: boolean } }) {
  const { t } = useTranslation(PLUGIN_ID);
  const label = cohort.cancellable ? cancelLabel(place) : null;
  const location = useLocation();
  return (
    <>
      {placeText(t, place, cohort.begun)}
      {hasPlace(place) ? (
        <>
          {" "}
          <a className="govuk-link" href={`${BASE}/briefings/sessions/${cohort.id}/calendar`}>
            {t("sessions.calendar")}
            <span className="govuk-visually-hidden"> {cohort.name}</span>
          </a>
        </>
      ) : null}
      {label ? (
        <Form method="post" action={postBackTo(location)} className="govuk-!-margin-top-2">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="cohort" value={cohort.id} />
          <Button variant="secondary" className="govuk-!-margin-bottom-0">
            {t(label)}
            <span className="govuk-visually-hidden"> {cohort.name}</span>
          </Button>
        </Form>
      ) : null}
    </>
  );
}
