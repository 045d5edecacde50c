import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CASELOAD_PATH } from "../constants";

/** The caseload pages that the viewer may open, except the one they are on. */
export function CaseloadLinks({ current, canImport, canChangeSettings }: { current: "check" | "highest" | "trend"; canImport: boolean; canChangeSettings: boolean }) {
  const { t } = useTranslation("asye");
  const links = [
    { key: "check", href: CASELOAD_PATH, label: t("caseload.title"), show: current !== "check" },
    { key: "highest", href: `${CASELOAD_PATH}/highest`, label: t("caseload.links.highest"), show: current !== "highest" },
    { key: "trend", href: `${CASELOAD_PATH}/trend`, label: t("caseload.links.trend"), show: current !== "trend" },
    { key: "import", href: `${CASELOAD_PATH}/import`, label: t("caseload.links.import"), show: canImport },
    { key: "settings", href: `${CASELOAD_PATH}/settings`, label: t("caseload.links.settings"), show: canChangeSettings },
  ].filter((l) => l.show);
  return (
    <nav aria-labelledby="caseload-links">
      <h2 className="govuk-heading-m" id="caseload-links">
        {t("caseload.links.title")}
      </h2>
      <ul className="govuk-list">
        {links.map((l) => (
          <li key={l.key}>
            <Link className="govuk-link" to={l.href}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
