// A manager with more waiting than the /team inbox lists sees the oldest, and the page says more wait,
// rather than the newest falling off the list unannounced.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import { createCohort } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import { INBOX_LIMIT } from "../../app/utils/inbox-limit";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";

type Page = { inbox: { key: string }[]; inboxMore: boolean };
const teamPage = async () => (await run(team.loader, await requestAs("manager", "/team"))).data as Page;

let cohortId: number;
let people: number[];

beforeAll(async () => {
  await seedDemo();
  const manager = await personIdOf("manager");
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", manager).executeTakeFirstOrThrow()).team_id;
  cohortId = await createCohort(
    { programmeId: "leadership", name: "A backlog of requests", startsOn: "2030-02-04", endsOn: "2030-09-04", capacity: 300, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
    null,
    { userId: null, personId: null },
  );
  const rows = Array.from({ length: INBOX_LIMIT + 1 }, (_, i) => newPerson({ employee_number: `BACKLOG${i}`, given_name: "Waiting", family_name: `Backlog ${i}`, email: `backlog.${i}@example.test`, team_id: teamId }, { line_manager_id: manager }));
  people = [];
  for (let i = 0; i < rows.length; i += 100) people.push(...(await db().insertInto("people").values(rows.slice(i, i + 100)).returning("id").execute()).map((r) => r.id));
});

async function requestsFrom(ids: number[]) {
  const now = Date.now();
  // Oldest first by the order given, and all older than the demo's own requests.
  await db()
    .insertInto("enrolments")
    .values(ids.map((personId, i) => ({ cohort_id: cohortId, person_id: personId, status: "requested" as const, requested_by: personId, created_at: new Date(now - 400 * 86_400_000 + i * 1000).toISOString(), updated_at: new Date(now).toISOString() })))
    .execute();
}

describe("the /team inbox with a backlog", () => {
  it("lists the oldest, and says more wait only when they do", async () => {
    await requestsFrom(people.slice(0, 10));
    expect((await teamPage()).inboxMore).toBe(false);
    await requestsFrom(people.slice(10));
    const page = await teamPage();
    expect(page.inbox).toHaveLength(INBOX_LIMIT);
    expect(page.inboxMore).toBe(true);
    const oldest = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).orderBy("created_at").limit(INBOX_LIMIT).execute();
    expect(page.inbox.map((i) => i.key)).toEqual(oldest.map((e) => `request-${e.id}`));
    expect(fixedT("en-GB")("inbox.more", { count: INBOX_LIMIT })).toBe("More items wait than are listed here: these are the oldest 200. Deal with these first, and the next will follow.");
  });
});
