import type { LoaderFunctionArgs } from "@remix-run/node";
import { allPeople } from "../services/people.server";
import { csvResponse, toCsv } from "../utils/csv.server";
import { authorize } from "../utils/guard.server";
import { listOptionsFrom } from "../utils/list-params.server";

/** The manager's people, with the page's filters and sort, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, t } = await authorize(request, "team.view");
  const options = listOptionsFrom(new URL(request.url));
  const rows: (string | number | null)[][] = [];
  for await (const batch of allPeople(viewer, options)) {
    for (const p of batch) {
      rows.push([p.employee_number, p.given_name, p.family_name, p.email, p.job_title, t(`roleCategory.${p.role_category}`), p.team_name, p.qualification_date, p.registration_expiry]);
    }
  }
  const header = ["employeeNumber", "givenName", "familyName", "email", "jobTitle", "roleCategory", "team", "qualificationDate", "registrationExpiry"].map((k) => t(`export.columns.${k}`));
  return csvResponse("team.csv", toCsv(header, rows));
}
