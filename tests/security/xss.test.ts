// Free text is shown as text, never run as markup: a script-and-image payload goes in through the real
// actions (over HTTP, as the person who may write it) and the pages that show it are opened in Chromium
// with the Content-Security-Policy switched off, so what is tested is the escaping itself, not the
// policy that would also stop it. Adding a field is one entry in WRITES.
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionAsShown } from "../../app/services/cohorts.server";
import { londonToday } from "../../app/utils/london-time";
import { stageForEditing } from "../../app/services/pathway-admin.server";
import { db } from "../../app/utils/db.server";
import { DEMO_EMAILS, personIdOf, seedDemo, type DemoAccount } from "../support/fixtures";
import { launchChromium } from "../support/browser";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";
import { staffCsv } from "../support/staff-csv";
import { askWithNoManagerOnPortal } from "../support/unmanaged-request";

process.env.PATHWAYS_SECURE_COOKIES = "0";
vi.setConfig({ testTimeout: 120_000 });

const PAYLOAD = `"><script>window.__xss=1</script><img src=x onerror=window.__xss=2>`;
const ROOT = path.resolve(__dirname, "../..");

type Fields = Record<string, string | string[]>;

interface Write {
  /** The free-text fields this write fills with the payload. */
  fields: string;
  as: DemoAccount;
  /** Where the form posts. */
  to: () => Promise<string> | string;
  form: () => Promise<Fields | FormData> | Fields | FormData;
  /** The pages that show what was written, with who looks; `location` is where the write redirected. */
  shownAt: { as: DemoAccount; path: (location: string) => Promise<string> | string }[];
}

