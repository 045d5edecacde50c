// The Level 5 take-up report (/programmes/leadership/reports) is one of the programme reports
// /admin/reports lists, named in the reader's language: the list is made from the plugins' `reports`.
import { beforeAll, describe, expect, it } from "vitest";
import * as adminReports from "../../../app/routes/admin.reports";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as uptake from "../routes/reports";

beforeAll(seedDemo);

type Listed = { programmeReports: { href: string; label: string }[] };
const listed = async (query = "") => ((await run(adminReports.loader, await requestAs("ld", `/admin/reports${query}`))).data as Listed).programmeReports;

describe("/admin/reports", () => {
  it("lists Level 5 take-up by locality and role, linking to the report, in English and in Welsh", async () => {
    expect(await listed()).toContainEqual({ href: "/programmes/leadership/reports", label: "Level 5 take-up by locality and role" });
    expect(await listed("?lng=cy")).toContainEqual({ href: "/programmes/leadership/reports", label: "Y nifer sy'n manteisio ar Lefel 5 yn ôl ardal a rôl" });
    // The link leads to the report, which answers for the same reader.
    const page = await run(uptake.loader, await requestAs("ld", "/programmes/leadership/reports"));
    expect(page.status).toBe(200);
  });
});
