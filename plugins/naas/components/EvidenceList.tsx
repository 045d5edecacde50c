import { useTranslation } from "react-i18next";

export interface EvidenceItem {
  id: number;
  date: string;
  kind: string;
  reflection: string;
  fromOffer: boolean;
  carriedFrom: { framework: string; version: string; number: number } | null;
}

/** A statement's evidence, newest first, saying where an entry came from when not written here. */
export function EvidenceList({ evidence }: { evidence: EvidenceItem[] }) {
  const { t } = useTranslation("naas");
  if (evidence.length === 0) return <p className="govuk-body">{t("evidence.none")}</p>;
  return (
    <dl className="govuk-summary-list">
      {evidence.map((e) => (
        <div className="govuk-summary-list__row" key={e.id}>
          <dt className="govuk-summary-list__key">
            {e.date}
            <br />
            <span className="govuk-body-s">{t(`evidence.kinds.${e.kind}`)}</span>
          </dt>
          <dd className="govuk-summary-list__value">
            <p className="govuk-body">{e.reflection}</p>
            {e.carriedFrom ? <p className="govuk-body-s">{t("evidence.carried", e.carriedFrom)}</p> : null}
            {e.fromOffer ? <p className="govuk-body-s">{t("evidence.fromOffer")}</p> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
