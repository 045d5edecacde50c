import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Every lookup by employee number (the audit filter, bulk enrolment, attendance, the ASYE caseload and the
 * Level 5 pages) reads what is typed in capitals, but the staff import stored a number as the file wrote
 * it, so "ab-12" could never be found. The import now stores capitals; this puts earlier numbers the same
 * way. Numbers that differ only in case ("old-2" and "OLD-2") are left as they are: which person HR
 * means is not ours to guess.
 */
export const employeeNumbersInCapitals: Migration = {
  async up(db: AnyDb) {
    await db
      .updateTable("people")
      .set({ employee_number: sql`upper(employee_number)` })
      .where("employee_number", "<>", sql<string>`upper(employee_number)`)
      .where(sql<string>`upper(employee_number)`, "not in", sql<string>`(select upper(employee_number) from people group by upper(employee_number) having count(*) > 1)`)
      .execute();
  },
  async down() {
    // The capitals stay: which numbers were written otherwise is not kept.
  },
};
