// A new rollout's, briefing's or session cohort's form sent twice (a double click, a resend) makes one
// record, and the second send lands on it as the first did, not on the list that shows it: the form's
// one-time token keeps the id of what its first send made (core migration 0028), so the record is found by
// that id, not by the form's values, which two records made alike on purpose share. When the first send kept
// no id (a token claimed before ids were kept), or its record is gone, the second lands on the list as before.
import { beforeAll, describe, expect, it } from "vitest";
import { newFormToken } from "../../../app/services/submitted-forms.server";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run, type Outcome } from "../../../tests/support/route";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import * as newRollout from "../routes/rollouts.new";
import { pdDb } from "../server/db.server";
import { BASE, inDays, post, seedWithSampleTeams } from "./audit-requests";
import { createBriefing } from "./briefing-requests";

type Fields = Record<string, string | string[]>;

/** One of the forms: where it is sent, what it sends (told apart by `name`), where it lands, and how its record is removed. */
interface NewForm {
  what: string;
  action: Parameters<typeof run>[0];
  path: string;
  fields: (name: string) => Fields;
  made: (name: string) => Promise<number[]>;
  landing: (id: number) => string;
  /** Where a send lands that finds nothing its first send made: the list that shows the record. */
  list: () => string;
  remove: (id: number) => Promise<void>;
}

let teamA = 0;
let sessionBriefing = 0;
let rolloutBriefing = 0;
// A rollout's form names no title: each is told apart by its due date, a day apart from the others'.
const dueDates = new Map<string, string>();
const dueOn = (name: string) => {
  if (!dueDates.has(name)) dueDates.set(name, inDays(300 + dueDates.size));
  return dueDates.get(name)!;
};

const FORMS: NewForm[] = [
  {
    what: "rollout",
    action: newRollout.action,
    path: `${BASE}/rollouts/new`,
    fields: (name) => ({ briefing: String(rolloutBriefing), dueOn: dueOn(name), targetPercent: "85", teams: [String(teamA)] }),
    made: async (name) => (await pdDb().selectFrom("practice_development_rollouts").select("id").where("due_on", "=", dueOn(name)).orderBy("id").execute()).map((r) => r.id),
    landing: (id) => `${BASE}/rollouts/${id}?saved=1`,
    list: () => `${BASE}/rollouts`,
    remove: async (id) => {
      await pdDb().deleteFrom("practice_development_rollout_targets").where("rollout_id", "=", id).execute();
      await pdDb().deleteFrom("practice_development_rollouts").where("id", "=", id).execute();
    },
  },
  {
    what: "briefing",
    action: newBriefing.action,
    path: `${BASE}/briefings/new`,
    fields: (name) => ({ title: name, summary: "What to know", linkUrl: "https://intranet.example.org/again", delivery: "read" }),
    made: async (name) => (await pdDb().selectFrom("practice_development_briefings").select("id").where("title", "=", name).orderBy("id").execute()).map((r) => r.id),
    landing: (id) => `${BASE}/briefings/${id}?saved=created`,
    list: () => BASE,
    remove: async (id) => {
      await pdDb().deleteFrom("practice_development_briefing_versions").where("briefing_id", "=", id).execute();
      await pdDb().deleteFrom("practice_development_briefing_audience").where("briefing_id", "=", id).execute();
      await pdDb().deleteFrom("practice_development_briefings").where("id", "=", id).execute();
    },
  },
  {
    what: "session cohort",
    action: newSession.action,
    path: `${BASE}/briefings/sessions/new`,
    fields: (name) => ({ kind: "briefing", briefing: String(sessionBriefing), name, firstDate: inDays(30), time: "10:00", durationMinutes: "90", days: "2", capacity: "5" }),
    made: async (name) => (await db().selectFrom("cohorts").select("id").where("name", "=", name).orderBy("id").execute()).map((r) => r.id),
    landing: (id) => `${BASE}/briefings/sessions/${id}?saved=1`,
    list: () => `${BASE}/briefings/${sessionBriefing}`,
    remove: async (id) => {
      await db().deleteFrom("cohort_sessions").where("cohort_id", "=", id).execute();
      await pdDb().deleteFrom("practice_development_cohorts").where("cohort_id", "=", id).execute();
      await db().deleteFrom("cohorts").where("id", "=", id).execute();
    },
  },
];

const redirectedTo = (answer: Outcome) => {
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  return answer.headers.get("Location");
};
const send = async (form: NewForm, fields: Fields) => redirectedTo(await run(form.action, await requestAs("ld", form.path, post(fields))));

beforeAll(async () => {
  ({ teamA } = await seedWithSampleTeams());
  rolloutBriefing = await createBriefing({ title: "Briefing rolled out, sent again" });
  sessionBriefing = await createBriefing({ delivery: "session", title: "Briefing in person, sent again" });
});

describe.each(FORMS)("a new $what's form sent again", (form) => {
  it("makes one record, and both sends land on it", async () => {
    const fields = { ...form.fields(`${form.what} sent twice`), formToken: newFormToken() };
    const first = await send(form, fields);
    const second = await send(form, fields);
    const made = await form.made(`${form.what} sent twice`);
    expect(made).toHaveLength(1);
    expect([first, second]).toEqual([form.landing(made[0]), form.landing(made[0])]);
  });

  it("sent twice at the same moment, makes one record, and both sends land on it", async () => {
    const fields = { ...form.fields(`${form.what} at once`), formToken: newFormToken() };
    const both = await Promise.all([send(form, fields), send(form, fields)]);
    const made = await form.made(`${form.what} at once`);
    expect(made).toHaveLength(1);
    expect(both).toEqual([form.landing(made[0]), form.landing(made[0])]);
  });

  it("after another form made one alike, lands on the one its own first send made", async () => {
    const name = `${form.what} made alike`;
    const firstForm = newFormToken();
    await send(form, { ...form.fields(name), formToken: firstForm });
    await send(form, { ...form.fields(name), formToken: newFormToken() });
    const [own, other] = await form.made(name);
    expect(other).toBeGreaterThan(own);
    expect(await send(form, { ...form.fields(name), formToken: firstForm })).toBe(form.landing(own));
    expect(await form.made(name)).toHaveLength(2);
  });

  it("lands on the list when its first send kept no id", async () => {
    const name = `${form.what} kept no id`;
    const fields = { ...form.fields(name), formToken: newFormToken() };
    await send(form, fields);
    // As a token claimed before migration 0028 kept ids.
    await db().updateTable("submitted_forms").set({ made_id: null }).where("token", "=", fields.formToken).execute();
    expect(await send(form, fields)).toBe(form.list());
    expect(await form.made(name)).toHaveLength(1);
  });

  it("lands on the list when what its first send made is gone", async () => {
    const name = `${form.what} gone since`;
    const fields = { ...form.fields(name), formToken: newFormToken() };
    await send(form, fields);
    const [made] = await form.made(name);
    await form.remove(made);
    expect(await send(form, fields)).toBe(form.list());
    expect(await form.made(name)).toHaveLength(0);
  });
});
