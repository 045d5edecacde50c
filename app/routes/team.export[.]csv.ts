import type { LoaderFunctionArgs } from "@remix-run/node";
import { bandFrom, columnId, describeMembers, lineScores, requirementColumns, tooManyMessage } from "../services/team-readiness.server";
import { csvResponse, toCsv } from "../utils/csv.server";
import { authorize } from "../utils/guard.server";
import { listOptionsFrom } from "../utils/list-params.server";

/**
 * The same rows as the team readiness table, with its filters and sort, every page, as CSV, in the words
 * the page uses in the reader's language: "Not a qualified social worker" rather than an empty cell, the
 * score as the table shows it. Dates stay as ISO dates (2019-07-01), which a spreadsheet sorts and
 * filters as dates in either language, where "1 Gorffennaf 2019" would be text.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "team.view");
  const url = new URL(request.url);
  const team = await lineScores(viewer, { ...listOptionsFrom(url), band: bandFrom(url.searchParams.get("band")) }, locale);
  if (team.tooMany !== null) {
    return new Response(tooManyMessage(t, team.tooMany, locale), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const columns = requirementColumns(team.all, locale);
  const header = [
    ...["employeeNumber", "givenName", "familyName", "email", "jobTitle", "roleCategory", "team", "qualificationDate", "registrationExpiry"].map((k) => t(`export.columns.${k}`)),
    t("team.yearsQualified"),
    t("team.stage"),
    t("team.score"),
    t("team.band"),
    ...columns.map((c) => c.label),
  ];
  // A locality's export has thousands of cells sharing a handful of words: translate each word once.
  const word = once((key: string) => t(key));
  const rows = (await describeMembers(team.all, locale)).map((p) => {
    const cells = new Map(p.items.map((item) => [columnId(item), `${word(`readiness.status.${item.status}`)}: ${item.reason}`]));
    return [
      p.employee_number, p.given_name, p.family_name, p.email, p.job_title, word(`roleCategory.${p.role_category}`), p.team_name,
      p.qualification_date ?? word("person.notQualified"),
      p.registration_expiry ?? word("person.noRegistration"),
      p.yearsQualified ?? word("person.notQualified"),
      p.stage,
      p.score === null ? word("team.readinessNone") : `${p.score}%`,
      word(`team.bands.${p.band}`),
      ...columns.map((c) => cells.get(c.id) ?? word("readiness.status.not_applicable")),
    ];
  });
  return csvResponse("team.csv", toCsv(header, rows));
}

function once(translate: (key: string) => string) {
  const known = new Map<string, string>();
  return (key: string) => {
    let text = known.get(key);
    if (text === undefined) known.set(key, (text = translate(key)));
    return text;
  };
}
