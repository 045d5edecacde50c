// The team CSV says what /team and the person's page say about the same person, in the reader's language:
// "Not a qualified social worker" where the table says so (not an empty cell), the readiness score as the
// table shows it, and headings in the same language. Dates stay ISO dates, which a spreadsheet sorts as
// dates in either language.
// Formula escaping stays (tests/integration/team.test.ts).
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import * as teamPerson from "../../app/routes/team.$personId._index";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { fixedT } from "../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml } from "../support/html-forms";
import { newPerson } from "../support/new-person";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

const SURNAME = "Wordingtest";
let qualified: number;
let unqualified: number;

async function reportOfManager(given: string, rest: Parameters<typeof newPerson>[1]) {
  const managerId = await personIdOf("manager");
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", managerId).executeTakeFirstOrThrow();
  const names = { employee_number: `WORDING-${given}`, given_name: given, family_name: SURNAME, email: `wording-${given.toLowerCase()}@example.test`, team_id };
  const [person] = await db().insertInto("people").values(newPerson(names, { line_manager_id: managerId, ...rest })).returning("id").execute();
  return person.id;
}

beforeAll(async () => {
  await seedDemo();
  qualified = await reportOfManager("Nia", { qualification_date: "2019-07-01", registration_number: "SW100200", registration_expiry: "2031-03-31" });
  unqualified = await reportOfManager("Owain", { job_title: "Family Support Worker", role_category: "family_support" });
});

interface TeamRow {
  id: number;
  yearsQualified: number | null;
  score: number | null;
}

/** The CSV as the manager downloads it from /team in `locale`, one object a person keyed by its headings. */
async function csvRows(locale: Locale) {
  const csv = (await run(teamCsv.loader, await requestAs("manager", `/team/export.csv?q=${SURNAME}&lng=${locale}`))).data as string;
  return parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

describe.each<Locale>(["en-GB", "cy"])("the team CSV in %s", (locale) => {
  const t = fixedT(locale);
  const heading = {
    employee: t("export.columns.employeeNumber"),
    qualificationDate: t("export.columns.qualificationDate"),
    registrationExpiry: t("export.columns.registrationExpiry"),
    yearsQualified: t("team.yearsQualified"),
    score: t("team.score"),
  };

  it("words each person as /team and their page do", async () => {
    const page = (await run(team.loader, await requestAs("manager", `/team?q=${SURNAME}&lng=${locale}`))).data as { rows: TeamRow[] };
    const html = decodeHtml(await renderedAfterPost(team.default, page, null, locale));
    const rows = await csvRows(locale);
    expect(rows).toHaveLength(2);
    for (const id of [qualified, unqualified]) {
      const { employee_number } = await db().selectFrom("people").select("employee_number").where("id", "=", id).executeTakeFirstOrThrow();
      const row = rows.find((r) => r[heading.employee] === employee_number)!;
      const shown = page.rows.find((r) => r.id === id)!;
      const person = ((await run(teamPerson.loader, await requestAs("manager", `/team/${id}?lng=${locale}`), { personId: String(id) })).data as { person: { qualification_date: string | null } }).person;

      // The table's words for years qualified and the score, which the page shows for this person.
      const years = shown.yearsQualified === null ? t("person.notQualified") : String(shown.yearsQualified);
      const score = shown.score === null ? t("team.readinessNone") : `${shown.score}%`;
      expect(row[heading.yearsQualified]).toBe(years);
      expect(row[heading.score]).toBe(score);
      expect(html).toContain(`>${score}<`);
      expect(html).toContain(`>${years}<`);
      // The person's dates as held, or the page's words for a date they do not have.
      expect(row[heading.qualificationDate]).toBe(person.qualification_date ?? t("person.notQualified"));
    }
    const nia = rows.find((r) => r[heading.employee] === "WORDING-Nia")!;
    expect(nia[heading.qualificationDate]).toBe("2019-07-01");
    expect(nia[heading.registrationExpiry]).toBe("2031-03-31");
    const owain = rows.find((r) => r[heading.employee] === "WORDING-Owain")!;
    expect(owain[heading.yearsQualified]).toBe(t("person.notQualified"));
    expect(owain[heading.registrationExpiry]).toBe(t("person.noRegistration"));
  });
});
