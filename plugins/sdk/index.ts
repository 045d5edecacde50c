// The plugin contract. Types, definePlugin() and JobFailure: a plugin that imports from here pulls in no
// runtime package. See docs/decisions/0003-plugin-contract.md.
import type { Kysely, Migration } from "kysely";

export type Role = "practitioner" | "manager" | "learning_development" | "admin";
export const ROLES: readonly Role[] = ["practitioner", "manager", "learning_development", "admin"];

export type Dashboard = "me" | "team" | "admin";

/** Who is asking: the signed-in user and the person their account belongs to. */
export interface Viewer {
  userId: number;
  personId: number;
  roles: Role[];
}

/** A translator bound to the request's locale and the plugin's own namespace. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId: string | number;
  personId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** What the host hands a plugin: the database, the clock, the audit log and a translator. */
export interface PluginContext {
  // The host's schema is not the plugin's business: a plugin types its own tables.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  now: () => Date;
  locale: string;
  t: Translate;
  /**
   * Records an audit event as the context's actor, its action prefixed with the plugin's id. Pass the
   * plugin's transaction as `db` so the event is written with the change it records (every change is
   * audited in its own transaction): without it the event is written on its own.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  audit: (event: AuditInput, db?: Kysely<any>) => Promise<void>;
  /**
   * Moves a person to a career stage (a code in the host's career_stages), with history and an audit
   * event, as when a passed ASYE makes someone a social worker. Pass the plugin's transaction as `db` to
   * make it part of the plugin's own change.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  moveToStage: (move: StageMove, db?: Kysely<any>) => Promise<void>;
}

export interface StageMove {
  personId: number;
  stageCode: string;
  /** ISO date the person started at the stage. */
  startedOn: string;
  note?: string;
}

export interface NavEntry {
  /** Key in the plugin's namespace. */
  labelKey: string;
  /** Path under the plugin's mount point, e.g. "" for its home or "cohorts". */
  path: string;
  roles?: Role[];
}

/** A dashboard card, already translated on the server so it renders without the plugin's code. */
export interface WidgetView {
  title: string;
  body?: string;
  rows?: { label: string; value: string; href?: string }[];
  action?: { label: string; href: string };
}

export interface Widget {
  id: string;
  dashboard: Dashboard;
  roles?: Role[];
  /** `people` are the ids in the viewer's scope for this dashboard (themself on 'me'). */
  load: (ctx: PluginContext, viewer: Viewer, people: number[]) => Promise<WidgetView | null>;
}

export type ReadinessStatus = "met" | "in_progress" | "not_met" | "not_applicable";

export interface ReadinessItem {
  personId: number;
  requirementId: string;
  status: ReadinessStatus;
  /** Keys in the plugin's namespace: what the requirement is, and why it stands where it does. */
  labelKey: string;
  reasonKey: string;
  values?: Record<string, string | number>;
  /** Where the person acts on it, relative to the site root. */
  actionHref?: string;
  /** How far along, 0 to 100, where the requirement has degrees (a self-assessment); else the status says. */
  score?: number;
  /**
   * In progress, yet the requirement holds today: it needs the person's attention before a date, but
   * nothing is missing yet (CPD up to date, with this registration year's entries due by 30 November). The
   * career pathway counts it as met; readiness still shows it as needing attention.
   */
  holds?: boolean;
}

/** Called once for a whole list of people; it must answer with one or a few queries, never one per person. */
export type ReadinessProvider = (ctx: PluginContext, personIds: number[]) => Promise<ReadinessItem[]>;

/** Something waiting for a manager on /team, such as an endorsement request or a review. */
export interface InboxItem {
  personId: number;
  /** Key in the plugin's namespace, e.g. "inbox.endorsement". */
  kindKey: string;
  /** ISO date or timestamp since when it has waited. */
  since: string;
  href: string;
}

/** Called with the people in the manager's scope; one or a few queries. */
export type InboxProvider = (ctx: PluginContext, viewer: Viewer, personIds: number[]) => Promise<InboxItem[]>;

/**
 * A requirement the plugin adds to career stages. Its id is also the requirementId of the plugin's
 * readiness items, which say whether each person meets it; `stages` are the default stages it applies to,
 * which an admin can change on /admin/pathway.
 */
export interface PathwayRequirement {
  id: string;
  /** Career stage codes this requirement belongs to by default. */
  stages: string[];
  labelKey: string;
  /** Where a person acts on it, relative to the site root, when the plugin has no readiness item yet. */
  actionHref?: string;
}

export interface Eligibility {
  eligible: boolean;
  reasonKey: string;
  values?: Record<string, string | number>;
  eligibleFrom?: string;
}

/** A line worth reading, worded when it is shown, in the reader's language: a key in the plugin's namespace. */
export interface JobDetail {
  key: string;
  values?: Record<string, string | number>;
}

/** What a job run did, in words for the people who run the service: keys in the plugin's namespace. */
export interface JobSummary {
  messageKey: string;
  values?: Record<string, string | number>;
  /** Lines worth reading, such as each item skipped and why. Plain text only in runs saved before keys. */
  details?: (JobDetail | string)[];
}

/** Thrown by a job to fail with a translated reason and what it did and did not apply. */
export class JobFailure extends Error {
  constructor(public summary: JobSummary) {
    super(summary.messageKey);
  }
}

export interface Job {
  id: string;
  /** Minutes between runs. */
  everyMinutes: number;
  /** Answers with a summary of what it did (shown on /admin), or throws with what went wrong. */
  run: (ctx: PluginContext, progress: (done: number, total: number) => void) => Promise<JobSummary | void>;
}

