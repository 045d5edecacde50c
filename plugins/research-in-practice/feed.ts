// The catalogue feed our adapter reads. Research in Practice publishes no API, so we define one (see
// README.md in this folder): JSON over HTTPS, paged, with a bearer token. These schemas are its contract.
import { z } from "zod";
import { isIsoDate } from "../../app/utils/dates";
import { FORMATS } from "./programme";

// A date the pattern allows but the calendar does not (2027-13-01) would throw while the run is planned,
// and a run ending before it starts breaks the cohort's date check: either would fail the whole sync,
// and every later one, instead of skipping the one course.
// The messages are keys in the plugin's namespace: /admin words each skipped item in its reader's language.
const isoDate = z.string().refine(isIsoDate, "sync.problems.notRealDate");

/**
 * CPD hours to the hundredth, as the core's CPD record takes them. PostgreSQL keeps them in a 4-byte real,
 * six significant digits: a value with more would read back as another number and look changed on every
 * sync, while a hundredth of up to 500 hours reads back as it was written.
 */
export const toHundredths = (hours: number) => Math.round(hours * 100) / 100;

/**
 * The start of a council-only run's id (`council-<cohort id>`, catalogue.server.ts). Runs share one table keyed
 * by id, so a feed run named so would take over the council's own run, or make it fail to be added.
 */
export const COUNCIL_RUN_PREFIX = "council-";

export const runSchema = z
  .object({
    id: z.string().min(1).max(100).refine((id) => !id.startsWith(COUNCIL_RUN_PREFIX), "sync.problems.councilRunId"),
    startsOn: isoDate,
    endsOn: isoDate,
    venue: z.string().max(200),
    capacity: z.number().int().min(1).max(1000),
    /** Whether a manager must approve a place. */
    managerApproval: z.boolean().default(false),
  })
  .refine((run) => run.endsOn >= run.startsOn, { path: ["endsOn"], message: "sync.problems.endsBeforeStart" });

export const courseSchema = z.object({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(300),
  format: z.enum(FORMATS),
  summary: z.string().max(4000),
  objectives: z.array(z.string().min(1).max(500)).min(1).max(20),
  runs: z.array(runSchema).max(200),
  /** Kept to the hundredth: more digits are rounded (`toHundredths`). */
  cpdHours: z.number().min(0).max(500).transform(toHundredths),
  /** Framework statements, e.g. "kss-practitioner:6". */
  kss: z.array(z.string().regex(/^[a-z][a-z0-9-]*:\d+$/)).max(30),
  /** Professional Capabilities Framework domains. */
  pcf: z.array(z.string().max(100)).max(10),
  lastModified: z.string().datetime({ offset: true }),
  withdrawn: z.boolean().default(false),
});
export type FeedCourse = z.infer<typeof courseSchema>;

/**
 * The most pages one sync reads. The sync follows `nextPage` before applying anything, so a feed whose
 * pages never end (a provider's bug) would hold the job, and every page read, for ever. A national
 * catalogue is a few hundred courses, a page or a few hundred at any page size; ten thousand leaves room
 * for any real one while still stopping a runaway feed.
 */
export const MAX_PAGES = 10_000;

/**
 * A page: items are checked one by one (a bad item is skipped, not the page). A `nextPage` that is not
 * after the page it is on (a page pointing back, or at itself) would be read again and again, and one past
 * `MAX_PAGES` would never end: either makes the page malformed, so paging always moves on and stops.
 */
export const pageSchema = z
  .object({
    items: z.array(z.unknown()),
    page: z.number().int().min(1),
    /** The next page's number, or null on the last page. */
    nextPage: z.number().int().min(2).max(MAX_PAGES).nullable(),
  })
  .refine((page) => page.nextPage === null || page.nextPage > page.page);