const past = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const first = async <T>(query: Promise<{ rows: T[] }>) => (await query).rows[0];
const idWhere = async (table: string, column: string, value: string) => Number((await first(sql<{ id: number }>`select max(id) as id from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(db())))?.id);
const asyeYear = async () => Number((await first(sql<{ id: number }>`select id from asye_years where person_id = ${await personIdOf("asye")}`.execute(db()))).id);
const north = async () => String((await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow()).id);

const WRITES: Write[] = [
  {
    fields: "a person's names and job title (staff import)",
    as: "admin",
    to: () => "/admin/people/import",
    form: () => {
      const form = new FormData();
      const quoted = `"${PAYLOAD.replace(/"/g, '""')}"`;
      const csv = staffCsv([{ employee: "XSS-1", given: quoted, family: quoted, title: quoted, team: "T-1-1" }]);
      form.set("file", new File([csv], "staff.csv", { type: "text/csv" }));
      return form;
    },
    shownAt: [
      { as: "admin", path: async () => `/team/${await idWhere("people", "employee_number", "XSS-1")}` },
      { as: "admin", path: () => "/admin/people?q=XSS-1" },
    ],
  },
  {
    fields: "a CPD entry's title, what was learnt and its effect on practice",
    as: "practitioner",
    to: () => "/me/cpd",
    form: () => ({ title: PAYLOAD, occurredOn: londonToday(new Date()), hours: "1", learning: PAYLOAD, practiceImpact: PAYLOAD, peerReflection: "yes" }),
    shownAt: [
      { as: "practitioner", path: (location) => location },
      { as: "practitioner", path: async () => `/me/cpd/entries/${await idWhere("cpd_entries", "title", PAYLOAD)}` },
    ],
  },
  {
    fields: "a progression request's statement",
    as: "practitioner",
    to: () => "/me/pathway",
    form: () => ({ toStage: "advanced_practitioner", statement: PAYLOAD }),
    shownAt: [{ as: "manager", path: async () => `/team/progression/${await idWhere("progression_requests", "statement", PAYLOAD)}` }],
  },
  {
    fields: "a line manager's note on a progression request",
    as: "manager",
    to: async () => `/team/progression/${await idWhere("progression_requests", "statement", PAYLOAD)}`,
    form: () => ({ support: "yes", note: PAYLOAD }),
    shownAt: [{ as: "ld", path: async () => `/admin/progression/${await idWhere("progression_requests", "statement", PAYLOAD)}` }],
  },
  {
    fields: "a Level 5 cohort's name and venue",
    as: "ld",
    to: () => "/programmes/leadership/cohorts/new",
    form: () => ({ name: PAYLOAD, venue: PAYLOAD, startsOn: future(30), endsOn: future(200), capacity: "10", requiresManagerApproval: "yes", firstSession: future(31), cadence: "weekly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "60" }),
    shownAt: [
      { as: "ld", path: (location) => location },
      { as: "ld", path: () => "/programmes/leadership" },
    ],
  },
  {
    fields: "a Level 5 session's title and location",
    as: "ld",
    to: async () => `/programmes/leadership/sessions/${await sessionOfPayloadCohort()}/edit`,
    form: async () => {
      // The session as its edit page shows it, which the form sends back (a form that does not say is refused).
      const session = await db().selectFrom("cohort_sessions").selectAll().where("id", "=", await sessionOfPayloadCohort()).executeTakeFirstOrThrow();
      return { title: PAYLOAD, date: future(31), time: "10:00", durationMinutes: "60", location: PAYLOAD, status: "scheduled", shown: sessionAsShown(session) };
    },
    shownAt: [{ as: "ld", path: (location) => location }],
  },
  {
    fields: "a briefing's title and summary",
    as: "ld",
    to: () => "/programmes/practice-development/briefings/new",
    form: () => ({ title: PAYLOAD, summary: PAYLOAD, linkUrl: "https://example.org/briefing", delivery: "read", roles: ["social_worker"] }),
    shownAt: [
      { as: "ld", path: (location) => location },
      { as: "practitioner", path: (location) => location.split("?")[0] },
    ],
  },
  {
    fields: "a practice audit's title and summary",
    as: "ld",
    to: () => "/programmes/practice-development/audits/new",
    form: async () => ({ theme: "supervision", title: PAYLOAD, heldOn: past(7), summary: PAYLOAD, localities: [await north()] }),
    shownAt: [
      { as: "ld", path: (location) => location },
      { as: "ld", path: () => "/programmes/practice-development/audits" },
    ],
  },
  {
    fields: "an audit finding's practice area and note",
    as: "ld",
    to: async () => `/programmes/practice-development/audits/${await idWhere("practice_development_audits", "title", PAYLOAD)}`,
    form: () => ({ rating: "good", practiceArea: PAYLOAD, pcf: ["knowledge"], note: PAYLOAD }),
    shownAt: [{ as: "ld", path: (location) => location }],
  },
  {
    fields: "an ASYE review's note",
    as: "ld",
    to: async () => `/programmes/asye/years/${await asyeYear()}`,
    form: () => ({ intent: "review", month: "6", heldOn: past(1), outcome: "on_track", note: PAYLOAD }),
    shownAt: [
      { as: "ld", path: async () => `/programmes/asye/years/${await asyeYear()}` },
      { as: "asye", path: () => "/programmes/asye" },
    ],
  },
  {
    fields: "an apprenticeship application's statement and current role",
    as: "practitioner",
    to: async () => `/programmes/apprenticeship/apply/${await openIntake()}`,
    form: () => ({ statement: PAYLOAD, currentRole: PAYLOAD, serviceMonths: "24", english: "held", maths: "held" }),
    shownAt: [
      { as: "ld", path: async () => `/programmes/apprenticeship/applications/${await idWhere("apprenticeship_applications", "statement", PAYLOAD)}` },
      { as: "manager", path: async () => `/programmes/apprenticeship/applications/${await idWhere("apprenticeship_applications", "statement", PAYLOAD)}/support` },
    ],
  },
  {
    fields: "a line manager's reason on an apprenticeship application",
    as: "manager",
    to: async () => `/programmes/apprenticeship/applications/${await idWhere("apprenticeship_applications", "statement", PAYLOAD)}/support`,
    // With the application as the support page showed it (a form that does not say is refused).
    form: async () => ({ support: "withheld", reason: PAYLOAD, shown: (await first(sql<{ updated_at: string }>`select updated_at from apprenticeship_applications where id = ${await idWhere("apprenticeship_applications", "statement", PAYLOAD)}`.execute(db()))).updated_at }),
    shownAt: [{ as: "ld", path: async () => `/programmes/apprenticeship/applications/${await idWhere("apprenticeship_applications", "statement", PAYLOAD)}` }],
  },
  {
    fields: "a Level 5 learner's guided learning activity and reflection",
    as: "manager",
    to: () => "/programmes/leadership/learning",
    form: () => ({ occurredOn: past(1), activity: PAYLOAD, hours: "1", reflection: PAYLOAD }),
    shownAt: [
      { as: "manager", path: () => "/programmes/leadership/learning" },
      { as: "ld", path: async () => `/programmes/leadership/cohorts/${await idWhere("cohorts", "name", "Cohort 1")}/learning` },
    ],
  },
  {
    fields: "a NAAS evidence reflection",
    as: "practitioner",
    to: async () => `/programmes/naas/statements/${await practitionerStatement()}`,
    form: () => ({ intent: "evidence", occurredOn: past(3), kind: "supervision", reflection: PAYLOAD }),
    shownAt: [
      { as: "practitioner", path: (location) => location },
      { as: "manager", path: async () => `/programmes/naas/people/${await personIdOf("practitioner")}/statements/${await practitionerStatement()}` },
    ],
  },
  {
    // Last: the stage's name shows on every pathway page from here on.
    fields: "a career stage's names",
    as: "admin",
    to: () => "/admin/pathway/senior_practitioner",
    form: async () => {
      // The stage as its edit page shows it: its requirements as ticked, and what the form sends back about the page.
      const found = (await stageForEditing("senior_practitioner", "en-GB"))!;
      const { stage, requirements } = found;
      const ticked = requirements.filter((r) => r.included).map((r) => r.key);
      return { nameEn: PAYLOAD, nameCy: PAYLOAD, position: String(stage.position), track: stage.track, minYears: stage.min_years === null ? "" : String(stage.min_years), requirements: ticked, shownSavedAt: stage.updated_at, shownRequirements: requirements.map((r) => r.key) };
    },
    shownAt: [
      { as: "practitioner", path: () => "/me/pathway" },
      { as: "admin", path: () => "/admin/pathway" },
    ],
  },
];

async function sessionOfPayloadCohort() {
  const cohort = await idWhere("cohorts", "name", PAYLOAD);
  return Number((await first(sql<{ id: number }>`select min(id) as id from cohort_sessions where cohort_id = ${cohort}`.execute(db()))).id);
}

async function practitionerStatement() {
  return Number((await first(sql<{ id: number }>`select min(s.id) as id from naas_statements s join naas_frameworks f on f.id = s.framework_id where f.code = 'kss-practitioner'`.execute(db()))).id);
}

async function openIntake() {
  return Number((await first(sql<{ id: number }>`select i.id from apprenticeship_intakes i join cohorts c on c.id = i.cohort_id where c.name = 'Intake 2'`.execute(db()))).id);
}

let server: RunningServer;
let browser: Browser;
const cookies = new Map<DemoAccount, string>();

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  browser = await launchChromium();
  for (const account of Object.keys(DEMO_EMAILS) as DemoAccount[]) cookies.set(account, await signInOverHttp(server.url, DEMO_EMAILS[account]));
});
afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
  await browser?.close();
  await server?.close();
});

