// Staff record vocabulary shared by the server and the pages (so it must not live in a .server module).
export const ROLE_CATEGORIES = [
  "social_care_officer",
  "apprentice",
  "asye_social_worker",
  "social_worker",
  "senior_practitioner",
  "advanced_practitioner",
  "practice_supervisor",
  "assistant_team_manager",
  "team_manager",
  "service_manager",
  "head_of_service",
  "independent_reviewing_officer",
  "personal_adviser",
  "learning_development",
  "business_support",
] as const;
export type RoleCategory = (typeof ROLE_CATEGORIES)[number];

/** The columns of the HR staff CSV, in the order HR exports them. */
export const IMPORT_COLUMNS = [
  "employee_number", "given_name", "family_name", "email", "job_title", "role_category", "team",
  "line_manager_employee_number", "fte", "employment_start", "qualification_date", "registration_number", "registration_expiry",
] as const;
