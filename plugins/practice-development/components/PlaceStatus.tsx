// The viewer's own enrolment on a session, in a table's action cell: what it is, and the calendar entry
// when it is a place.
import { useTranslation } from "react-i18next";
import { hasPlace, placeText, type Place } from "../places";
import { BASE, PLUGIN_ID } from "../programme";

export function PlaceStatus({ place, cohort }: { place: Place; cohort: { id: number; name: string } }) {
  const { t } = useTranslation(PLUGIN_ID);
  if (!hasPlace(place)) return <>{placeText(t, place)}</>;
  return (
    <>
      {placeText(t, place)}{" "}
      <a className="govuk-link" href={`${BASE}/briefings/sessions/${cohort.id}/calendar`}>
        {t("sessions.calendar")}
        <span className="govuk-visually-hidden"> {cohort.name}</span>
      </a>
    </>
  );
}
