// The list of apprentices leaves out places held by an offer nobody has answered, asking of each place
// whether its application's offer is unanswered. That question is answered through the applications'
// index on the place (migration 0003), not by reading every application for each apprentice.
import { beforeAll, describe, expect, it } from "vitest";
import { isPostgres } from "../../sdk/migrations";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../../../tests/support/statement-plans";
import { apprentices } from "../server/progress.server";

beforeAll(seedDemo);

describe("the unanswered-offer check on the list of apprentices", () => {
  it("reads the applications through their index on the place", async () => {
    const statements = await statementsRunBy(() => apprentices());
    const listing = statements.filter((s) => s.sql.includes("apprenticeship_applications as offer"));
    expect(listing.length).toBeGreaterThan(0);
    for (const statement of listing) {
      if (isPostgres(db())) {
        const plan = await postgresPlanAtScale(statement);
        expect(plan).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) apprenticeship_applications_enrolment_idx/);
        expect(plan).not.toMatch(/Seq Scan on apprenticeship_applications/);
      } else {
        const plan = await sqlitePlan(statement);
        expect(plan).toMatch(/SEARCH offer USING (COVERING )?INDEX apprenticeship_applications_enrolment_idx \(enrolment_id=\?\)/);
        expect(plan).not.toMatch(/SCAN offer/);
      }
    }
  });
});
