import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../../../../app/components/Button";
import { Select } from "../../../../app/components/Select";

/** A GET form that picks the week to show (and any other filters given), so it works without JavaScript. */
export function WeekPicker({ weeks, selected, submitLabel, children }: { weeks: { value: string; label: string }[]; selected: string; submitLabel?: string; children?: ReactNode }) {
  const { t } = useTranslation("asye");
  return (
    <form method="get" className="govuk-!-margin-bottom-6" id="week-picker">
      <Select id="week" name="week" label={t("caseload.week")} options={weeks} defaultValue={selected} />
      {children}
      <Button variant="secondary">{submitLabel ?? t("caseload.weekSubmit")}</Button>
    </form>
  );
}
