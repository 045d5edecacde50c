// A table of sessions (a briefing's, or a Signs of Safety stage's): when, places left, and the viewer's
// place on each or a button to book one. The briefing page and the Signs of Safety page list the viewer's
// own sessions and a page of those to come with it, and L&D the sessions that have begun.
import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../app/components/Button";
import { Table } from "../../../app/components/Table";
import type { Place } from "../places";
import { postBackTo } from "../post-back";
import { BASE, PLUGIN_ID } from "../programme";
import { PlaceStatus } from "./PlaceStatus";

export interface CohortRow {
  id: number;
  name: string;
  /** When it starts; null when every date is cancelled. */
  when: string | null;
  left: number;
  capacity: number;
  place: Place | null;
  /** Its first scheduled session has begun: nobody is given a place on it now. */
  begun: boolean;
  /** The viewer can give up what they hold on it (`canGiveUp`). */
  cancellable: boolean;
}

/** `notBookable`: why the viewer cannot book (a translation key), or "" to leave the cell empty; null offers the button. */
export function CohortTable({ caption, rows, canManage, notBookable }: { caption: string; rows: CohortRow[]; canManage: boolean; notBookable: string | null }) {
  const { t } = useTranslation(PLUGIN_ID);
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(c) => c.id}
      columns={[
        { key: "name", header: t("sessions.name"), cell: (c) => (canManage ? <Link className="govuk-link" to={`${BASE}/briefings/sessions/${c.id}`}>{c.name}</Link> : c.name) },
        { key: "when", header: t("sessions.when"), cell: (c) => c.when ?? t("sessions.allCancelled") },
        { key: "places", header: t("sessions.places"), cell: (c) => t("sessions.placesLeft", { left: c.left, capacity: c.capacity }) },
        { key: "action", header: t("sessions.action"), cell: (c) => (c.place ? <PlaceStatus place={c.place} cohort={c} /> : notBookable === null ? <BookButton cohort={c} /> : notBookable && t(notBookable)) },
      ]}
    />
  );
}

function BookButton({ cohort }: { cohort: { id: number; name: string } }) {
  const { t } = useTranslation(PLUGIN_ID);
  const location = useLocation();
  return (
    <Form method="post" action={postBackTo(location)}>
      <input type="hidden" name="intent" value="book" />
      <input type="hidden" name="cohort" value={cohort.id} />
      <Button className="govuk-!-margin-bottom-0">
        {t("sessions.book")}
        <span className="govuk-visually-hidden"> {cohort.name}</span>
      </Button>
    </Form>
  );
}

/** Sessions that have begun, for L&D: each leads to its register. */
export function StartedCohorts({ rows, total, headingLevel = "h2" }: { rows: { id: number; name: string; when: string | null }[]; total: number; headingLevel?: "h2" | "h3" }) {
  const { t } = useTranslation(PLUGIN_ID);
  // Under a stage's own heading on the Signs of Safety page, a level below it.
  const Heading = headingLevel;
  return (
    <>
      <Heading className={headingLevel === "h2" ? "govuk-heading-m" : "govuk-heading-s"}>{t("sessions.startedHeading")}</Heading>
      <p className="govuk-body">{t("sessions.startedIntro", { count: total })}</p>
      <Table
        caption={t("sessions.startedCaption")}
        rows={rows}
        rowKey={(c) => c.id}
        columns={[
          { key: "name", header: t("sessions.name"), cell: (c) => <Link className="govuk-link" to={`${BASE}/briefings/sessions/${c.id}`}>{c.name}</Link> },
          { key: "when", header: t("sessions.when"), cell: (c) => c.when ?? t("sessions.allCancelled") },
        ]}
      />
    </>
  );
}

/** Sessions whose every date is cancelled, for L&D: each leads to its page, to see who still holds a place. */
export function CancelledCohorts({ rows, total, headingLevel = "h2" }: { rows: { id: number; name: string }[]; total: number; headingLevel?: "h2" | "h3" }) {
  const { t } = useTranslation(PLUGIN_ID);
  const Heading = headingLevel;
  return (
    <>
      <Heading className={headingLevel === "h2" ? "govuk-heading-m" : "govuk-heading-s"}>{t("sessions.cancelledHeading")}</Heading>
      <p className="govuk-body">{t("sessions.cancelledIntro", { count: total })}</p>
      <Table
        caption={t("sessions.cancelledCaption")}
        rows={rows}
        rowKey={(c) => c.id}
        columns={[
          { key: "name", header: t("sessions.name"), cell: (c) => <Link className="govuk-link" to={`${BASE}/briefings/sessions/${c.id}`}>{c.name}</Link> },
          { key: "when", header: t("sessions.when"), cell: () => t("sessions.allCancelled") },
        ]}
      />
    </>
  );
}

/** The query for one list's page links where a page has several paged lists (`pageOfList` reads it back). */
export function searchForList(search: string, list: string) {
  const params = new URLSearchParams(search);
  params.set("list", list);
  return `?${params.toString()}`;
}
