import { useTranslation } from "react-i18next";
import { SummaryList } from "./SummaryList";
import { Tag } from "./Tag";

export interface PersonRecordData {
  given_name: string;
  family_name: string;
  employee_number: string;
  job_title: string;
  role_category: string;
  team_name: string;
  locality_name: string | null;
  manager_given: string | null;
  manager_family: string | null;
  qualification_date: string | null;
  registration_number: string | null;
  registration_expiry: string | null;
  yearsQualified: number | null;
  registrationState: "current" | "expiring" | "expired" | "none";
  dates: { qualification: string; registrationExpiry: string };
}

const REGISTRATION_COLOUR = { current: "green", expiring: "yellow", expired: "red", none: "grey" } as const;

/** The HR record of one person, as shown on /me and on a person's page. */
export function PersonRecord({ person }: { person: PersonRecordData }) {
  const { t } = useTranslation();
  const manager = person.manager_given ? `${person.manager_given} ${person.manager_family}` : t("person.noManager");
  return (
    <SummaryList
      rows={[
        { key: "role", label: t("person.role"), value: `${person.job_title} (${t(`roleCategory.${person.role_category}`)})` },
        { key: "employee", label: t("person.employeeNumber"), value: person.employee_number },
        { key: "team", label: t("person.team"), value: person.locality_name ? `${person.team_name}, ${person.locality_name}` : person.team_name },
        { key: "manager", label: t("person.manager"), value: manager },
        {
          key: "qualified",
          label: t("person.qualified"),
          value: person.qualification_date ? person.dates.qualification : t("person.notQualified"),
        },
        { key: "years", label: t("person.yearsQualified"), value: person.yearsQualified === null ? t("person.notQualified") : String(person.yearsQualified) },
        {
          key: "registration",
          label: t("person.registration"),
          value: person.registration_number ? (
            <>
              {t("person.registrationNumber", { number: person.registration_number, date: person.dates.registrationExpiry })}{" "}
              <Tag colour={REGISTRATION_COLOUR[person.registrationState]}>{t(`person.registrationState.${person.registrationState}`)}</Tag>
            </>
          ) : (
            t("person.noRegistration")
          ),
        },
      ]}
    />
  );
}
