import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { StageRequirements, type StageRequirementRow } from "./StageRequirements";
import { SummaryList } from "./SummaryList";

interface Props {
  request: { name: string; role: string; from: string; to: string; asked: string; statement: string };
  requirements: StageRequirementRow[];
  closeness: string;
  /** What this reader is also shown, after what everyone deciding sees. */
  moreRows?: { key: string; label: string; value: ReactNode }[];
}

/** A progression request as those deciding it read it: who asks for what, and how they stand against it. */
export function ProgressionRequestSummary({ request: r, requirements, closeness, moreRows = [] }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <SummaryList
        rows={[
          { key: "name", label: t("person.name"), value: r.name },
          { key: "role", label: t("person.role"), value: r.role },
          { key: "from", label: t("progression.fromStage"), value: r.from },
          { key: "to", label: t("progression.toStage"), value: r.to },
          { key: "asked", label: t("progression.asked"), value: r.asked },
          { key: "statement", label: t("progression.statement"), value: r.statement },
          ...moreRows,
        ]}
      />
      <h2 className="govuk-heading-m">{t("progression.requirementsHeading", { stage: r.to })}</h2>
      {closeness ? <p className="govuk-body">{closeness}</p> : null}
      <StageRequirements requirements={requirements} />
    </>
  );
}
