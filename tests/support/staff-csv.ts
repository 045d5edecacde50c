// Builds HR staff CSV files for import tests.
import { db } from "../../app/utils/db.server";

/** The demo team manager's employee number, to name as a line manager in a file. */
export const managerNumber = async () =>
  (await db().selectFrom("people").select("employee_number").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow()).employee_number;

export const HEADER = "employee_number,given_name,family_name,email,job_title,role_category,team,line_manager_employee_number,fte,employment_start,qualification_date,registration_number,registration_expiry";

export interface StaffLine {
  employee: string;
  given?: string;
  family?: string;
  email?: string;
  title?: string;
  category?: string;
  team?: string;
  manager?: string;
  fte?: string;
  start?: string;
  qualified?: string;
  registration?: string;
  expiry?: string;
}

export function staffCsv(lines: StaffLine[], header = HEADER) {
  const rows = lines.map((l) =>
    [
      l.employee,
      l.given ?? "Test",
      l.family ?? `Person ${l.employee}`,
      l.email ?? `${l.employee.toLowerCase()}@council.example`,
      l.title ?? "Social Worker",
      l.category ?? "social_worker",
      l.team ?? "T-1-1",
      l.manager ?? "",
      l.fte ?? "1",
      l.start ?? "2020-01-06",
      l.qualified ?? "2019-07-01",
      l.registration ?? "SW900001",
      l.expiry ?? "2027-11-30",
    ].join(","),
  );
  return [header, ...rows].join("\n") + "\n";
}
