import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SummaryList } from "../../../app/components/SummaryList";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { READER_WORDING } from "../programme";
import type { TrackView } from "../server/views.server";

const STATE_COLOUR = { ready: "green", needs_evidence: "yellow", below: "yellow", not_rated: "grey" } as const;

const STAGE_COLOUR = { none: "grey", requested: "blue", not_yet: "red", endorsed: "green", booked: "blue", accredited: "green", not_yet_accredited: "red" } as const;

/**
 * Where a person stands on one track: score, journey, what holds them back, and every statement. Shown to
 * the person and to their manager or L&D, so the headings follow `view.reader` like the reasons in it do.
 */
export function TrackSummary({ view, statementHref }: { view: TrackView; statementHref: (id: number) => string }) {
  const { t } = useTranslation("naas");
  const words = READER_WORDING[view.reader];
  return (
    <>
      <SummaryList
        rows={[
          { key: "framework", label: t("track.framework"), value: view.framework ? t("track.frameworkValue", { title: view.framework.title, version: view.framework.version }) + (view.framework.validTo ? ` ${t("track.validTo", { date: view.framework.validTo })}` : "") : t("track.noFramework") },
          { key: "score", label: t("track.score"), value: t("track.scoreValue", { score: view.score, ready: view.ready, total: view.total, count: view.total }) },
          { key: "stage", label: t(words.stage), value: <Tag colour={STAGE_COLOUR[view.stage]}>{view.stageName}</Tag> },
          ...(view.endorsementNote ? [{ key: "note", label: t("track.endorsementNote"), value: view.endorsementNote }] : []),
          ...(view.booking
            ? [
                { key: "knowledge", label: t("track.knowledge"), value: t("track.when", { date: view.booking.knowledgeOn, place: view.booking.knowledgePlace }) },
                { key: "practice", label: t("track.practice"), value: t("track.when", { date: view.booking.practiceOn, place: view.booking.practicePlace }) },
              ]
            : []),
          ...(view.outcomeOn ? [{ key: "outcome", label: t("track.outcome"), value: t(`stages.${view.stage}`) + `: ${view.outcomeOn}` }] : []),
        ]}
      />
      {view.gaps.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">{t(words.gapsHeading)}</h3>
          <ul className="govuk-list govuk-list--bullet">
            {view.gaps.map((g) => (
              <li key={g.id}>
                <Link className="govuk-link" to={statementHref(g.id)}>
                  {t("statement.short", { number: g.number, title: g.title })}
                </Link>
                : {g.reason}
              </li>
            ))}
          </ul>
        </>
      ) : view.total > 0 ? (
        <p className="govuk-body">{t("track.allReady")}</p>
      ) : null}
      {view.statements.length > 0 ? (
        <Table
          caption={t("track.statementsCaption")}
          rows={view.statements}
          rowKey={(s) => s.id}
          columns={[
            { key: "statement", header: t("statement.heading"), cell: (s) => <Link className="govuk-link" to={statementHref(s.id)}>{t("statement.short", { number: s.number, title: s.title })}</Link> },
            { key: "self", header: t("statement.selfRating"), cell: (s) => s.self },
            { key: "manager", header: t("statement.managerView"), cell: (s) => s.manager },
            { key: "evidence", header: t("statement.evidence"), numeric: true, cell: (s) => s.evidence },
            { key: "state", header: t("statement.state"), cell: (s) => <Tag colour={STATE_COLOUR[s.state]}>{t(`states.${s.state}`)}</Tag> },
          ]}
        />
      ) : null}
    </>
  );
}