async function post(as: DemoAccount, to: string, form: Fields | FormData) {
  let body: FormData | URLSearchParams = form as FormData;
  if (!(form instanceof FormData)) {
    body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
  }
  const response = await fetch(`${server.url}${to}`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: cookies.get(as)! }, body });
  const errors = response.status >= 400 ? [...(await response.text()).matchAll(/govuk-error-message">(?:<span[^>]*>[^<]*<\/span>)?([^<]*)</g)].map((m) => m[1]) : [];
  return { status: response.status, location: response.headers.get("Location") ?? to, errors };
}

const pages = new Map<DemoAccount, Page>();

/** A page signed in as the account, with the policy switched off, kept for the whole file. */
async function pageAs(as: DemoAccount) {
  if (!pages.has(as)) {
    const context = await browser.newContext({ bypassCSP: true });
    await context.addCookies([{ name: "pathways_session", value: cookies.get(as)!.split("=")[1], url: server.url }]);
    pages.set(as, await context.newPage());
  }
  return pages.get(as)!;
}

/** What ran and what showed. The load event waits for images, so the payload's onerror has had its turn. */
async function inspect(page: Page) {
  return {
    xss: await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    // The payload's own elements, had it been parsed as markup (they would exist even if they never ran).
    injected: await page.evaluate(() => document.querySelectorAll("img[src='x'], [onerror]").length),
    // What a reader sees: the page's text and what its form fields hold.
    text: await page.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll("input, textarea")].map((e) => (e as HTMLInputElement).value)].join("\n")),
  };
}

