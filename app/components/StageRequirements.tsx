import { useTranslation } from "react-i18next";
import { Tag } from "./Tag";

export interface StageRequirementRow {
  key: string;
  label: string;
  met: boolean;
  reason: string;
  actionHref?: string;
}

/** What a career stage asks for, each met or not with its reason and where to act on it. */
export function StageRequirements({ requirements }: { requirements: StageRequirementRow[] }) {
  const { t } = useTranslation();
  if (requirements.length === 0) return <p className="govuk-body">{t("pathway.noRequirements")}</p>;
  return (
    <dl className="govuk-summary-list">
      {requirements.map((r) => (
        <div key={r.key} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{r.label}</dt>
          <dd className="govuk-summary-list__value">
            <Tag colour={r.met ? "green" : "red"}>{t(r.met ? "pathway.met" : "pathway.notMet")}</Tag> {r.reason}
          </dd>
          <dd className="govuk-summary-list__actions">
            {r.actionHref && !r.met ? (
              <a className="govuk-link" href={r.actionHref}>
                {t("readiness.act")}
                <span className="govuk-visually-hidden"> {r.label}</span>
              </a>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
