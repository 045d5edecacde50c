import { useTranslation } from "react-i18next";
import { Tag } from "./Tag";

export interface ReadinessRow {
  source: string;
  requirementId: string;
  status: "met" | "in_progress" | "not_met" | "not_applicable";
  label: string;
  reason: string;
  actionHref?: string;
}

export const READINESS_COLOUR = { met: "green", in_progress: "yellow", not_met: "red", not_applicable: "grey" } as const;

export function ReadinessList({ items }: { items: ReadinessRow[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="govuk-body">{t("readiness.none")}</p>;
  return (
    <dl className="govuk-summary-list">
      {items.map((item) => (
        <div key={`${item.source}-${item.requirementId}`} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{item.label}</dt>
          <dd className="govuk-summary-list__value">
            <Tag colour={READINESS_COLOUR[item.status]}>{t(`readiness.status.${item.status}`)}</Tag> {item.reason}
          </dd>
          <dd className="govuk-summary-list__actions">
            {item.actionHref ? (
              <a className="govuk-link" href={item.actionHref}>
                {t("readiness.act")}
                <span className="govuk-visually-hidden"> {item.label}</span>
              </a>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The person's readiness score with how it is worked out, above their readiness list, told to them or to someone reading about them. */
export function ReadinessScore({ score, aboutSomeoneElse = false }: { score: number | null; aboutSomeoneElse?: boolean }) {
  const { t } = useTranslation();
  if (score === null) return null;
  return (
    <>
      <p className="govuk-body govuk-!-font-weight-bold">{t("readiness.score", { score })}</p>
      <p className="govuk-hint">{t(aboutSomeoneElse ? "readiness.scoreHintOther" : "readiness.scoreHint")}</p>
    </>
  );
}