describe("free text written through the forms", () => {
  it.each(WRITES.map((w) => [w.fields, w] as const))("%s shows as text and never runs", async (_, write) => {
    const written = await post(write.as, await write.to(), await write.form());
    expect(written.status, written.errors.join("; ")).toBeLessThan(400);
    for (const shown of write.shownAt) {
      const url = await shown.path(written.location);
      const browserPage = await pageAs(shown.as);
      const response = await browserPage.goto(`${server.url}${url}`, { waitUntil: "load" });
      expect(response?.status(), `${shown.as} at ${url}`).toBe(200);
      const page = await inspect(browserPage);
      expect(page.xss, `${shown.as} at ${url}`).toBeUndefined();
      expect(page.injected, `${shown.as} at ${url}`).toBe(0);
      expect(page.text, `${shown.as} at ${url}`).toContain(PAYLOAD);
    }
  });
});

describe("free text on L&D's place requests (/admin/requests)", () => {
  // The requester has no account, so no form can ask for their place: it is asked as the portal asks one.
  // What these pages show was written through the forms above: the staff import's names and job title
  // (with no line manager, so nobody on the line uses the portal) and the name L&D gave the cohort.
  let enrolmentId: number;
  beforeAll(async () => {
    enrolmentId = await askWithNoManagerOnPortal(await idWhere("people", "employee_number", "XSS-1"), await idWhere("cohorts", "name", PAYLOAD));
  });

  it("a requester's names and job title and the cohort's name show as text on the list and the decision page", async () => {
    const browserPage = await pageAs("ld");
    for (const url of ["/admin/requests", `/admin/requests/${enrolmentId}`]) {
      const response = await browserPage.goto(`${server.url}${url}`, { waitUntil: "load" });
      expect(response?.status(), url).toBe(200);
      const page = await inspect(browserPage);
      expect(page.xss, url).toBeUndefined();
      expect(page.injected, url).toBe(0);
      expect(page.text.split(PAYLOAD).length - 1, url).toBeGreaterThanOrEqual(url === "/admin/requests" ? 3 : 4);
    }
  });

  it("a reason refused as too long comes back in its box as text", async () => {
    // Without JavaScript, so the box holds what the server sent back, not what was left in it; with no
    // script to run, the payload's own elements are what would show it had been parsed as markup.
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: false });
    await context.addCookies([{ name: "pathways_session", value: cookies.get("ld")!.split("=")[1], url: server.url }]);
    const browserPage = await context.newPage();
    try {
      await browserPage.goto(`${server.url}/admin/requests/${enrolmentId}`, { waitUntil: "load" });
      await browserPage.check("input[value=decline]");
      await browserPage.fill("textarea[name=reason]", `${PAYLOAD}${"x".repeat(500)}`);
      await browserPage.click("main button[type=submit]");
      // The answer is a new document: its summary, then its images, as the load event waits for them.
      await browserPage.waitForSelector(".govuk-error-summary");
      await browserPage.waitForLoadState("load");
      const page = await inspect(browserPage);
      expect(page.injected).toBe(0);
      expect(await browserPage.inputValue("textarea[name=reason]")).toBe(`${PAYLOAD}${"x".repeat(500)}`);
    } finally {
      await context.close();
    }
  });
});

describe("the check itself", () => {
  it("sees the payload when it is parsed as markup", async () => {
    // A blank page of its own: no app running that could redraw the document under the check.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent(`<main>${PAYLOAD}</main>`, { waitUntil: "load" });
    const seen = await inspect(page);
    await context.close();
    expect(seen.xss).toBeDefined();
    expect(seen.injected).toBeGreaterThan(0);
    expect(seen.text).not.toContain(PAYLOAD);
  });
});

/** Where markup may be written straight into the page, and why each is safe. None today. */
const RAW_HTML_ALLOWED: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|jsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("raw markup in the source", () => {
  it("appears nowhere in app/ or plugins/ outside the allow-list (dangerouslySetInnerHTML, innerHTML, insertAdjacentHTML, document.write)", () => {
    const found = ["app", "plugins"]
      .flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .filter((file) => /dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write/.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(ROOT, file))
      // Tests may build markup in the browser to drive it; they are not served.
      .filter((file) => !/(^|\/)test\/|\.test\.tsx?$/.test(file))
      .filter((file) => !(file in RAW_HTML_ALLOWED));
    expect(found).toEqual([]);
  });
});
