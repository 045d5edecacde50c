// Subject access: everything we hold about one person, core and plugins, as one JSON document, but for
// the events they made about others: too many for it, those are a file of their own, read page by page.
import { setImmediate as nextTurn } from "node:timers/promises";
import { installedPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import type { Locale } from "../utils/i18n";
import { formatDate } from "../utils/dates";
import { londonToday } from "../utils/london-time";
import { fixedT } from "../utils/i18n.server";
import { recordAudit, type Actor } from "./audit.server";
import { listStages } from "./career-stages.server";
import { stageSourceIn } from "./stage-source.server";
import { accountThrottleKey } from "./sign-in.server";
import { everyNoticeOf } from "./notices.server";
import { formatValues } from "./readiness.server";
import { personalDataZip, type StreamedList } from "./personal-data-archive.server";
import { pluginContext } from "./plugin-context.server";

/** Where the events a person made about someone else are: too many to hold in the document, so a file of their own. */
export const EVENTS_ABOUT_OTHERS_FILE = "csv/audit-events-by-person-about-others.csv";

/**
 * How many of those events one statement reads: a page's rows are all the memory the list takes, and
 * writing one as CSV and compressing it is the longest the download holds the process (some 40 ms).
 */
export const EVENTS_ABOUT_OTHERS_PAGE = 1_000;

const EVENT_ABOUT_OTHERS_COLUMNS = ["id", "occurred_at", "action", "subject_type", "subject_id"] as const;

export async function personalDataOf(personId: number, locale: Locale) {
  const person = await db().selectFrom("people").selectAll().where("id", "=", personId).executeTakeFirst();
  if (!person) return undefined;
  const { search_text: _searchText, ...record } = person;
  const account = await db().selectFrom("users").select(["id", "email", "created_at", "disabled"]).where("person_id", "=", personId).executeTakeFirst();
  // As the home page words them: a date among the values in the reader's words, not as stored.
  const inWords = (source: string, key: string, values: Record<string, string | number>) => fixedT(locale, source)(key, formatValues(values, locale));
  const [roles, signInSessions, signInThrottling, enrolments, attendance, cpd, offers, stageHistory, progressionRequests, notices, auditAbout, auditBy] = await Promise.all([
    account ? db().selectFrom("user_roles").select("role").where("user_id", "=", account.id).execute() : Promise.resolve([]),
    // When each signed-in session ends; not its id, which is the secret in the session cookie.
    account ? db().selectFrom("auth_sessions").select("expires_at").where("user_id", "=", account.id).orderBy("expires_at").execute() : Promise.resolve([]),
    // Failed sign-ins counted against the account (not those against an address, which is not theirs alone).
    account ? db().selectFrom("login_attempts").select(["failures", "last_failed_at", "blocked_until"]).where("key", "=", accountThrottleKey(account.email)).execute() : Promise.resolve([]),
    // Each place and each mark names its course and session, so the download reads without the ids.
    db()
      .selectFrom("enrolments")
      .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
      .selectAll("enrolments")
      .select(["cohorts.name as cohort_name", "cohorts.programme_id"])
      .where("enrolments.person_id", "=", personId)
      .orderBy("enrolments.id")
      .execute(),
    db()
      .selectFrom("attendance")
      .innerJoin("enrolments", "enrolments.id", "attendance.enrolment_id")
      .innerJoin("cohort_sessions", "cohort_sessions.id", "attendance.session_id")
      .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
      .select([
        "attendance.session_id", "cohort_sessions.title as session_title", "cohort_sessions.starts_at as session_starts_at", "attendance.status", "attendance.marked_at", "attendance.marked_by",
        "enrolments.cohort_id", "cohorts.name as cohort_name", "cohorts.programme_id",
      ])
      .where("enrolments.person_id", "=", personId)
      .orderBy("cohort_sessions.starts_at")
      .orderBy("attendance.session_id")
      .execute(),
    db().selectFrom("cpd_entries").selectAll().where("person_id", "=", personId).execute(),
    db().selectFrom("evidence_offers").selectAll().where("person_id", "=", personId).execute(),
    db().selectFrom("career_stage_history").selectAll().where("person_id", "=", personId).orderBy("id").execute(),
    db().selectFrom("progression_requests").selectAll().where("person_id", "=", personId).orderBy("id").execute(),
    everyNoticeOf(personId, inWords),
    db().selectFrom("audit_events").selectAll().where("person_id", "=", personId).orderBy("id").execute(),
    auditEventsMadeBy(personId),
  ]);
  const stageName = await stageNamesIn(locale);
  const sourceInWords = stageSourceIn(locale);
  const programmes: Record<string, Record<string, unknown[]>> = {};
  // Every installed programme, switched on or not: switching one off keeps its records, so a subject
  // access request must still see them.
  for (const plugin of [...installedPlugins()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (plugin.personalData) programmes[plugin.id] = await plugin.personalData(pluginContext(plugin, locale), personId);
  }
  return {
    exportedAt: new Date().toISOString(),
    person: { ...record, career_stage_name: stageName(record.career_stage) },
    account: account ? { ...account, roles: roles.map((r) => r.role) } : null,
    signInSessions,
    signInThrottling,
    enrolments: enrolments.map(withProgrammeTitle(locale)),
    attendance: attendance.map(withProgrammeTitle(locale)).map(withSessionTitle(locale)),
    cpdEntries: cpd,
    evidenceOffers: offers,
    careerStageHistory: stageHistory.map((h) => ({ ...h, stage_name: stageName(h.stage_code), source_in_words: sourceInWords(h.source) })),
    progressionRequests: progressionRequests.map((r) => ({
      ...r,
      from_stage_name: stageName(r.from_stage),
      to_stage_name: stageName(r.to_stage),
      reached_through_in_words: r.reached_through === null ? null : sourceInWords(r.reached_through),
    })),
    notices,
    auditEventsAboutPerson: auditAbout,
    auditEventsByPerson: auditBy,
    // The download adds how many there are, counted as they are written.
    auditEventsByPersonAboutOthers: { file: EVENTS_ABOUT_OTHERS_FILE },
    programmes,
  };
}

/** A row with its programme's title in the reader's language; an uninstalled programme's by its id. */
function withProgrammeTitle(locale: Locale) {
  const titles = new Map(installedPlugins().map((plugin) => [plugin.id, fixedT(locale, plugin.id)(plugin.titleKey)]));
  return <R extends { programme_id: string }>(row: R) => ({ ...row, programme: titles.get(row.programme_id) ?? row.programme_id });
}

/** A mark with its session's title as its programme words it for the reader (`sessionTitle`), or as stored. */
function withSessionTitle(locale: Locale) {
  const wordings = new Map(installedPlugins().flatMap((plugin) => (plugin.sessionTitle ? [[plugin.id, plugin.sessionTitle.bind(null, pluginContext(plugin, locale))] as const] : [])));
  return <R extends { programme_id: string; session_title: string }>(row: R) => ({ ...row, session_title: wordings.get(row.programme_id)?.(row.session_title) ?? row.session_title });
}

/** A career stage's name in the reader's language, by its code; a stage since removed keeps its code. */
async function stageNamesIn(locale: Locale) {
  const names = new Map((await listStages(locale)).map((stage) => [stage.code, stage.name]));
  return (code: string | null) => (code === null ? null : (names.get(code) ?? code));
}

/** The export as a zip download (JSON and CSV files), audited as a disclosure of personal data. */
/**
 * The download, audited as it starts. `gone` is the request's signal: once the person has gone (the
 * connection closed), the events about others stop being read, since the server's writer neither waits
 * for a slow reader nor stops reading for one that has left.
 */
export async function personalDataResponse(personId: number, locale: Locale, actor: Actor, gone?: AbortSignal) {
  const document = await personalDataOf(personId, locale);
  if (!document) return undefined;
  await recordAudit(actor, { action: "personal_data.exported", subjectType: "person", subjectId: personId, personId });
  const { person } = document;
  const t = fixedT(locale);
  const words = { name: `${person.given_name} ${person.family_name}`, interpolation: { escapeValue: false } };
  const about = t("personalData.readme", { ...words, employeeNumber: person.employee_number, date: formatDate(londonToday(), locale) });
  const aboutOthers = t("personalData.eventsAboutOthers", { ...words, file: EVENTS_ABOUT_OTHERS_FILE });
  const readme = `${about}\n\n${aboutOthers}\n\n${t("personalData.codes")}`;
  const eventsAboutOthers: StreamedList = { key: "auditEventsByPersonAboutOthers", path: EVENTS_ABOUT_OTHERS_FILE, columns: [...EVENT_ABOUT_OTHERS_COLUMNS], pages: eventPagesAboutOthers(personId, gone) };
  // A stream: the events about others are read a page at a time as the download is sent, not all at once.
  return new Response(personalDataZip(document, readme, [eventsAboutOthers]), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="pathways-personal-data-${person.employee_number}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}

/**
 * What the person did about themselves or about no one, with its values, for their own download. An
 * event about someone else is in a file of its own (eventPagesAboutOthers).
 */
function auditEventsMadeBy(personId: number) {
  return db()
    .selectFrom("audit_events")
    .select(["id", "occurred_at", "actor_user_id", "actor_person_id", "action", "subject_type", "subject_id", "person_id", "before_json", "after_json"])
    .where("actor_person_id", "=", personId)
    .where((eb) => eb.or([eb("person_id", "is", null), eb("person_id", "=", personId)]))
    .orderBy("id")
    .execute();
}

/**
 * Those events a page at a time, oldest first, each saying only what was done and to which record: its
 * values are the other person's data, not the requester's (a staff import made the importer's download
 * the whole staff list, a manager's carried their reports' review notes). Each page starts in an index in
 * time order (the actor's, actor_person_id and occurred_at, or the log's, occurred_at and id) where the
 * last one ended, so it reads only its own rows; the id orders the events of one moment, which an import
 * or a register writes together.
 */
async function* eventPagesAboutOthers(personId: number, gone?: AbortSignal) {
  let last: EventAfter | undefined;
  for (;;) {
    if (gone?.aborted) return;
    const page = await eventsPageAfter(personId, last);
    if (page.length > 0) yield page;
    if (page.length < EVENTS_ABOUT_OTHERS_PAGE) return;
    last = page[page.length - 1];
    // SQLite answers at once, so without a turn of the event loop here the download would hold the one
    // process to its end, as the whole list in memory did; with it, other requests are answered between pages.
    await nextTurn();
  }
}

interface EventAfter {
  occurred_at: string;
  id: number;
}

/**
 * The page of events that follows `after` (the first page without it), in the index's order. Every
 * register mark and attendance-file line is an event, so an L&D officer has hundreds of thousands
 * (300,000 read at once took 717 MB and 26 s of the one process).
 */
function eventsPageAfter(personId: number, after: EventAfter | undefined) {
  let events = db()
    .selectFrom("audit_events")
    .select([...EVENT_ABOUT_OTHERS_COLUMNS])
    .where("actor_person_id", "=", personId)
    .where("person_id", "is not", null)
    .where("person_id", "<>", personId);
  // Both start the range where the last page ended. The pair does so exactly, so the events of one moment
  // are not read again on each page (an attendance file writes thousands at one time); the time alone
  // serves an index with no id after it, as PostgreSQL's actor index has (SQLite's ends in the row id).
  if (after) {
    events = events
      .where("occurred_at", ">=", after.occurred_at)
      .where((eb) => eb(eb.refTuple("occurred_at", "id"), ">", eb.tuple(after.occurred_at, after.id)));
  }
  return events.orderBy("occurred_at").orderBy("id").limit(EVENTS_ABOUT_OTHERS_PAGE).execute();
}