/** The part of the organisation a metrics pack covers, and the quarter it is for. */
export interface MetricsScope {
  /** ISO dates, inclusive: the first and last day of the quarter. */
  start: string;
  end: string;
  /** The teams in the chosen locality or service; null for the whole organisation. */
  teamIds: number[] | null;
  /**
   * Whether the quarter is the one in progress. For an earlier one the host shows "taken now" figures
   * from its snapshots, so a plugin may skip the work and answer them with a null value.
   */
  current: boolean;
}

/**
 * One figure in the quarterly key-metrics pack. `value` is for the scope's quarter. A figure computed from
 * dated records (completions in the quarter) is worked out for any quarter; one that is a state only known
 * now (readiness bands) sets `takenNow`, and the host keeps a snapshot of it each day so that earlier
 * quarters show what it was at their end.
 */
export interface MetricFigure {
  id: string;
  /** Key in the plugin's namespace. */
  labelKey: string;
  labelValues?: Record<string, string | number>;
  value: number | null;
  /** "score" is a mean on a rating scale (confidence from 1 to 5, say). */
  unit: "count" | "percent" | "hours" | "cases" | "score";
  /** Whether a rise is good news (uptake) or bad (people over a caseload line), for the wording of the change. */
  higherIsBetter: boolean;
  takenNow?: boolean;
}

/**
 * Called once for a quarter and a scope; a few grouped queries, never one per person. A "taken now" figure
 * reads the time from `ctx.now()`, never the wall clock: the daily snapshot sets it to its own moment.
 */
export type MetricsProvider = (ctx: PluginContext, scope: MetricsScope) => Promise<MetricFigure[]>;

/** One thing a person can learn from in a plugin's catalogue (a course), already translated. */
export interface CatalogueEntry {
  /** Stable within the plugin, e.g. the course id. */
  id: string;
  title: string;
  summary?: string;
  /** What kind of learning it is ("Workshop", "Webinar"), in the reader's language. */
  kind?: string;
  /** Where to read about it and book, relative to the site root. */
  href: string;
}

/** Searches the plugin's catalogue by words in the title; `id` asks for one entry. */
export type CatalogueProvider = (ctx: PluginContext, query: { search?: string; id?: string; limit: number }) => Promise<CatalogueEntry[]>;

export type SeedScale = "demo" | "city" | "national";

export interface SeedContext extends PluginContext {
  /** People created by the core seed, for a plugin to attach its own records to. */
  people: { id: number; roleCategory: string; teamId: number }[];
  progress: (label: string, done: number, total: number) => void;
}

export interface ProgrammePlugin {
  /** kebab-case; equals the folder name, the i18n namespace and (with "_" for "-") the table prefix. */
  id: string;
  version: string;
  titleKey: string;
  summaryKey: string;
  dependsOn?: string[];
  migrations: Record<string, Migration>;
  /** The plugin's translations, one object per locale ("en-GB", "cy"). */
  locales: Record<string, Record<string, unknown>>;
  navigation?: NavEntry[];
  widgets?: Widget[];
  readiness?: ReadinessProvider;
  inbox?: InboxProvider;
  pathway?: PathwayRequirement[];
  /**
   * Career stage codes whose exit the programme decides: it moves people on from them itself (through
   * `ctx.moveToStage`, as a passed ASYE makes a social worker). While the plugin is enabled, someone at
   * one of these stages cannot ask the progression panel to move them, and the panel cannot approve a
   * request they made before; with it switched off, the panel decides as for any other stage.
   */
  decidesExitFrom?: string[];
  eligibility?: (ctx: PluginContext, personIds: number[]) => Promise<Map<number, Eligibility>>;
  personalData?: (ctx: PluginContext, personId: number) => Promise<Record<string, unknown[]>>;
  /**
   * A session of one of the plugin's cohorts titled in the reader's language, for the core's lists of
   * sessions (the subject-access download's attendance): a plugin that stores default titles in English
   * words them here. Without it, the title is given as stored.
   */
  sessionTitle?: (ctx: PluginContext, storedTitle: string) => string;
  /** Reports listed on /admin/reports: a label key and a path under the plugin's mount point. */
  reports?: { labelKey: string; path: string }[];
  /** Courses and other learning the plugin offers, for the core's catalogue (and its suggestions). */
  catalogue?: CatalogueProvider;
  /** The plugin's figures for the quarterly key-metrics pack on /admin/reports/metrics. */
  metrics?: MetricsProvider;
  jobs?: Job[];
  seed?: (ctx: SeedContext, scale: SeedScale) => Promise<void>;
  /**
   * The notice (a key in the plugin's namespace, given `{{cohort}}`) for someone a free place went to from
   * the waiting list, when the core's "you are now enrolled" is not what the place means: an
   * apprenticeship reserve is offered the place, and must still accept it.
   */
  promotedNoticeKey?: string;
  /**
   * Nobody waiting on one of the plugin's cohorts is given a place once its first scheduled session has
   * begun (booking has closed, and a place given up then goes to nobody). From then the core's counts of
   * people on a waiting list (the cohort report, the key metrics, a programme's cohort list) leave out those still on it, who wait
   * for nothing. Without it a waiting list goes on after the start (Level 5 and the apprenticeship offer
   * the places freed then), and everyone on it is counted until the cohort is over (its last scheduled
   * session has ended or, with none scheduled, its `ends_on` has passed): from then the core leaves out
   * everyone still waiting on any programme's cohort, with or without this.
   */
  waitingListEndsAtStart?: boolean;
}

export const definePlugin = <P extends ProgrammePlugin>(plugin: P): P => plugin;

/** The prefix a plugin's tables and its migration table carry. */
export const tablePrefix = (pluginId: string) => pluginId.replace(/-/g, "_");
