import { useTranslation } from "react-i18next";
import { Tag } from "./Tag";

export interface StageRequirementRow {
  key: string;
  label: string;
  status: "met" | "in_progress" | "not_met";
  met: boolean;
  /** False when it does not apply to the person; absent means it does. */
  applies?: boolean;
  reason: string;
  actionHref?: string;
}

function RequirementTag({ row }: { row: StageRequirementRow }) {
  const { t } = useTranslation();
  if (row.applies === false) return <Tag colour="grey">{t("readiness.status.not_applicable")}</Tag>;
  const { colour, key } = STANDING_TAG[row.status];
  return <Tag colour={colour}>{t(key)}</Tag>;
}

// The readiness list's colours (ReadinessList.tsx), so a requirement in progress reads the same on both.
const STANDING_TAG = {
  met: { colour: "green", key: "pathway.met" },
  in_progress: { colour: "yellow", key: "pathway.inProgress" },
  not_met: { colour: "red", key: "pathway.notMet" },
} as const;

/** What a career stage asks for, each met, in progress, not met or not applying, with its reason and where to act on it. */
export function StageRequirements({ requirements }: { requirements: StageRequirementRow[] }) {
  const { t } = useTranslation();
  if (requirements.length === 0) return <p className="govuk-body">{t("pathway.noRequirements")}</p>;
  return (
    <dl className="govuk-summary-list">
      {requirements.map((r) => (
        <div key={r.key} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{r.label}</dt>
          <dd className="govuk-summary-list__value">
            <RequirementTag row={r} /> {r.reason}
          </dd>
          <dd className="govuk-summary-list__actions">
            {r.actionHref && r.applies !== false && !r.met ? (
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
